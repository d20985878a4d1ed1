// Port of Gradio's demo/audio_component: one Audio input on its own.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "audio_component",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gr.Audio()
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.Audio();
    }),
  browser: async (page) => {
    const label = page.getByText("Audio", { exact: true }).first();
    await label.waitFor();
    return label.isVisible();
  },
});
