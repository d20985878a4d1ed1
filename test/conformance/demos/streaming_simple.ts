// Port of Gradio's demo/streaming_simple: webcam frames streamed through a fn into an output image.
// Headless Chromium has no camera, so the suite compares the app's shape only (no call, no browser step).
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "streaming_simple",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    with gr.Row():
        with gr.Column():
            input_img = gr.Image(label="Input", sources="webcam")
        with gr.Column():
            output_img = gr.Image(label="Output")
        input_img.stream(lambda s: s, input_img, output_img, time_limit=15, stream_every=0.1, concurrency_limit=30)
`,
  app: () =>
    new gr.Blocks({}, () => {
      gr.Row(() => {
        let inputImg!: gr.Image, outputImg!: gr.Image;
        gr.Column(() => {
          inputImg = new gr.Image({ label: "Input", sources: ["webcam"] });
        });
        gr.Column(() => {
          outputImg = new gr.Image({ label: "Output" });
        });
        inputImg.stream({ fn: (s: string | null) => s, inputs: inputImg, outputs: outputImg, timeLimit: 15, streamEvery: 0.1, concurrencyLimit: 30 });
      });
    }),
});
