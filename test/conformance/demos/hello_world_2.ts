// Port of Gradio's demo/hello_world_2: an Interface with a slider input and a labelled multi-line output.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "hello_world_2",
  python: `
import gradio as gr

def greet(name, intensity):
    return "Hello, " + name + "!" * intensity

demo = gr.Interface(
    fn=greet,
    inputs=["text", gr.Slider(value=2, minimum=1, maximum=10, step=1)],
    outputs=[gr.Textbox(label="greeting", lines=3)],
    api_name="predict",
)
`,
  app: () =>
    new gr.Interface({
      fn: function greet(name: string, intensity: number) {
        return `Hello, ${name}${"!".repeat(intensity)}`;
      },
      inputs: ["text", new gr.Slider({ value: 2, minimum: 1, maximum: 10, step: 1 })],
      outputs: [new gr.Textbox({ label: "greeting", lines: 3 })],
      apiName: "predict",
    }),
  calls: [
    { api: "/predict", args: ["World", 3] },
    { api: "/predict", args: ["Ada", 1] },
  ],
  browser: async (page) => {
    await page.getByLabel("name").fill("Ada");
    await page.getByRole("button", { name: "Submit" }).click();
    await page.waitForFunction(() => [...document.querySelectorAll("input, textarea")].some((t) => (t as HTMLInputElement).value.startsWith("Hello")));
    return page.getByLabel("greeting").inputValue();
  },
});
