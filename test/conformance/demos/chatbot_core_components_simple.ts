// Port of Gradio's demo/chatbot_core_components_simple: a Chatbot whose replies hold components
// (Image, Gallery, Audio, HTML), picked with a Radio, fed by a MultimodalTextbox.
import path from "node:path";
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

// The original shows files from the web, and a video and a 3D model; both sides here show files of the
// suite's media folder (which has no video or 3D model), and pick the HTML's colour by the chat's length
// rather than at random, so that the answers compare.
const MEDIA = path.join(import.meta.dirname, "..", "media");
const IMAGE = path.join(MEDIA, "square.png");
const SECOND = path.join(MEDIA, "lion.png");
const AUDIO = path.join(MEDIA, "rising.wav");
const LEVELS = ["harmful", "neutral", "beneficial"] as const;
const COLORS: Record<(typeof LEVELS)[number], string> = { harmful: "crimson", neutral: "gray", beneficial: "green" };

const htmlSrc = (level: (typeof LEVELS)[number]) => `
<div style="display: flex; gap: 5px;padding: 2px 4px;margin-top: -40px">
  <div style="background-color: ${COLORS[level]}; padding: 2px; border-radius: 5px;">
  ${level}
  </div>
</div>
`;

/** Keeps what both servers fill from the same options: the parts' kinds, values and labels. */
const messagesOnly = (answer: unknown) =>
  (answer as { role: string; content: Record<string, unknown>[] }[]).map(({ role, content }) => ({
    role,
    content: content.map((part) =>
      part.type === "component"
        ? {
            component: part.component,
            value: part.value,
            constructor_args: part.constructor_args,
            label: (part.props as Record<string, unknown>).label ?? null,
          }
        : part,
    ),
  }));

export default defineDemo({
  name: "chatbot_core_components_simple",
  python: `
import gradio as gr

IMAGE, SECOND, AUDIO = ${JSON.stringify([IMAGE, SECOND, AUDIO])}

color_map = {
    "harmful": "crimson",
    "neutral": "gray",
    "beneficial": "green",
}

def html_src(harm_level):
    return f"""
<div style="display: flex; gap: 5px;padding: 2px 4px;margin-top: -40px">
  <div style="background-color: {color_map[harm_level]}; padding: 2px; border-radius: 5px;">
  {harm_level}
  </div>
</div>
"""

def print_like_dislike(x: gr.LikeData):
    print(x.index, x.value, x.liked)

def add_message(history, message):
    for x in message["files"]:
        history.append({"role": "user", "content": {"path": x}})
    if message["text"] is not None:
        history.append({"role": "user", "content": message['text']})
    return history, gr.MultimodalTextbox(value=None, interactive=False)

def bot(history, response_type):
    if response_type == "gallery":
        msg = {"role": "assistant", "content": gr.Gallery([IMAGE, SECOND])}
    elif response_type == "image":
        msg = {"role": "assistant", "content": gr.Image(IMAGE)}
    elif response_type == "audio":
        msg = {"role": "assistant", "content": gr.Audio(AUDIO)}
    elif response_type == "html":
        msg = {"role": "assistant", "content": gr.HTML(html_src(["harmful", "neutral", "beneficial"][len(history) % 3]))}
    else:
        msg = {"role": "assistant", "content": "Cool!"}
    history.append(msg)
    return history

with gr.Blocks(fill_height=True) as demo:
    chatbot = gr.Chatbot(
        elem_id="chatbot",
        scale=1,
    )
    response_type = gr.Radio(
        [
            "image",
            "text",
            "gallery",
            "audio",
            "html",
        ],
        value="text",
        label="Response Type",
    )

    chat_input = gr.MultimodalTextbox(
        interactive=True,
        placeholder="Enter message or upload file...",
        show_label=False,
    )

    chat_msg = chat_input.submit(
        add_message, [chatbot, chat_input], [chatbot, chat_input]
    )
    bot_msg = chat_msg.then(
        bot, [chatbot, response_type], chatbot, api_name="bot_response"
    )
    bot_msg.then(lambda: gr.MultimodalTextbox(interactive=True), None, [chat_input])

    chatbot.like(print_like_dislike, None, None)
`,
  app: () =>
    new gr.Blocks({ fillHeight: true }, () => {
      const chatbot = new gr.Chatbot({ elemId: "chatbot", scale: 1 });
      const responseType = new gr.Radio({
        choices: ["image", "text", "gallery", "audio", "html"],
        value: "text",
        label: "Response Type",
      });
      const chatInput = new gr.MultimodalTextbox({
        interactive: true,
        placeholder: "Enter message or upload file...",
        showLabel: false,
      });
      const chatMessage = chatInput.submit({
          fn: function add_message(history: gr.ChatMessage[], message: { text: string; files: string[] }) {
            const added: gr.ChatMessage[] = [
              ...message.files.map((file): gr.ChatMessage => ({ role: "user", content: { path: file } })),
              { role: "user", content: message.text },
            ];
            return [[...history, ...added], gr.update({ value: null, interactive: false })];
          },
          inputs: [chatbot, chatInput],
          outputs: [chatbot, chatInput],
        });
      const botMessage = chatMessage.then({
          fn: function bot(history: gr.ChatMessage[], responseType: string | number): gr.ChatReturnMessage[] {
            const content =
              responseType === "gallery"
                ? new gr.Gallery({ value: [IMAGE, SECOND] })
                : responseType === "image"
                  ? new gr.Image({ value: IMAGE })
                  : responseType === "audio"
                    ? new gr.Audio({ value: AUDIO })
                    : responseType === "html"
                      ? new gr.HTML(htmlSrc(LEVELS[history.length % 3]!))
                      : "Cool!";
            return [...history, { role: "assistant", content }];
          },
          inputs: [chatbot, responseType],
          outputs: chatbot,
          apiName: "bot_response",
        });
      botMessage.then({ fn: () => gr.update({ interactive: true }), outputs: chatInput });
      chatbot.like({ fn: function print_like_dislike() {}, inputs: [] });
    }),
  calls: [
    { api: "/bot_response", args: [[], "image"], normalize: messagesOnly },
    { api: "/bot_response", args: [[], "gallery"], normalize: messagesOnly },
    { api: "/bot_response", args: [[], "audio"], normalize: messagesOnly },
    { api: "/bot_response", args: [[], "html"], normalize: messagesOnly },
    { api: "/bot_response", args: [[], "text"], normalize: messagesOnly },
  ],
  knownGap:
    "Chatbot API info: Gradio 6 describes a message as dict(role: str, metadata, content, options) where ours lists role as a Literal and content parts first (as in chatbot_simple); Gradio gives the MultimodalTextbox parameter the default {text: '', files: []}",
  browser: async (page) => {
    await page.getByLabel("image", { exact: true }).check();
    const box = page.getByPlaceholder("Enter message or upload file...");
    await box.fill("Show me");
    await box.press("Enter");
    const image = page.locator('#chatbot img[src*="square"]');
    await image.first().waitFor();
    return [await page.getByText("Show me", { exact: true }).isVisible(), await image.first().isVisible()];
  },
});
