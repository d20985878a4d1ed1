// Port of Gradio's demo/chatbot_component: a Chatbot showing a fixed conversation.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

const CONVERSATION: gr.ChatMessage[] = [
  { role: "user", content: "Hello World" },
  { role: "assistant", content: "Hey Gradio!" },
  { role: "user", content: "❤️" },
  { role: "assistant", content: "😍" },
  { role: "user", content: "🔥" },
  { role: "assistant", content: "🤗" },
];

export default defineDemo({
  name: "chatbot_component",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gr.Chatbot(value=[
        {"role": "user", "content": "Hello World"},
        {"role": "assistant", "content": "Hey Gradio!"},
        {"role": "user", "content": "❤️"},
        {"role": "assistant", "content": "😍"},
        {"role": "user", "content": "🔥"},
        {"role": "assistant", "content": "🤗"},
    ])
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.Chatbot({ value: CONVERSATION });
    }),
  browser: async (page) => {
    await page.getByText("Hey Gradio!").waitFor();
    return [await page.getByText("Hello World").isVisible(), await page.getByText("🤗").isVisible()];
  },
});
