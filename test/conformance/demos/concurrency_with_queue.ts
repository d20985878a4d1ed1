// Port of Gradio's demo/concurrency_with_queue: a slow fn behind the queue, on a button without a label.
// The original sleeps 5 s; this port sleeps 1 s on both sides to keep the suite short.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

export default defineDemo({
  name: "concurrency_with_queue",
  python: `
import gradio as gr
import time

def say_hello(name):
  time.sleep(1)
  return f"Hello {name}!"

with gr.Blocks() as demo:
  inp = gr.Textbox()
  outp = gr.Textbox()
  button = gr.Button()
  button.click(say_hello, inp, outp)
`,
  app: () =>
    new gr.Blocks({}, () => {
      const inp = new gr.Textbox();
      const outp = new gr.Textbox();
      const button = new gr.Button();
      button.click({
        inputs: inp,
        outputs: outp,
        fn: async function say_hello(name: string) {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          return `Hello ${name}!`;
        },
      });
    }),
  calls: [{ api: "/say_hello", args: ["queue"] }],
  browser: async (page) => {
    await page.getByRole("textbox").first().fill("Ada");
    await page.getByRole("button", { name: "Run" }).click();
    return until(() => page.getByRole("textbox").nth(1).inputValue(), (text) => text !== "");
  },
});
