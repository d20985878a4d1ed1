// Port of Gradio's demo/colorpicker_component: a lone ColorPicker.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "colorpicker_component",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gr.ColorPicker()
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.ColorPicker();
    }),
  browser: async (page) => {
    // Gradio shows the colour as a button opening its picker; the visible result is the default colour.
    return page.getByText("#000000").first().isVisible();
  },
});
