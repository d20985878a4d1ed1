// Port of Gradio's demo/dropdown_component: a lone Dropdown, a choice picked.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { dropdownControl, shownChoice } from "../widgets.js";

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
    // Gradio leaves a lone Dropdown that starts with a value (its first choice) read-only: it shows it.
    const control = dropdownControl(page);
    await control.waitFor();
    return [await shownChoice(control), await control.isEditable()];
  },
});
