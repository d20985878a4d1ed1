// Port of Gradio's demo/no_input: an Interface without inputs. The original picks a random sentence;
// both sides here walk the same list in order instead, so the answers can be compared.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

const sentences = ["Good morning!", "Prayers are with you, have a safe day!", "I love you!"];

export default defineDemo({
  name: "no_input",
  knownGap: "an output-only Interface's button reads 'Generate' in Gradio, 'Submit' here",
  python: `
import itertools
import gradio as gr

sentence_list = ["Good morning!", "Prayers are with you, have a safe day!", "I love you!"]
picks = itertools.cycle(sentence_list)

def random_sentence():
    return next(picks)

demo = gr.Interface(fn=random_sentence, inputs=None, outputs="text")
`,
  app: () => {
    let next = 0;
    return new gr.Interface({
      fn: function random_sentence() {
        return sentences[next++ % sentences.length];
      },
      inputs: null,
      outputs: "text",
    });
  },
  calls: [
    { api: "/random_sentence", args: [] },
    { api: "/random_sentence", args: [] },
  ],
  browser: async (page) => {
    await page.getByRole("button", { name: "Generate" }).click();
    await page.waitForFunction(() => [...document.querySelectorAll("input, textarea")].some((t) => (t as HTMLInputElement).value !== ""));
    return page.getByLabel("output").inputValue();
  },
});
