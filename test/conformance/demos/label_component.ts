// Port of Gradio's demo/label_component: a Label showing three confidences.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "label_component",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gr.Label(value={"First Label": 0.7, "Second Label": 0.2, "Third Label": 0.1})
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.Label({ value: { "First Label": 0.7, "Second Label": 0.2, "Third Label": 0.1 } });
    }),
  browser: async (page) => {
    const shown = ["First Label", "Second Label", "Third Label", "70%", "20%", "10%"];
    await page.getByText("Third Label").first().waitFor();
    return Promise.all(shown.map((text) => page.getByText(text, { exact: true }).first().isVisible()));
  },
});
