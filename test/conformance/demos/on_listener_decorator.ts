// Port of Gradio's demo/on_listener_decorator: gr.on used as a decorator, two triggers for one fn.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

export default defineDemo({
  name: "on_listener_decorator",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    name = gr.Textbox(label="Name")
    output = gr.Textbox(label="Output Box")
    greet_btn = gr.Button("Greet")

    @gr.on(triggers=[name.submit, greet_btn.click], inputs=name, outputs=output)
    def greet(name):
        return "Hello " + name + "!"
`,
  app: () =>
    new gr.Blocks({}, () => {
      const name = new gr.Textbox({ label: "Name" });
      const output = new gr.Textbox({ label: "Output Box" });
      const greetBtn = new gr.Button("Greet");
      gr.on([[name, "submit"], [greetBtn, "click"]], {
        inputs: name,
        outputs: output,
        fn: function greet(name: string) {
          return `Hello ${name}!`;
        },
      });
    }),
  calls: [{ api: "/greet", args: ["On"] }],
  browser: async (page) => {
    // The submit trigger: Enter in the textbox.
    await page.getByLabel("Name").fill("Ada");
    await page.getByLabel("Name").press("Enter");
    return until(() => page.getByLabel("Output Box").inputValue(), (text) => text !== "");
  },
});
