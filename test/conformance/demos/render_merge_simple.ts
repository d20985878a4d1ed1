// Port of Gradio's demo/render_merge_simple: a State counts boxes, gr.render builds them (keyed), and an
// event attached inside the render fn to a button outside it merges their text.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

export default defineDemo({
  name: "render_merge_simple",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    text_count = gr.State(1)
    add_btn = gr.Button("Add Box")
    add_btn.click(lambda x: x + 1, text_count, text_count)

    @gr.render(inputs=text_count)
    def render_count(count):
        boxes = []
        for i in range(count):
            box = gr.Textbox(key=i, label=f"Box {i}")
            boxes.append(box)

        def merge(*args):
            return " ".join(args)

        merge_btn.click(merge, boxes, output)

    merge_btn = gr.Button("Merge")
    output = gr.Textbox(label="Merged Output")
`,
  app: () =>
    new gr.Blocks({}, () => {
      const textCount = new gr.State<number>(1);
      const addBtn = new gr.Button("Add Box");
      addBtn.click({ fn: (x: number) => x + 1, inputs: textCount, outputs: textCount });
      // eslint-disable-next-line prefer-const -- assigned once, below the fn that reads it
      let mergeBtn!: gr.Button;
      // eslint-disable-next-line prefer-const -- assigned once, below the fn that reads it
      let output!: gr.Textbox;
      gr.render({ inputs: textCount }, function render_count(count: number) {
        const boxes = Array.from({ length: count }, (_, i) => new gr.Textbox({ key: i, label: `Box ${i}` }));
        mergeBtn.click({
          inputs: boxes,
          outputs: output,
          fn: function merge(...args: unknown[]) {
            return args.slice(0, boxes.length).join(" ");
          },
        });
      });
      mergeBtn = new gr.Button("Merge");
      output = new gr.Textbox({ label: "Merged Output" });
    }),
  browser: async (page) => {
    await page.getByRole("button", { name: "Add Box" }).click();
    await until(() => page.getByLabel("Box 1").isVisible(), (shown) => shown);
    await page.getByLabel("Box 0").fill("hello");
    await page.getByLabel("Box 1").fill("world");
    await page.getByRole("button", { name: "Merge" }).click();
    return until(() => page.getByLabel("Merged Output").inputValue(), (text) => text !== "");
  },
});
