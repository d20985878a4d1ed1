// Port of Gradio's demo/dialogue_component: an interactive Dialogue of two speakers whose submit echoes the formatted text.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "dialogue_component",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    dd = gr.Dialogue(speakers=["Speaker 1", "Speaker 2"],
                     tags=["(laughs)", "(sighs)", "(clears throat)"],
                value=[
                    {"speaker": "Speaker 1", "text": "Hello, how are you?"},
                    {"speaker": "Speaker 2", "text": "I'm fine, thank you!"},
                ], separator="\\n", interactive=True)
    output = gr.Textbox(label="Output", value="")
    dd.submit(lambda x: x, inputs=dd, outputs=output)
`,
  app: () =>
    new gr.Blocks({}, () => {
      const dd = new gr.Dialogue({
        speakers: ["Speaker 1", "Speaker 2"],
        tags: ["(laughs)", "(sighs)", "(clears throat)"],
        value: [
          { speaker: "Speaker 1", text: "Hello, how are you?" },
          { speaker: "Speaker 2", text: "I'm fine, thank you!" },
        ],
        separator: "\n",
        interactive: true,
      });
      const output = new gr.Textbox({ label: "Output", value: "" });
      dd.submit({ fn: (x: string) => x, inputs: dd, outputs: output, apiName: "lambda" });
    }),
  calls: [
    {
      api: "/lambda",
      args: [
        [
          { speaker: "Speaker 1", text: "Why did the chicken cross the road?" },
          { speaker: "Speaker 2", text: "I don't know! (laughs)" },
        ],
      ],
    },
    { api: "/lambda", args: ["[Speaker 1] plain text"] },
  ],
  browser: async (page) => {
    const lines = page.locator(".dialogue-line textarea");
    await lines.nth(1).waitFor();
    await lines.nth(1).fill("Not bad at all");
    return lines.evaluateAll((elements) => elements.map((element) => (element as HTMLTextAreaElement).value));
  },
});
