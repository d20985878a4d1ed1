// Port of Gradio's demo/upload_button: an UploadButton for several images/videos, shown in a File.
import path from "node:path";
import * as gr from "gradio-ts";
import { defineDemo, media } from "../demo.js";

export default defineDemo({
  name: "upload_button",
  knownGap: "the unlabelled parameter is named after the component id (value_1 here, value_264 in Gradio); after an upload the File does not show the file names on one page: not yet looked into",
  python: `
import gradio as gr

def upload_file(files):
    file_paths = [file.name for file in files]
    return file_paths

with gr.Blocks() as demo:
    file_output = gr.File()
    upload_button = gr.UploadButton("Click to Upload a File", file_types=["image", "video"], file_count="multiple")
    upload_button.upload(upload_file, upload_button, file_output)
`,
  app: () =>
    new gr.Blocks({}, () => {
      const fileOutput = new gr.File();
      const uploadButton = new gr.UploadButton({ label: "Click to Upload a File", fileTypes: ["image", "video"], fileCount: "multiple" });
      uploadButton.upload({
        fn: function upload_file(files: string | string[]) {
          return files;
        },
        inputs: uploadButton,
        outputs: fileOutput,
      });
    }),
  calls: [{ api: "/upload_file", args: [[media("gradient.png"), media("gradient_flipped.png")]] }],
  browser: async (page) => {
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Click to Upload a File" }).click();
    const dir = path.join(import.meta.dirname, "..", "media");
    await (await chooser).setFiles([path.join(dir, "gradient.png"), path.join(dir, "gradient_flipped.png")]);
    await page.getByText("gradient_flipped.png").first().waitFor();
    return Promise.all(["gradient.png", "gradient_flipped.png"].map((name) => page.getByText(name, { exact: true }).first().isVisible()));
  },
});
