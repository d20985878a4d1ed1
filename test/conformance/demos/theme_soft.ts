// Port of Gradio's demo/theme_soft: a small form in the Soft theme (repeat a name N times).
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "theme_soft",
  // The suite's host mounts twins without launch(), where Gradio 6 takes its theme; the twin keeps the
  // layout and events, the port asks for the Soft theme as the original does.
  python: `
import gradio as gr

with gr.Blocks() as demo:
    textbox = gr.Textbox(label="Name")
    slider = gr.Slider(label="Count", minimum=0, maximum=100, step=1)
    with gr.Row():
        button = gr.Button("Submit", variant="primary")
        clear = gr.Button("Clear")
    output = gr.Textbox(label="Output")

    def repeat(name, count):
        return name * count

    button.click(repeat, [textbox, slider], output)
`,
  app: () =>
    new gr.Blocks({ theme: "soft" }, () => {
      const textbox = new gr.Textbox({ label: "Name" });
      const slider = new gr.Slider({ label: "Count", minimum: 0, maximum: 100, step: 1 });
      let button!: gr.Button;
      gr.Row(() => {
        button = new gr.Button({ value: "Submit", variant: "primary" });
        new gr.Button("Clear");
      });
      const output = new gr.Textbox({ label: "Output" });
      // The original sleeps 3 s to show the progress animation; the answer is the same without it.
      button.click({ fn: function repeat(name: string, count: number) { return name.repeat(count); }, inputs: [textbox, slider], outputs: [output] });
    }),
  calls: [
    { api: "/repeat", args: ["ab", 3] },
    { api: "/repeat", args: ["x", 0] },
  ],
  browser: async (page) => {
    await page.getByLabel("Name").fill("Ha");
    await page.getByRole("spinbutton").fill("3");
    await page.getByRole("spinbutton").press("Enter");
    await page.getByRole("button", { name: "Submit" }).click();
    await page.waitForFunction(() => [...document.querySelectorAll("textarea")].some((t) => t.value === "HaHaHa"));
    return page.getByLabel("Output").inputValue();
  },
});
