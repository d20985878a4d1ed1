// Port of Gradio's demo/chatinterface_echo_multimodal: a multimodal ChatInterface echoing the text and the files.
import * as gr from "gradio-ts";
import { defineDemo, media } from "../demo.js";

export default defineDemo({
  name: "chatinterface_echo_multimodal",
  python: `
import gradio as gr

def echo_multimodal(message, history):
    response = []
    response.append("You wrote: '" + message["text"] + "' and uploaded:")
    if message.get("files"):
        for file in message["files"]:
            response.append(gr.File(value=file))
    return response

demo = gr.ChatInterface(
    echo_multimodal,
    multimodal=True,
    textbox=gr.MultimodalTextbox(file_count="multiple"),
    api_name="chat",
)
`,
  app: () =>
    new gr.ChatInterface({
      fn: function echoMultimodal(message) {
        const { text, files } = typeof message === "string" ? { text: message, files: [] } : message;
        // A file path in a reply is shown as that file (Gradio's gr.File(value=file) in a reply).
        return [`You wrote: '${text}' and uploaded:`, ...files.map((path) => ({ path }))];
      },
      multimodal: true,
      textbox: new gr.MultimodalTextbox({ fileCount: "multiple" }),
      apiName: "chat",
    }),
  calls: [
    { api: "/chat", args: [{ text: "Just text", files: [] }] },
    { api: "/chat", args: [{ text: "A picture", files: [media("square.png")] }] },
  ],
  knownGap: "ChatInterface: Gradio 6 adds State/BrowserState/JSON helpers; its /chat has an unlabelled message and a Json 'Response'",
  browser: async (page) => {
    const box = page.getByRole("textbox").first();
    await box.fill("Hello there");
    await box.press("Enter");
    await page.getByText("You wrote: 'Hello there' and uploaded:").waitFor();
    return page.getByText("You wrote: 'Hello there' and uploaded:").count();
  },
});
