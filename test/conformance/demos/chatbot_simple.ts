// Port of Gradio's demo/chatbot_simple: a Chatbot fed by a Textbox, with a ClearButton.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

// The original picks a reply at random and sleeps 2 s; both sides here pick by the message's length
// (deterministic answers to compare) and do not sleep.
const REPLIES = ["How are you?", "Today is a great day", "I'm very hungry"];

/** A message as Gradio 6's API carries it: its content is a list of parts. */
const message = (role: string, text: string) => ({ role, content: [{ type: "text", text }] });

export default defineDemo({
  name: "chatbot_simple",
  python: `
import gradio as gr

REPLIES = ["How are you?", "Today is a great day", "I'm very hungry"]

with gr.Blocks() as demo:
    chatbot = gr.Chatbot()
    msg = gr.Textbox()
    clear = gr.ClearButton([msg, chatbot])

    def respond(message, chat_history):
        bot_message = REPLIES[len(message) % 3]
        chat_history.append({"role": "user", "content": message})
        chat_history.append({"role": "assistant", "content": bot_message})
        return "", chat_history

    msg.submit(respond, [msg, chatbot], [msg, chatbot])
`,
  app: () =>
    new gr.Blocks({}, () => {
      const chatbot = new gr.Chatbot();
      const msg = new gr.Textbox();
      // Gradio's ClearButton: a "Clear" button whose click empties its components in the browser only.
      new gr.Button("Clear").click({ fn: () => ["", []], outputs: [msg, chatbot], apiVisibility: "private" });
      msg.submit({
        fn: function respond(message: string, chat_history: gr.ChatMessage[]) {
          const reply = REPLIES[message.length % 3]!;
          return ["", [...chat_history, { role: "user", content: message }, { role: "assistant", content: reply }]];
        },
        inputs: [msg, chatbot],
        outputs: [msg, chatbot],
      });
    }),
  calls: [
    { api: "/respond", args: ["Hello", []] },
    { api: "/respond", args: ["Hi", [message("user", "Hey"), message("assistant", "How are you?")]] },
  ],
  knownGap: "Chatbot API info: Gradio 6 describes a message as dict(role: str, metadata, content, options) where ours lists role as a Literal and content parts first (the wire values are the same)",
  browser: async (page) => {
    const box = page.getByLabel("Textbox");
    await box.fill("Hello");
    await box.press("Enter");
    await page.getByText("I'm very hungry").waitFor();
    return [await page.getByText("Hello", { exact: true }).isVisible(), await box.inputValue()];
  },
});
