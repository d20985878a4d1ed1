// Port of Gradio's demo/input_output: one Textbox is both the input and the output of a click.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "input_output",
  python: `
import gradio as gr

def image_mod(text):
    return text[::-1]

with gr.Blocks() as demo:
    text = gr.Textbox(label="Input-Output")
    btn = gr.Button("Run")
    btn.click(image_mod, text, text)
`,
  app: () =>
    new gr.Blocks({}, () => {
      const text = new gr.Textbox({ label: "Input-Output" });
      const btn = new gr.Button("Run");
      btn.click({
        fn: function image_mod(text: string) {
          return [...text].reverse().join("");
        },
        inputs: text,
        outputs: text,
      });
    }),
  calls: [
    { api: "/image_mod", args: ["stressed"] },
    { api: "/image_mod", args: [""] },
  ],
  browser: async (page) => {
    const box = page.getByLabel("Input-Output");
    await box.fill("drawer");
    await page.getByRole("button", { name: "Run" }).click();
    await page.waitForFunction(() => [...document.querySelectorAll("input, textarea")].some((t) => (t as HTMLInputElement).value === "reward"));
    return box.inputValue();
  },
});
