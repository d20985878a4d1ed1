// Port of Gradio's demo/skip: buttons clearing, skipping (gr.skip() is Gradio's empty update, here
// gr.update({})) and filling two numbers. The original's random numbers are a fixed pair on both sides.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "skip",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    with gr.Row():
        clear_button = gr.Button("Clear")
        skip_button = gr.Button("Skip")
        random_button = gr.Button("Random")
    numbers = [gr.Number(), gr.Number()]

    clear_button.click(lambda : (None, None), outputs=numbers)
    skip_button.click(lambda : [gr.skip(), gr.skip()], outputs=numbers)
    random_button.click(lambda : (17, 42), outputs=numbers)
`,
  app: () =>
    new gr.Blocks({}, () => {
      let clearButton!: gr.Button, skipButton!: gr.Button, randomButton!: gr.Button;
      gr.Row(() => {
        clearButton = new gr.Button("Clear");
        skipButton = new gr.Button("Skip");
        randomButton = new gr.Button("Random");
      });
      const numbers = [new gr.Number(), new gr.Number()];
      clearButton.click({ fn: () => [null, null], outputs: numbers });
      skipButton.click({ fn: () => [gr.update({}), gr.update({})], outputs: numbers });
      randomButton.click({ fn: () => [17, 42], outputs: numbers });
    }),
  calls: [
    { api: "/lambda", args: [] },
    { api: "/lambda_1", args: [] },
    { api: "/lambda_2", args: [] },
  ],
  browser: async (page) => {
    const numbers = page.getByRole("spinbutton");
    await page.getByRole("button", { name: "Random" }).click();
    await page.waitForFunction(() => [...document.querySelectorAll("input[type=number]")].some((i) => (i as HTMLInputElement).value === "42"));
    await page.getByRole("button", { name: "Skip" }).click();
    await page.getByRole("button", { name: "Random" }).waitFor();
    const afterSkip = [await numbers.nth(0).inputValue(), await numbers.nth(1).inputValue()];
    await page.getByRole("button", { name: "Clear" }).click();
    await page.waitForFunction(() => [...document.querySelectorAll("input[type=number]")].every((i) => (i as HTMLInputElement).value !== "42"));
    return [afterSkip, await numbers.nth(0).inputValue(), await numbers.nth(1).inputValue()];
  },
});
