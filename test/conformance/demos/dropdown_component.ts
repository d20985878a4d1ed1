// Port of Gradio's demo/dropdown_component: a lone Dropdown, a choice picked.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { choose, dropdownControl } from "../widgets.js";

export default defineDemo({
  name: "dropdown_component",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gr.Dropdown(choices=["First Choice", "Second Choice", "Third Choice"])
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.Dropdown({ choices: ["First Choice", "Second Choice", "Third Choice"] });
    }),
  browser: async (page) => {
    await choose(page, dropdownControl(page), "Second Choice");
    return page.getByText("Second Choice").first().isVisible();
  },
});
