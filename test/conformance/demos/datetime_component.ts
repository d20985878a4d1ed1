// Port of Gradio's demo/datetime_component: a lone DateTime, typed into.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "datetime_component",
  knownGap: "the page shows two textboxes for one DateTime here (Gradio: one), so getByRole(\"textbox\") is ambiguous; not yet looked into",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gr.DateTime()
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.DateTime();
    }),
  browser: async (page) => {
    const box = page.getByRole("textbox");
    await box.fill("2024-05-17 08:30:00");
    await box.press("Enter");
    return box.inputValue();
  },
});
