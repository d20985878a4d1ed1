// Port of Gradio's demo/letter_counter: textboxes with initial values, a docstring'd fn, a Number output.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "letter_counter",
  python: `
import gradio as gr

def letter_counter(word, letter):
    """
    Count the number of occurrences of a letter in a word or text.

    Args:
        word (str): The input text to search through
        letter (str): The letter to search for

    Returns:
        str: A message indicating how many times the letter appears
    """
    return word.lower().count(letter.lower())

demo = gr.Interface(
    fn=letter_counter,
    inputs=[gr.Textbox("strawberry"), gr.Textbox("r")],
    outputs=[gr.Number()],
    title="Letter Counter",
    description="Enter text and a letter to count how many times the letter appears in the text.",
    api_name="predict",
)
`,
  app: () =>
    new gr.Interface({
      fn: function letter_counter(word: string, letter: string) {
        const needle = letter.toLowerCase();
        if (needle === "") return word.length + 1;
        return word.toLowerCase().split(needle).length - 1;
      },
      inputs: [new gr.Textbox({ value: "strawberry" }), new gr.Textbox({ value: "r" })],
      outputs: [new gr.Number()],
      title: "Letter Counter",
      description: "Enter text and a letter to count how many times the letter appears in the text.",
      apiName: "predict",
    }),
  calls: [
    { api: "/predict", args: ["strawberry", "r"] },
    { api: "/predict", args: ["Mississippi", "S"] },
    { api: "/predict", args: ["abc", ""] },
  ],
  browser: async (page) => {
    await page.getByRole("button", { name: "Submit" }).click();
    await page.waitForFunction(() => [...document.querySelectorAll("input[type=number]")].some((i) => (i as HTMLInputElement).value === "3"));
    return page.getByLabel("output").inputValue();
  },
});
