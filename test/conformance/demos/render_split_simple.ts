// Port of Gradio's demo/render_split_simple: gr.render builds one textbox per letter typed.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

export default defineDemo({
  name: "render_split_simple",
  knownGap:
    "after typing 'abc', the page's textareas past the first read ['b','c'] here and ['a','b','c'] in " +
    "Gradio: the first rendered box (or the input box) is drawn differently; not yet diagnosed",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    input_text = gr.Textbox(label="input")

    @gr.render(inputs=input_text)
    def show_split(text):
        if len(text) == 0:
            gr.Markdown("## No Input Provided")
        else:
            for letter in text:
                gr.Textbox(letter)
`,
  app: () =>
    new gr.Blocks({}, () => {
      const inputText = new gr.Textbox({ label: "input" });
      gr.render({ inputs: inputText }, function show_split(text: string) {
        if (text.length === 0) new gr.Markdown("## No Input Provided");
        else for (const letter of text) new gr.Textbox({ value: letter });
      });
    }),
  browser: async (page) => {
    const empty = await until(() => page.getByRole("heading", { name: "No Input Provided" }).isVisible(), (shown) => shown);
    await page.getByLabel("input").fill("abc");
    await page.getByLabel("input").blur();
    const letters = () => page.locator("textarea").evaluateAll((areas) => areas.slice(1).map((a) => (a as HTMLTextAreaElement).value));
    return { empty, letters: await until(letters, (values) => values.join("") === "abc") };
  },
});
