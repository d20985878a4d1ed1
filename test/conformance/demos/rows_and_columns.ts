// Port of Gradio's demo/rows_and_columns: rows, and columns of different scales side by side.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "rows_and_columns",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    with gr.Row():
        text1 = gr.Textbox(label="t1")
        slider2 = gr.Textbox(label="s2")
        drop3 = gr.Dropdown(["a", "b", "c"], label="d3")
    with gr.Row():
        with gr.Column(scale=1, min_width=300):
            text1 = gr.Textbox(label="prompt 1")
            text2 = gr.Textbox(label="prompt 2")
            inbtw = gr.Button("Between")
            text4 = gr.Textbox(label="prompt 1")
            text5 = gr.Textbox(label="prompt 2")
        with gr.Column(scale=2, min_width=300):
            img1 = gr.Image("test/conformance/media/cheetah.jpg")
            btn = gr.Button("Go")
`,
  app: () =>
    new gr.Blocks({}, () => {
      gr.Row(() => {
        new gr.Textbox({ label: "t1" });
        new gr.Textbox({ label: "s2" });
        new gr.Dropdown({ choices: ["a", "b", "c"], label: "d3" });
      });
      gr.Row(() => {
        gr.Column({ scale: 1, minWidth: 300 }, () => {
          new gr.Textbox({ label: "prompt 1" });
          new gr.Textbox({ label: "prompt 2" });
          new gr.Button("Between");
          new gr.Textbox({ label: "prompt 1" });
          new gr.Textbox({ label: "prompt 2" });
        });
        gr.Column({ scale: 2, minWidth: 300 }, () => {
          new gr.Image({ value: "test/conformance/media/cheetah.jpg" });
          new gr.Button("Go");
        });
      });
    }),
  browser: async (page) => {
    // What the layout shows: the first row side by side, the second column right of and wider than the first.
    const box = async (name: string) => (await page.getByRole("button", { name, exact: true }).boundingBox())!;
    await page.getByRole("button", { name: "Go" }).waitFor();
    const [between, go] = [await box("Between"), await box("Go")];
    const t1 = (await page.getByLabel("t1").boundingBox())!;
    const s2 = (await page.getByLabel("s2").boundingBox())!;
    return { firstRowSideBySide: s2.x > t1.x && Math.abs(s2.y - t1.y) < 5, goRightOfBetween: go.x > between.x, goWider: go.width > between.width * 1.5 };
  },
});
