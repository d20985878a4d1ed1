// Port of Gradio's demo/examples_component: gr.Examples of images filling an Image input; a button flips it.
import path from "node:path";
import sharp from "sharp";
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

// The original's examples are Gradio's sample photos; both sides here use small pictures of the suite's media folder.
const MEDIA = path.join(import.meta.dirname, "..", "media");
const EXAMPLES = ["cheetah.png", "lion.png"].map((name) => path.join(MEDIA, name));

export default defineDemo({
  name: "examples_component",
  python: `
import gradio as gr

def flip(i):
    return i.rotate(180)

with gr.Blocks() as demo:
    with gr.Row():
        with gr.Column():
            img_i = gr.Image(label="Input Image", type="pil")
        with gr.Column():
            img_o = gr.Image(label="Output Image")
    with gr.Row():
        btn = gr.Button(value="Flip Image")
    btn.click(flip, inputs=[img_i], outputs=[img_o])

    gr.Examples(${JSON.stringify(EXAMPLES)}, img_i, img_o, flip)
`,
  app: () =>
    new gr.Blocks({}, () => {
      let input!: gr.Image, output!: gr.Image;
      gr.Row(() => {
        gr.Column(() => {
          input = new gr.Image({ label: "Input Image" });
        });
        gr.Column(() => {
          output = new gr.Image({ label: "Output Image" });
        });
      });
      let button!: gr.Button;
      gr.Row(() => {
        button = new gr.Button({ value: "Flip Image" });
      });
      const flip = async function flip(i: string) {
        return sharp(i).rotate(180).png().toBuffer();
      };
      button.click({ fn: flip, inputs: [input], outputs: [output] });
      new gr.Examples({ examples: EXAMPLES, inputs: [input], outputs: [output], fn: flip });
    }),
  // Gradio sends the flipped picture as lossy WebP: only its size is the same on both sides.
  calls: [{ api: "/flip", args: [{ $file: "cheetah.png" }], normalize: (answer) => (answer as { image?: unknown }).image }],
  browser: async (page) => {
    await page.getByRole("button", { name: "Flip Image" }).waitFor();
    await page.locator("main img").first().waitFor();
    return (await page.locator("main img").count()) >= 2;
  },
});
