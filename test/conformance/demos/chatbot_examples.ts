// Port of Gradio's demo/chatbot_examples: a multimodal chat whose empty Chatbot offers example messages.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

// The original's examples also carry an icon and audio/image files; gradio-ts' Chatbot examples hold
// text only, so both sides here offer the text examples.
const EXAMPLES = [
  { display_text: "Display Text Here!", text: "Try this example with this audio." },
  { text: "Try this example with this image." },
  { text: "This is just text, no files!" },
];
const COOL: gr.ChatMessage = { role: "assistant", content: "Cool!", options: [{ value: "Option 1" }, { value: "Option 2" }] };

/** A message as Gradio 6's API carries it: its content is a list of parts. */
const message = (role: string, text: string) => ({ role, content: [{ type: "text", text }] });

export default defineDemo({
  name: "chatbot_examples",
  python: `
import gradio as gr

def print_like_dislike(x: gr.LikeData):
    print(x.index, x.value, x.liked)

def add_message(history, message):
    for x in message["files"]:
        history.append({"role": "user", "content": (x,)})
    if message["text"] is not None:
        history.append({"role": "user", "content": message["text"]})
    return history, gr.MultimodalTextbox(value=None, interactive=False)

def append_example_message(x: gr.SelectData, history):
    if x.value["text"] is not None:
        history.append({"role": "user", "content": x.value["text"]})
    return history

def respond(history):
    history.append({"role": "assistant", "content": "Cool!", "options": [{"value": "Option 1"}, {"value": "Option 2"}]})
    return history

with gr.Blocks() as demo:
    chatbot = gr.Chatbot(
        elem_id="chatbot",
        scale=1,
        placeholder="<h1>Welcome to Gradio!</h1>",
        examples=${JSON.stringify(EXAMPLES)},
    )
    chat_input = gr.MultimodalTextbox(
        interactive=True, file_count="multiple", placeholder="Enter message or upload file...", show_label=False
    )
    chat_msg = chat_input.submit(add_message, [chatbot, chat_input], [chatbot, chat_input])
    bot_msg = chat_msg.then(respond, chatbot, chatbot, api_name="bot_response")
    bot_msg.then(lambda: gr.MultimodalTextbox(interactive=True), None, [chat_input])

    chatbot.like(print_like_dislike, None, None)
    chatbot.example_select(append_example_message, [chatbot], [chatbot]).then(respond, chatbot, chatbot, api_name="respond")
`,
  app: () =>
    new gr.Blocks({}, () => {
      const chatbot = new gr.Chatbot({ elemId: "chatbot", scale: 1, placeholder: "<h1>Welcome to Gradio!</h1>", examples: EXAMPLES });
      const chatInput = new gr.MultimodalTextbox({
        interactive: true,
        fileCount: "multiple",
        placeholder: "Enter message or upload file...",
        showLabel: false,
      });
      const respond = (history: gr.ChatMessage[]) => [...history, COOL];
      chatInput
        .submit({
          fn: function addMessage(history: gr.ChatMessage[], message: gr.MultimodalValue) {
            const files = message.files.map((path): gr.ChatMessage => ({ role: "user", content: { path } }));
            const text: gr.ChatMessage[] = message.text === null ? [] : [{ role: "user", content: message.text }];
            return [[...history, ...files, ...text], gr.update({ value: null, interactive: false })];
          },
          inputs: [chatbot, chatInput],
          outputs: [chatbot, chatInput],
          apiName: "add_message",
        })
        .then({ fn: respond, inputs: [chatbot], outputs: [chatbot], apiName: "bot_response" })
        .then({ fn: () => gr.update({ interactive: true }), outputs: [chatInput] });
      chatbot.like({
        fn: function printLikeDislike(context: gr.EventContext) {
          console.log(context.eventData);
        },
        inputs: [],
        apiName: "print_like_dislike",
      });
      chatbot
        .exampleSelect({
          fn: function appendExampleMessage(history: gr.ChatMessage[], context: gr.EventContext) {
            const selected = (context.eventData as { value?: { text?: string | null } } | null)?.value;
            return typeof selected?.text === "string" ? [...history, { role: "user", content: selected.text }] : history;
          },
          inputs: [chatbot],
          outputs: [chatbot],
          apiName: "append_example_message",
        })
        .then({ fn: respond, inputs: [chatbot], outputs: [chatbot], apiName: "respond" });
    }),
  calls: [
    { api: "/add_message", args: [[], { text: "Hello", files: [] }] },
    { api: "/bot_response", args: [[message("user", "Hello")]] },
  ],
  knownGap: "Chatbot API info: Gradio 6 describes a message as dict(role: str, metadata, content, options) where ours lists role as a Literal and content parts first (the wire values are the same); an update of a MultimodalTextbox sends value null where Gradio sends an empty {text, files}",
  browser: async (page) => {
    await page.getByText("This is just text, no files!").click();
    await page.getByText("Cool!").waitFor();
    return [await page.getByText("This is just text, no files!").count(), await page.getByText("Option 1").isVisible()];
  },
});
