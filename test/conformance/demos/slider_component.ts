// Port of Gradio's demo/slider_component: a lone Slider, set through its number box.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "slider_component",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gr.Slider()
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.Slider();
    }),
  browser: async (page) => {
    const number = page.getByRole("spinbutton");
    const initial = await number.inputValue();
    await number.fill("37");
    await number.press("Enter");
    const range = page.getByRole("slider");
    await page.waitForFunction(() => (document.querySelector("input[type=range]") as HTMLInputElement | null)?.value === "37");
    return [initial, await range.inputValue()];
  },
});
