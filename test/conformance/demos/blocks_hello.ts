// Port of Gradio's demo/blocks_hello: a change listener on a textbox that has no label.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

export default defineDemo({
  name: "blocks_hello",
  python: `
import gradio as gr

def welcome(name):
    return f"Welcome to Gradio, {name}!"

with gr.Blocks() as demo:
    gr.Markdown(
    """
    # Hello World!
    Start typing below to see the output.
    """)
    inp = gr.Textbox(placeholder="What is your name?")
    out = gr.Textbox()
    inp.change(welcome, inp, out)
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.Markdown("# Hello World!\nStart typing below to see the output.");
      const inp = new gr.Textbox({ placeholder: "What is your name?" });
      const out = new gr.Textbox();
      inp.change({
        inputs: inp,
        outputs: out,
        fn: function welcome(name: string) {
          return `Welcome to Gradio, ${name}!`;
        },
      });
    }),
  calls: [{ api: "/welcome", args: ["Ada"] }],
  browser: async (page) => {
    await page.getByPlaceholder("What is your name?").fill("Ada");
    const heading = await page.getByRole("heading", { name: "Hello World!" }).innerText();
    const output = page.getByRole("textbox").nth(1);
    return [heading, await until(() => output.inputValue(), (text) => text.endsWith("Ada!"))];
  },
});
