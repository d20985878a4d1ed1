// Port of Gradio's demo/browser_state_component: an app holding only a BrowserState.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "browser_state_component",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gr.BrowserState()
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.BrowserState();
    }),
});
