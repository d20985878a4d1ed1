// Port of Gradio's demo/variable_outputs: a slider shows or hides a fixed list of textboxes.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

const MAX_TEXTBOXES = 10;

export default defineDemo({
  name: "variable_outputs",
  python: `
import gradio as gr

max_textboxes = 10

def variable_outputs(k):
    k = int(k)
    return [gr.Textbox(visible=True)]*k + [gr.Textbox(visible=False)]*(max_textboxes-k)

with gr.Blocks() as demo:
    s = gr.Slider(1, max_textboxes, value=max_textboxes, step=1, label="How many textboxes to show:")
    textboxes = []
    for i in range(max_textboxes):
        t = gr.Textbox(f"Textbox {i}")
        textboxes.append(t)

    s.change(variable_outputs, s, textboxes)
`,
  app: () =>
    new gr.Blocks({}, () => {
      const s = new gr.Slider({ minimum: 1, maximum: MAX_TEXTBOXES, value: MAX_TEXTBOXES, step: 1, label: "How many textboxes to show:" });
      const textboxes = Array.from({ length: MAX_TEXTBOXES }, (_, i) => new gr.Textbox({ value: `Textbox ${i}` }));
      s.change({
        inputs: s,
        outputs: textboxes,
        fn: function variable_outputs(k: number) {
          return textboxes.map((_, i) => gr.update({ visible: i < Math.trunc(k) }));
        },
      });
    }),
  calls: [{ api: "/variable_outputs", args: [3] }],
  browser: async (page) => {
    await page.getByRole("spinbutton", { name: "How many textboxes to show:" }).fill("3");
    await page.getByRole("spinbutton", { name: "How many textboxes to show:" }).press("Enter");
    const visible = () => page.locator("textarea:visible").evaluateAll((areas) => areas.map((a) => (a as HTMLTextAreaElement).value));
    return until(visible, (values) => values.length === 3);
  },
});
