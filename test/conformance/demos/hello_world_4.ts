// Port of Gradio's demo/hello_world_4: an Interface with the "text" and "slider" shortcuts.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "hello_world_4",
  python: `
import gradio as gr

def greet(name, intensity):
    return "Hello, " + name + "!" * int(intensity)

demo = gr.Interface(fn=greet, inputs=["text", "slider"], outputs=["text"], api_name="predict")
`,
  app: () =>
    new gr.Interface({
      fn: function greet(name: string, intensity: number) {
        return `Hello, ${name}${"!".repeat(Math.trunc(intensity))}`;
      },
      inputs: ["text", "slider"],
      outputs: ["text"],
      apiName: "predict",
    }),
  calls: [
    { api: "/predict", args: ["World", 4] },
    { api: "/predict", args: ["Ada", 0] },
  ],
  browser: async (page) => {
    await page.getByLabel("name").fill("Ada");
    await page.getByRole("button", { name: "Submit" }).click();
    await page.waitForFunction(() => [...document.querySelectorAll("input, textarea")].some((t) => (t as HTMLInputElement).value.startsWith("Hello")));
    return page.getByLabel("output").inputValue();
  },
});
