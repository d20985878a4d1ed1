// Port of Gradio's demo/chatbot_streaming: the user's message shown at once, then the reply streamed.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

// The original picks a reply at random; both sides here pick by the history's length (deterministic).
const REPLIES = ["How are you?", "I love you", "I'm very hungry"];

/** A message as Gradio 6's API carries it: its content is a list of parts. */
const message = (role: string, text: string) => ({ role, content: [{ type: "text", text }] });

export default defineDemo({
  name: "chatbot_streaming",
  python: `
import gradio as gr
import time

REPLIES = ["How are you?", "I love you", "I'm very hungry"]

with gr.Blocks() as demo:
    chatbot = gr.Chatbot()
    msg = gr.Textbox()
    clear = gr.Button("Clear")

    def user(user_message, history: list):
        return "", history + [{"role": "user", "content": user_message}]

    def bot(history: list):
        bot_message = REPLIES[len(history) % 3]
        history.append({"role": "assistant", "content": ""})
        for character in bot_message:
            history[-1]["content"] += character
            time.sleep(0.01)
            yield history

    msg.submit(user, [msg, chatbot], [msg, chatbot], queue=False).then(bot, chatbot, chatbot)
    clear.click(lambda: None, None, chatbot, queue=False)
`,
  app: () =>
    new gr.Blocks({}, () => {
      const chatbot = new gr.Chatbot();
      const msg = new gr.Textbox();
      const clear = new gr.Button("Clear");
      msg
        .submit({
          fn: function user(userMessage: string, history: gr.ChatMessage[]) {
            return ["", [...history, { role: "user", content: userMessage }]];
          },
          inputs: [msg, chatbot],
          outputs: [msg, chatbot],
          queue: false,
        })
        .then({
          fn: async function* bot(history: gr.ChatMessage[]) {
            const reply = REPLIES[history.length % 3]!;
            for (let i = 1; i <= reply.length; i++) {
              await new Promise((resolve) => setTimeout(resolve, 10));
              yield [...history, { role: "assistant", content: reply.slice(0, i) }];
            }
          },
          inputs: [chatbot],
          outputs: [chatbot],
        });
      clear.click({ fn: () => null, outputs: [chatbot], queue: false });
    }),
  calls: [
    { api: "/user", args: ["Hello", []] },
    { api: "/bot", args: [[message("user", "Hello")]] },
  ],
  knownGap: "Chatbot API info: Gradio 6 describes a message as dict(role: str, metadata, content, options) where ours lists role as a Literal and content parts first (the wire values are the same)",
  browser: async (page) => {
    const box = page.getByLabel("Textbox");
    await box.fill("Hello");
    await box.press("Enter");
    await page.getByText("I love you").waitFor();
    await page.getByText("Clear", { exact: true }).click();
    await page.getByText("I love you").waitFor({ state: "detached" });
    return page.getByText("Hello", { exact: true }).count();
  },
});
