// Port of Gradio's demo/blocks_static: components with values and no events.
// The original shows a photo from the web; this port shows a small local picture instead (no network).
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "blocks_static",
  python: `
import gradio as gr

demo = gr.Blocks()

with demo:
    gr.Image("test/conformance/media/portrait.jpg")
    gr.Textbox("hi")
    gr.Number(3)
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.Image({ value: "test/conformance/media/portrait.jpg" });
      new gr.Textbox({ value: "hi" });
      new gr.Number({ value: 3 });
    }),
  browser: async (page) => {
    const picture = page.locator("img[src*='portrait']");
    await picture.waitFor();
    const size = await picture.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
    return { text: await page.getByRole("textbox").inputValue(), number: await page.getByRole("spinbutton").inputValue(), size };
  },
});
