// Port of Gradio's demo/gallery_component: a Gallery of captioned images in four columns.
import path from "node:path";
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

// The original mixes web images, a video and Gradio's sample media; both sides here show files of the
// suite's media folder (no network, no video encoder in the test environment).
const MEDIA = path.join(import.meta.dirname, "..", "media");
const ITEMS: [string, string][] = [
  [path.join(MEDIA, "cheetah.png"), "cheetah1"],
  [path.join(MEDIA, "lion.png"), "lion"],
  [path.join(MEDIA, "square.png"), "square"],
];

export default defineDemo({
  name: "gallery_component",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gallery_items = [tuple(item) for item in ${JSON.stringify(ITEMS)}]
    gr.Gallery(value=gallery_items, columns=4)
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.Gallery({ value: ITEMS, columns: 4 });
    }),
  browser: async (page) => {
    await page.waitForFunction(() => document.querySelectorAll("main img").length >= 3);
    return page.locator("main img").count();
  },
});
