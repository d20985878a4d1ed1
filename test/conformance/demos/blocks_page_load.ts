// Port of Gradio's demo/blocks_page_load: demo.load runs a fn when the page opens.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

export default defineDemo({
  name: "blocks_page_load",
  python: `
import gradio as gr

def print_message(n):
    return "Welcome! This page has loaded for " + n

with gr.Blocks() as demo:
    t = gr.Textbox("Frank", label="Name")
    t2 = gr.Textbox(label="Output")
    demo.load(print_message, t, t2)
`,
  app: () =>
    new gr.Blocks({}, (demo) => {
      const t = new gr.Textbox({ value: "Frank", label: "Name" });
      const t2 = new gr.Textbox({ label: "Output" });
      demo.load({
        inputs: t,
        outputs: t2,
        fn: function print_message(n: string) {
          return `Welcome! This page has loaded for ${n}`;
        },
      });
    }),
  calls: [{ api: "/print_message", args: ["Ada"] }],
  browser: async (page) => until(() => page.getByLabel("Output").inputValue(), (text) => text !== ""),
});
