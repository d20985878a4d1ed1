// Port of Gradio's demo/checkbox_component: a lone Checkbox, checked by a click.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "checkbox_component",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gr.Checkbox()
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.Checkbox();
    }),
  browser: async (page) => {
    const box = page.getByRole("checkbox");
    await box.check();
    return box.isChecked();
  },
});
