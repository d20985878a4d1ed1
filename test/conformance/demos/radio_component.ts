// Port of Gradio's demo/radio_component: a lone Radio, one choice picked.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "radio_component",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gr.Radio(choices=["First Choice", "Second Choice", "Third Choice"])
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.Radio({ choices: ["First Choice", "Second Choice", "Third Choice"] });
    }),
  browser: async (page) => {
    await page.getByRole("radio", { name: "Third Choice" }).check();
    const names = ["First Choice", "Second Choice", "Third Choice"];
    return Promise.all(names.map((name) => page.getByRole("radio", { name }).isChecked()));
  },
});
