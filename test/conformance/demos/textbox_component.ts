// Port of Gradio's demo/textbox_component: a lone Textbox, typed into.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "textbox_component",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gr.Textbox()
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.Textbox();
    }),
  browser: async (page) => {
    const box = page.getByRole("textbox");
    await box.fill("Hello there");
    return box.inputValue();
  },
});
