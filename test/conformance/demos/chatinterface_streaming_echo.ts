// Port of Gradio's demo/chatinterface_streaming_echo: a ChatInterface streaming back what was typed, with flagging.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "chatinterface_streaming_echo",
  // The twin keeps the original's flagging (Gradio shows the options as feedback buttons under replies);
  // save_history (conversations kept in the browser) is left out on both sides.
  python: `
import time
import gradio as gr

def slow_echo(message, history):
    for i in range(len(message)):
        time.sleep(0.01)
        yield "You typed: " + message[: i + 1]

demo = gr.ChatInterface(
    slow_echo,
    flagging_mode="manual",
    flagging_options=["Like", "Spam", "Inappropriate", "Other"],
)
`,
  app: () =>
    new gr.ChatInterface({
      fn: async function* slow_echo(message) {
        const text = String(message);
        for (let i = 1; i <= text.length; i++) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          yield `You typed: ${text.slice(0, i)}`;
        }
      },
    }),
  calls: [{ api: "/slow_echo", args: ["Hello"] }],
  knownGap: "ChatInterface: Gradio 6 builds it with five States, a BrowserState and a JSON 'Response' output and lists a /flag endpoint; ours has one State and returns a Textbox",
  browser: async (page) => {
    const box = page.getByRole("textbox").first();
    await box.fill("Echo me");
    await box.press("Enter");
    await page.getByText("You typed: Echo me").waitFor();
    return page.getByText("You typed: Echo me").count();
  },
});
