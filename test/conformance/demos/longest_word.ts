// Port of Gradio's demo/longest_word: a number shown by a Label, with one example.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

const example = "The quick brown fox jumped over the lazy dog.";

export default defineDemo({
  name: "longest_word",
  python: `
import gradio as gr

def longest_word(text):
    words = text.split(" ")
    lengths = [len(word) for word in words]
    return max(lengths)

ex = "The quick brown fox jumped over the lazy dog."

demo = gr.Interface(longest_word, "textbox", "label", examples=[[ex]], api_name="predict")
`,
  app: () =>
    new gr.Interface({
      fn: function longest_word(text: string) {
        return Math.max(...text.split(" ").map((word) => word.length));
      },
      inputs: "textbox",
      outputs: "label",
      examples: [[example]],
      apiName: "predict",
    }),
  calls: [
    { api: "/predict", args: [example] },
    { api: "/predict", args: ["a bb ccc"] },
  ],
  browser: async (page) => {
    await page.getByLabel("text").fill("one three eleven");
    await page.getByRole("button", { name: "Submit" }).click();
    const shown = page.getByText("6", { exact: true });
    await shown.first().waitFor();
    return shown.first().textContent();
  },
});
