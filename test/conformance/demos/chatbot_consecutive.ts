// Port of Gradio's demo/chatbot_consecutive: the user's message, then (a second event) the bot's reply.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

// The original picks a reply at random after 2 s; both sides here pick by the history's length, at once.
const REPLIES = ["How are you?", "I love you", "I'm very hungry"];

/** A message as Gradio 6's API carries it: its content is a list of parts. */
const message = (role: string, text: string) => ({ role, content: [{ type: "text", text }] });

export default defineDemo({
  name: "chatbot_consecutive",
  python: `
import gradio as gr

REPLIES = ["How are you?", "I love you", "I'm very hungry"]

with gr.Blocks() as demo:
    chatbot = gr.Chatbot()
    msg = gr.Textbox()
    clear = gr.Button("Clear")

    def user(user_message, history):
        return "", history + [{"role": "user", "content": user_message}]

    def bot(history):
        bot_message = REPLIES[len(history) % 3]
        history.append({"role": "assistant", "content": bot_message})
        return history

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
          fn: function bot(history: gr.ChatMessage[]) {
            return [...history, { role: "assistant", content: REPLIES[history.length % 3]! }];
          },
          inputs: [chatbot],
          outputs: [chatbot],
        });
      clear.click({ fn: () => null, outputs: [chatbot], queue: false });
    }),
  calls: [
    { api: "/user", args: ["Hi there", [message("user", "a"), message("assistant", "b")]] },
    { api: "/bot", args: [[message("user", "Hello"), message("assistant", "x"), message("user", "y")]] },
  ],
  knownGap: "Chatbot API info: Gradio 6 describes a message as dict(role: str, metadata, content, options) where ours lists role as a Literal and content parts first (the wire values are the same)",
  browser: async (page) => {
    const box = page.getByLabel("Textbox");
    await box.fill("Hello");
    await box.press("Enter");
    await page.getByText("I love you").waitFor();
    return [await page.getByText("Hello", { exact: true }).isVisible(), await box.inputValue()];
  },
});
