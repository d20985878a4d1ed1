// Port of Gradio's demo/sepia_filter: an image in as pixels, a sepia-toned image out.
import * as gr from "gradio-ts";
import { defineDemo, media } from "../demo.js";

const SEPIA = [
  [0.393, 0.769, 0.189],
  [0.349, 0.686, 0.168],
  [0.272, 0.534, 0.131],
] as const;

function sepia(input_img: Required<gr.ImagePixels>): gr.ImagePixels {
  const { width, height, channels, data } = input_img;
  const toned = new Float64Array(width * height * 3);
  for (let pixel = 0; pixel < width * height; pixel++) {
    const [r, g, b] = [data[pixel * channels]!, data[pixel * channels + 1]!, data[pixel * channels + 2]!];
    SEPIA.forEach(([wr, wg, wb], c) => (toned[pixel * 3 + c] = r * wr + g * wg + b * wb));
  }
  // As the original: scaled so the brightest value is 1, then to 8 bits the way Gradio converts floats.
  const max = toned.reduce((a, b) => Math.max(a, b), 0) || 1;
  return { width, height, channels: 3, data: Uint8Array.from(toned, (value) => Math.round((value / max) * 255)) };
}

export default defineDemo({
  name: "sepia_filter",
  python: `
import numpy as np
import gradio as gr

def sepia(input_img):
    sepia_filter = np.array([
        [0.393, 0.769, 0.189],
        [0.349, 0.686, 0.168],
        [0.272, 0.534, 0.131],
    ])
    sepia_img = input_img.dot(sepia_filter.T)
    sepia_img /= sepia_img.max()
    return sepia_img

demo = gr.Interface(sepia, gr.Image(), "image", api_name="predict")
`,
  app: () => new gr.Interface({ fn: sepia, inputs: new gr.Image({ type: "pixels" }), outputs: "image", apiName: "predict" }),
  calls: [
    {
      api: "/predict",
      args: [media("gradient.png")],
      // Gradio encodes its output as lossy WebP by default, so only the picture's size is comparable.
      normalize: (answer) => (answer as { image?: unknown }).image,
    },
  ],
});
