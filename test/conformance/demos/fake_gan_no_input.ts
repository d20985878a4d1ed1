// Port of Gradio's demo/fake_gan_no_input: an Interface without inputs whose button fills a Gallery.
import path from "node:path";
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

// The original returns three photos from the web; both sides here return files of the suite's media folder.
const MEDIA = path.join(import.meta.dirname, "..", "media");
const IMAGES = ["cheetah.png", "lion.png", "square.png"].map((name) => path.join(MEDIA, name));

export default defineDemo({
  name: "fake_gan_no_input",
  python: `
import gradio as gr

IMAGES = ${JSON.stringify(IMAGES)}

def fake_gan():
    return IMAGES

demo = gr.Interface(
    fn=fake_gan,
    inputs=None,
    outputs=gr.Gallery(label="Generated Images", columns=2),
    title="FD-GAN",
    description="This is a fake demo of a GAN. In reality, the images are randomly chosen from Unsplash.",
    api_name="predict",
)
`,
  app: () =>
    new gr.Interface({
      fn: function fakeGan() {
        return IMAGES;
      },
      inputs: null,
      outputs: new gr.Gallery({ label: "Generated Images", columns: 2 }),
      title: "FD-GAN",
      description: "This is a fake demo of a GAN. In reality, the images are randomly chosen from Unsplash.",
      apiName: "predict",
    }),
  calls: [{ api: "/predict", args: [] }],
  knownGap: "an output-only Interface's button reads 'Generate' in Gradio, 'Submit' here",
  browser: async (page) => {
    await page.getByRole("heading", { name: "FD-GAN" }).waitFor();
    await page.getByRole("button", { name: "Generate" }).click();
    await page.waitForFunction(() => document.querySelectorAll("main img").length >= 3);
    return page.locator("main img").count();
  },
});
