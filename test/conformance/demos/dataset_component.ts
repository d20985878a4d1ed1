// Port of Gradio's demo/dataset_component: a Dataset of text samples for a hidden Textbox.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

const SAMPLES = [
  "The quick brown fox jumps over the lazy dog",
  "Build & share delightful machine learning apps",
  "She sells seashells by the seashore",
  "Supercalifragilisticexpialidocious",
  "Lorem ipsum",
  "That's all folks!",
];

export default defineDemo({
  name: "dataset_component",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gr.Dataset(
        components=[gr.Textbox(visible=False)],
        label="Text Dataset",
        samples=[
            ["The quick brown fox jumps over the lazy dog"],
            ["Build & share delightful machine learning apps"],
            ["She sells seashells by the seashore"],
            ["Supercalifragilisticexpialidocious"],
            ["Lorem ipsum"],
            ["That's all folks!"],
        ],
    )
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.Dataset({
        components: [new gr.Textbox({ visible: false })],
        label: "Text Dataset",
        samples: SAMPLES.map((text) => [text]),
      });
    }),
  browser: async (page) => {
    await page.getByText("Text Dataset").first().waitFor();
    return Promise.all(SAMPLES.map((text) => page.getByText(text, { exact: true }).isVisible()));
  },
});
