// Port of Gradio's demo/number_component: a lone Number, typed into.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "number_component",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gr.Number()
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.Number();
    }),
  browser: async (page) => {
    const number = page.getByRole("spinbutton");
    await number.fill("42.5");
    await number.press("Tab");
    return number.inputValue();
  },
});
