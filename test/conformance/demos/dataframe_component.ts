// Port of Gradio's demo/dataframe_component: one empty, editable Dataframe.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "dataframe_component",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gr.Dataframe(interactive=True)
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.Dataframe({ interactive: true });
    }),
  browser: async (page) => {
    const headers = page.getByRole("columnheader");
    await headers.first().waitFor();
    return (await headers.allInnerTexts()).map((text) => text.trim()).filter(Boolean);
  },
});
