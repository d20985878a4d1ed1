// Port of Gradio's demo/chatinterface_system_prompt: a ChatInterface with two additional inputs (system prompt, token budget).
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "chatinterface_system_prompt",
  python: `
import gradio as gr
import time

def echo(message, history, system_prompt, tokens):
    response = f"System prompt: {system_prompt}\\n Message: {message}."
    for i in range(min(len(response), int(tokens))):
        time.sleep(0.005)
        yield response[: i + 1]

demo = gr.ChatInterface(
    echo,
    additional_inputs=[
        gr.Textbox("You are helpful AI.", label="System Prompt"),
        gr.Slider(10, 100),
    ],
)
`,
  app: () =>
    new gr.ChatInterface({
      fn: async function* echo(message, history, system_prompt, tokens) {
        const response = `System prompt: ${String(system_prompt)}\n Message: ${String(message)}.`;
        const shown = Math.min(response.length, Math.trunc(Number(tokens)));
        for (let i = 1; i <= shown; i++) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          yield response.slice(0, i);
        }
      },
      additionalInputs: [new gr.Textbox({ value: "You are helpful AI.", label: "System Prompt" }), new gr.Slider({ minimum: 10, maximum: 100 })],
    }),
  calls: [
    { api: "/echo", args: ["Hello", "You are a pirate.", 100] },
    { api: "/echo", args: ["Hello", "You are helpful AI.", 20] },
  ],
  knownGap: "ChatInterface: Gradio 6 builds it with five States, a BrowserState and a JSON 'Response' output and lists a /flag endpoint; ours has one State and returns a Textbox; additional inputs are named param_2, param_3 in our API info instead of the fn's parameter names",
  browser: async (page) => {
    const box = page.getByRole("textbox").first();
    await box.fill("Hi");
    await box.press("Enter");
    // The slider starts at 10: the reply stops after 10 characters.
    await page.getByText("System pro", { exact: true }).waitFor();
    return page.getByText("System pro", { exact: true }).count();
  },
});
