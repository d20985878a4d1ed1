// Port of Gradio's demo/imageslider: an image and its blurred copy side by side in an ImageSlider, and a Slider moving the divide.
import * as gr from "gradio-ts";
import sharp from "sharp";
import { defineDemo, media } from "../demo.js";

// PIL's GaussianBlur(radius=10) is a Gaussian of standard deviation 10; sharp's blur takes the same sigma.
const blur = (image: Buffer) => sharp(image).blur(10).png().toBuffer();

async function img_to_slider(im: Buffer | null) {
  if (!im) return im;
  return [im, await blur(im)] as const;
}

async function slider_to_self(im: gr.ImageSliderValue<"buffer"> | null) {
  if (!im || !im[0]) return im;
  return [im[0], await blur(im[0])] as const;
}

function position_to_slider(pos: number) {
  return gr.update({ sliderPosition: pos });
}

export default defineDemo({
  name: "imageslider",
  python: `
import gradio as gr
from PIL import ImageFilter


def img_to_slider(im):
    if not im:
        return im
    return (im, im.filter(filter=ImageFilter.GaussianBlur(radius=10)))


def slider_to_self(im):
    if not im or not im[0]:
        return im
    return (im[0], im[0].filter(filter=ImageFilter.GaussianBlur(radius=10)))


def slider_to_self_two(im):
    return im


def position_to_slider(pos):
    return gr.ImageSlider(slider_position=pos)


with gr.Blocks() as demo:
    gr.Markdown("## img to image slider")
    with gr.Row():
        img1 = gr.Image(label="Blur image", type="pil")
        img2 = gr.ImageSlider(label="Blur image", type="pil")
    btn = gr.Button("Blur image")
    btn.click(img_to_slider, inputs=img1, outputs=img2)
    gr.Markdown("## unified image slider")
    with gr.Row():
        img3 = gr.ImageSlider(label="Blur image", type="pil")
        img3.upload(slider_to_self, inputs=img3, outputs=img3)
    pos = gr.Slider(label="Position", value=50, minimum=0, maximum=100, step=0.01)
    pos.change(position_to_slider, inputs=pos, outputs=img3, show_progress="hidden")
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.Markdown("## img to image slider");
      let img1!: gr.Image<"buffer">;
      let img2!: gr.ImageSlider<"buffer">;
      gr.Row(() => {
        img1 = new gr.Image({ label: "Blur image", type: "buffer" });
        img2 = new gr.ImageSlider({ label: "Blur image", type: "buffer" });
      });
      const btn = new gr.Button("Blur image");
      btn.click({ fn: img_to_slider, inputs: img1, outputs: img2 });
      new gr.Markdown("## unified image slider");
      let img3!: gr.ImageSlider<"buffer">;
      gr.Row(() => {
        img3 = new gr.ImageSlider({ label: "Blur image", type: "buffer" });
        img3.upload({ fn: slider_to_self, inputs: img3, outputs: img3 });
      });
      const pos = new gr.Slider({ label: "Position", value: 50, minimum: 0, maximum: 100, step: 0.01 });
      pos.change({ fn: position_to_slider, inputs: pos, outputs: img3, showProgress: "hidden" });
    }),
  calls: [
    {
      api: "/img_to_slider",
      args: [media("square.png")],
      // Both sides are lossy WebP and the blurs are two implementations: only the pictures' sizes compare.
      normalize: (answer) => (answer as { image?: unknown }[] | null)?.map((side) => side?.image),
    },
    {
      api: "/slider_to_self",
      args: [[media("gradient.png"), null]],
      normalize: (answer) => (answer as { image?: unknown }[] | null)?.map((side) => side?.image),
    },
    { api: "/position_to_slider", args: [25] },
  ],
});
