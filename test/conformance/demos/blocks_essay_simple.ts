// Port of Gradio's demo/blocks_essay_simple: a radio reshapes a textbox through component updates.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

export default defineDemo({
  name: "blocks_essay_simple",
  python: `
import gradio as gr

def change_textbox(choice):
    if choice == "short":
        return gr.Textbox(lines=2, visible=True)
    elif choice == "long":
        return gr.Textbox(lines=8, visible=True, value="Lorem ipsum dolor sit amet")
    else:
        return gr.Textbox(visible=False)

with gr.Blocks() as demo:
    radio = gr.Radio(
        ["short", "long", "none"], label="What kind of essay would you like to write?"
    )
    text = gr.Textbox(lines=2, interactive=True, buttons=["copy"])
    radio.change(fn=change_textbox, inputs=radio, outputs=text)
`,
  app: () =>
    new gr.Blocks({}, () => {
      const radio = new gr.Radio({ choices: ["short", "long", "none"], label: "What kind of essay would you like to write?" });
      const text = new gr.Textbox({ lines: 2, interactive: true, showCopyButton: true });
      radio.change({
        inputs: radio,
        outputs: text,
        fn: function change_textbox(choice: string | number | null) {
          if (choice === "short") return gr.update({ lines: 2, visible: true });
          if (choice === "long") return gr.update({ lines: 8, visible: true, value: "Lorem ipsum dolor sit amet" });
          return gr.update({ visible: false });
        },
      });
    }),
  calls: [
    { api: "/change_textbox", args: ["short"] },
    { api: "/change_textbox", args: ["long"] },
    { api: "/change_textbox", args: ["none"] },
  ],
  browser: async (page) => {
    await page.getByLabel("long").check();
    const essay = page.getByRole("textbox");
    const long = await until(() => essay.inputValue(), (text) => text !== "");
    const rows = await essay.getAttribute("rows");
    await page.getByLabel("none").check();
    const hidden = await until(() => essay.isVisible(), (visible) => !visible);
    return { long, rows, hidden };
  },
});
