// Port of Gradio's demo/chatinterface_random_response: a ChatInterface answering "Yes" or "No".
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

// The original answers at random; both sides here answer by the message's length (deterministic).
export default defineDemo({
  name: "chatinterface_random_response",
  python: `
import gradio as gr

def random_response(message, history):
    return ["Yes", "No"][len(message) % 2]

demo = gr.ChatInterface(random_response, autofocus=False, api_name="chat")
`,
  app: () =>
    new gr.ChatInterface({
      fn: function randomResponse(message) {
        return ["Yes", "No"][String(message).length % 2]!;
      },
      apiName: "chat",
    }),
  calls: [
    { api: "/chat", args: ["Will it rain?"] },
    { api: "/chat", args: ["Is it sunny"] },
  ],
  knownGap: "ChatInterface: Gradio 6 adds State/BrowserState/JSON helpers; its /chat has an unlabelled message and a Json 'Response'",
  browser: async (page) => {
    const box = page.getByRole("textbox").first();
    await box.fill("Is it sunny");
    await box.press("Enter");
    await page.getByText("No", { exact: true }).waitFor();
    return page.getByText("Is it sunny", { exact: true }).isVisible();
  },
});
