// Port of Gradio's demo/blocks_random_slider: sliders whose initial value is drawn at random on each load.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

export default defineDemo({
  name: "blocks_random_slider",
  knownGap:
    "Slider randomize (Gradio: a callable initial value, recomputed by a load event per page and listed " +
    "as a /get_random_value endpoint) is not in gradio-ts; the port's sliders start at their minimum",
  python: `
import gradio as gr

def func(slider_1, slider_2):
    return slider_1 * 5 + slider_2

with gr.Blocks() as demo:
    slider = gr.Slider(minimum=-10.2, maximum=15, label="Random Slider (Static)", randomize=True)
    slider_1 = gr.Slider(minimum=100, maximum=200, label="Random Slider (Input 1)", randomize=True)
    slider_2 = gr.Slider(minimum=10, maximum=23.2, label="Random Slider (Input 2)", randomize=True)
    slider_3 = gr.Slider(value=3, label="Non random slider")
    btn = gr.Button("Run")
    btn.click(func, inputs=[slider_1, slider_2], outputs=gr.Number())
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.Slider({ minimum: -10.2, maximum: 15, label: "Random Slider (Static)" });
      const slider1 = new gr.Slider({ minimum: 100, maximum: 200, label: "Random Slider (Input 1)" });
      const slider2 = new gr.Slider({ minimum: 10, maximum: 23.2, label: "Random Slider (Input 2)" });
      new gr.Slider({ value: 3, label: "Non random slider" });
      const btn = new gr.Button("Run");
      btn.click({
        inputs: [slider1, slider2],
        outputs: new gr.Number(),
        fn: function func(a: number, b: number) {
          return a * 5 + b;
        },
      });
    }),
  calls: [{ api: "/func", args: [150, 12] }],
  browser: async (page) => {
    await page.getByRole("spinbutton", { name: "Random Slider (Input 1)" }).fill("120");
    await page.getByRole("spinbutton", { name: "Random Slider (Input 2)" }).fill("20");
    await page.getByRole("button", { name: "Run" }).click();
    return until(() => page.getByRole("spinbutton").last().inputValue(), (value) => value === "620");
  },
});
