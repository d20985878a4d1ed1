// Port of Gradio's demo/on_listener_live: gr.on without triggers runs on a change of any input.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

export default defineDemo({
  name: "on_listener_live",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    with gr.Row():
        num1 = gr.Slider(1, 10)
        num2 = gr.Slider(1, 10)
        num3 = gr.Slider(1, 10)
    output = gr.Number(label="Sum")

    @gr.on(inputs=[num1, num2, num3], outputs=output)
    def sum(a, b, c):
        return a + b + c
`,
  app: () =>
    new gr.Blocks({}, () => {
      let num1!: gr.Slider, num2!: gr.Slider, num3!: gr.Slider;
      gr.Row(() => {
        num1 = new gr.Slider({ minimum: 1, maximum: 10 });
        num2 = new gr.Slider({ minimum: 1, maximum: 10 });
        num3 = new gr.Slider({ minimum: 1, maximum: 10 });
      });
      const output = new gr.Number({ label: "Sum" });
      // Gradio's gr.on(triggers=None) listens to the change of every input; here they are spelled out.
      gr.on([[num1, "change"], [num2, "change"], [num3, "change"]], {
        inputs: [num1, num2, num3],
        outputs: output,
        fn: function sum(a: number, b: number, c: number) {
          return a + b + c;
        },
      });
    }),
  calls: [{ api: "/sum", args: [1, 2, 3.5] }],
  browser: async (page) => {
    await page.getByRole("slider").first().fill("7");
    return until(() => page.getByLabel("Sum").inputValue(), (value) => value === "9");
  },
});
