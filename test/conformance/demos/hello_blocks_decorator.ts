// Port of Gradio's demo/hello_blocks_decorator: the endpoint takes the name of the decorated fn.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

export default defineDemo({
  name: "hello_blocks_decorator",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    name = gr.Textbox(label="Name")
    output = gr.Textbox(label="Output Box")
    greet_btn = gr.Button("Greet")

    @greet_btn.click(inputs=name, outputs=output)
    def greet(name):
        return "Hello " + name + "!"
`,
  app: () =>
    new gr.Blocks({}, () => {
      const name = new gr.Textbox({ label: "Name" });
      const output = new gr.Textbox({ label: "Output Box" });
      const greetBtn = new gr.Button("Greet");
      // A named function is TypeScript's decorator here: the endpoint is called after it.
      greetBtn.click({
        inputs: name,
        outputs: output,
        fn: function greet(name: string) {
          return `Hello ${name}!`;
        },
      });
    }),
  calls: [{ api: "/greet", args: ["Decorator"] }],
  browser: async (page) => {
    await page.getByLabel("Name").fill("Grace");
    await page.getByRole("button", { name: "Greet" }).click();
    return until(() => page.getByLabel("Output Box").inputValue(), (text) => text !== "");
  },
});
