// Port of Gradio's demo/checkboxgroup_component: a lone CheckboxGroup, two choices ticked.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "checkboxgroup_component",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gr.CheckboxGroup(choices=["First Choice", "Second Choice", "Third Choice"])
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.CheckboxGroup({ choices: ["First Choice", "Second Choice", "Third Choice"] });
    }),
  browser: async (page) => {
    await page.getByRole("checkbox", { name: "Second Choice" }).check();
    await page.getByRole("checkbox", { name: "Third Choice" }).check();
    const names = ["First Choice", "Second Choice", "Third Choice"];
    return Promise.all(names.map((name) => page.getByRole("checkbox", { name }).isChecked()));
  },
});
