// Port of Gradio's demo/simple_state: a State cart, and a listener on the State's change.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

export default defineDemo({
  name: "simple_state",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    cart = gr.State([])
    items_to_add = gr.CheckboxGroup(["Cereal", "Milk", "Orange Juice", "Water"])

    def add_items(new_items, previous_cart):
        cart = previous_cart + new_items
        return cart

    gr.Button("Add Items").click(add_items, [items_to_add, cart], cart)

    cart_size = gr.Number(label="Cart Size")
    cart.change(lambda cart: len(cart), cart, cart_size)
`,
  app: () =>
    new gr.Blocks({}, () => {
      const cart = new gr.State<(string | number)[]>({ value: [] });
      const itemsToAdd = new gr.CheckboxGroup({ choices: ["Cereal", "Milk", "Orange Juice", "Water"] });
      new gr.Button("Add Items").click({
        inputs: [itemsToAdd, cart],
        outputs: cart,
        fn: function add_items(new_items: (string | number)[], previous_cart: (string | number)[] | null) {
          return [...(previous_cart ?? []), ...new_items];
        },
      });
      const cartSize = new gr.Number({ label: "Cart Size" });
      cart.change({ inputs: cart, outputs: cartSize, fn: (items: unknown[] | null) => (items ?? []).length });
    }),
  calls: [{ api: "/add_items", args: [["Milk", "Water"]] }],
  browser: async (page) => {
    await page.getByLabel("Milk").check();
    await page.getByLabel("Water").check();
    const add = page.getByRole("button", { name: "Add Items" });
    await add.click();
    await until(() => page.getByLabel("Cart Size").inputValue(), (value) => value === "2");
    await add.click();
    return until(() => page.getByLabel("Cart Size").inputValue(), (value) => value === "4");
  },
});
