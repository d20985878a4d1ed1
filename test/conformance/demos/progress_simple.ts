// Port of Gradio's demo/progress_simple: gr.Progress with a description, then tqdm over the letters.
// The original sleeps 1 s and 0.25 s per letter; this port sleeps 0.2 s and 0.05 s on both sides.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default defineDemo({
  name: "progress_simple",
  python: `
import gradio as gr
import time

def slowly_reverse(word, progress=gr.Progress()):
    progress(0, desc="Starting")
    time.sleep(0.2)
    progress(0.05)
    new_string = ""
    for letter in progress.tqdm(word, desc="Reversing"):
        time.sleep(0.05)
        new_string = letter + new_string
    return new_string

demo = gr.Interface(slowly_reverse, gr.Text(), gr.Text(), api_name="predict")
`,
  app: () =>
    new gr.Interface({
      fn: async function slowly_reverse(word: string, { progress }: gr.EventContext) {
        progress(0, { desc: "Starting" });
        await sleep(200);
        progress(0.05);
        let reversed = "";
        for (const letter of progress.tqdm(word, { desc: "Reversing" })) {
          await sleep(50);
          reversed = letter + reversed;
        }
        return reversed;
      },
      inputs: new gr.Textbox(),
      outputs: new gr.Textbox(),
      apiName: "predict",
    }),
  calls: [{ api: "/predict", args: ["gradio"] }],
  browser: async (page) => {
    await page.getByLabel("word").fill("stressed");
    await page.getByRole("button", { name: "Submit" }).click();
    return until(() => page.getByLabel("output").inputValue(), (text) => text !== "");
  },
});
