// Port of Gradio's demo/hello_blocks: a button wired to a fn, with an explicit api name.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

export default defineDemo({
  name: "hello_blocks",
  python: `
import gradio as gr

def greet(name):
    return "Hello " + name + "!"

with gr.Blocks() as demo:
    name = gr.Textbox(label="Name")
    output = gr.Textbox(label="Output Box")
    greet_btn = gr.Button("Greet")
    greet_btn.click(fn=greet, inputs=name, outputs=output, api_name="greet")
`,
  app: () =>
    new gr.Blocks({}, () => {
      const name = new gr.Textbox({ label: "Name" });
      const output = new gr.Textbox({ label: "Output Box" });
      const greetBtn = new gr.Button("Greet");
      greetBtn.click({ fn: (name: string) => `Hello ${name}!`, inputs: name, outputs: output, apiName: "greet" });
    }),
  calls: [{ api: "/greet", args: ["World"] }],
  browser: async (page) => {
    await page.getByLabel("Name").fill("Ada");
    await page.getByRole("button", { name: "Greet" }).click();
    return until(() => page.getByLabel("Output Box").inputValue(), (text) => text !== "");
  },
});
