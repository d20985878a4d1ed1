// Port of Gradio's demo/state_component: an app holding only a State (nothing visible, no endpoints).
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "state_component",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gr.State()
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.State();
    }),
});
