// Port of Gradio's demo/pending_inputs: each file-taking input (File, Image, Audio, Video, Model3D, Gallery, ImageSlider, MultimodalTextbox) with a button sending its file to a File.
import * as gr from "gradio-ts";
import { defineDemo, media } from "../demo.js";

/** One row: the input in a column with its button, a File output in the other. */
function pending(input: () => gr.Component, fn: (value: never) => unknown, output = () => new gr.File()) {
  gr.Row(() => {
    let source!: gr.Component;
    let btn!: gr.Button;
    gr.Column(() => {
      source = input();
      btn = new gr.Button("Upload");
    });
    gr.Column(() => {
      const out = output();
      btn.click({ fn: fn as (value: unknown) => unknown, inputs: source, outputs: out });
    });
  });
}

export default defineDemo({
  name: "pending_inputs",
  python: `
import gradio as gr


with gr.Blocks() as demo:
    gr.Markdown("# Pending Input Components")
    with gr.Row():
        with gr.Column():
            file = gr.File()
            btn = gr.Button("Upload")
        with gr.Column():
            output_file = gr.File()
            btn.click(
                lambda s: (s),
                file,
                output_file,
            )
    with gr.Row():
        with gr.Column():
            img = gr.Image(type="filepath")
            btn_2 = gr.Button("Upload")
        with gr.Column():
            output_file_2 = gr.File()
            btn_2.click(
                lambda s: (s),
                img,
                output_file_2,
            )
    with gr.Row():
        with gr.Column():
            audio = gr.Audio(type="filepath")
            btn_3 = gr.Button("Upload")
        with gr.Column():
            output_file_3 = gr.File()
            btn_3.click(
                lambda s: (s),
                audio,
                output_file_3,
            )
    with gr.Row():
        with gr.Column():
            video = gr.Video()
            btn_3 = gr.Button("Upload")
        with gr.Column():
            output_file_4 = gr.File()
            btn_3.click(
                lambda s: (s),
                video,
                output_file_4,
            )
    with gr.Row():
        with gr.Column():
            model3d = gr.Model3D()
            btn_4 = gr.Button("Upload")
        with gr.Column():
            output_file_4 = gr.File()
            btn_4.click(
                lambda s: (s),
                model3d,
                output_file_4,
            )

    with gr.Row():
        with gr.Column():
            gallery = gr.Gallery()
            btn_5 = gr.Button("Upload")
        with gr.Column():
            output_file_5 = gr.File(file_count="multiple")
            btn_5.click(
                lambda s: [x[0] for x in s],
                gallery,
                output_file_5,
            )
    with gr.Row():
        with gr.Column():
            imageslider = gr.ImageSlider(type="filepath")
            btn_7 = gr.Button("Upload")
        with gr.Column():
            output_file_7 = gr.File()
            btn_7.click(
                lambda s: s[0],
                imageslider,
                output_file_7,
            )
    with gr.Row():
        with gr.Column():
            text = gr.MultimodalTextbox()
            btn_8 = gr.Button("Upload")
        with gr.Column():
            output_file_8 = gr.File()
            btn_8.click(
                lambda s: s["files"],
                text,
                output_file_8,
            )
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.Markdown("# Pending Input Components");
      pending(() => new gr.File(), (s: never) => s);
      pending(() => new gr.Image({ type: "filepath" }), (s: never) => s);
      pending(() => new gr.Audio({ type: "filepath" }), (s: never) => s);
      pending(() => new gr.Video(), (s: never) => s);
      pending(() => new gr.Model3D(), (s: never) => s);
      pending(
        () => new gr.Gallery(),
        (s: [string, string | null][]) => s.map((x) => x[0]),
        () => new gr.File({ fileCount: "multiple" }),
      );
      pending(() => new gr.ImageSlider({ type: "filepath" }), (s: gr.ImageSliderValue) => s[0]);
      pending(() => new gr.MultimodalTextbox(), (s: { files: string[] }) => s.files);
    }),
  calls: [{ api: "/lambda_6", args: [[media("square.png"), media("gradient.png")]] }],
  knownGap:
    "API info: Gradio 6 types a Video input as filepath (ours: dict(video, subtitles)) and gives Gallery and " +
    "MultimodalTextbox inputs their empty values as defaults (ours: required)",
});
