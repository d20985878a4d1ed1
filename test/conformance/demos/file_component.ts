// Port of Gradio's demo/file_component: a lone File, a file uploaded into it.
import * as gr from "gradio-ts";
import path from "node:path";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "file_component",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gr.File()
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.File();
    }),
  browser: async (page) => {
    await page.locator("input[type=file]").setInputFiles(path.join(import.meta.dirname, "..", "media", "notes.txt"));
    const name = page.getByText("notes.txt").first();
    await name.waitFor();
    return name.isVisible();
  },
});
