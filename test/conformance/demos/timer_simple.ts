// Port of Gradio's demo/timer_simple: a Timer's tick fills a number; buttons start, stop and speed it up.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

export default defineDemo({
  name: "timer_simple",
  knownGap:
    "callable initial values: Gradio's gr.Number(value=fn, every=timer) recomputes the value on load and " +
    "on each tick (a load event with its own endpoint); gradio-ts has no callable values, so the port " +
    "spells the same as a tick event",
  python: `
import gradio as gr
import random
import time

with gr.Blocks() as demo:
  timer = gr.Timer(1)
  timestamp = gr.Number(label="Time")
  timer.tick(lambda: round(time.time()), outputs=timestamp, api_name="timestamp")

  number = gr.Number(lambda: random.randint(1, 10), every=timer, label="Random Number")
  with gr.Row():
    gr.Button("Start").click(lambda: gr.Timer(active=True), None, timer)
    gr.Button("Stop").click(lambda: gr.Timer(active=False), None, timer)
    gr.Button("Go Fast").click(lambda: 0.2, None, timer)
`,
  app: () =>
    new gr.Blocks({}, () => {
      const timer = new gr.Timer(1);
      const timestamp = new gr.Number({ label: "Time" });
      timer.tick({ fn: () => Math.round(Date.now() / 1000), outputs: timestamp, apiName: "timestamp" });
      const number = new gr.Number({ label: "Random Number" });
      timer.tick({ fn: () => 1 + Math.floor(Math.random() * 10), outputs: number });
      gr.Row(() => {
        new gr.Button("Start").click({ fn: () => gr.update({ active: true }), outputs: timer });
        new gr.Button("Stop").click({ fn: () => gr.update({ active: false }), outputs: timer });
        new gr.Button("Go Fast").click({ fn: () => 0.2, outputs: timer });
      });
    }),
  // The time differs from call to call: only its kind is compared.
  calls: [{ api: "/timestamp", args: [], normalize: (answer) => typeof answer === "number" && answer > 1.7e9 }],
  browser: async (page) => {
    const ticked = await until(() => page.getByLabel("Time").inputValue(), (value) => Number(value) > 1.7e9);
    const random = await until(() => page.getByLabel("Random Number").inputValue(), (value) => Number(value) >= 1);
    return { ticked: Number(ticked) > 1.7e9, randomInRange: Number(random) >= 1 && Number(random) <= 10 };
  },
});
