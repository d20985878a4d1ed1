// Port of Gradio's demo/interface_state: an Interface keeping a per-session history in a State.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "interface_state",
  knownGap: "Gradio pairs an Interface's State output with its State input (one State, the history is kept); ours makes two",
  python: `
import gradio as gr

def store_message(message: str, history: list[str]):
    output = {"Current messages": message, "Previous messages": history[::-1]}
    history.append(message)
    return output, history

demo = gr.Interface(
    fn=store_message,
    inputs=["textbox", gr.State(value=[])],
    outputs=["json", gr.State()],
    api_name="predict",
)
`,
  app: () =>
    new gr.Interface({
      fn: function store_message(message: string, history: string[]) {
        const output = { "Current messages": message, "Previous messages": [...history].reverse() };
        return [output, [...history, message]];
      },
      inputs: ["textbox", new gr.State<string[]>([])],
      outputs: ["json", new gr.State()],
      apiName: "predict",
    }),
  calls: [
    { api: "/predict", args: ["first"] },
    { api: "/predict", args: ["second"] },
  ],
  browser: async (page) => {
    const message = page.getByLabel("message");
    await message.fill("first");
    await page.getByRole("button", { name: "Submit" }).click();
    await page.getByText("first").last().waitFor();
    await message.fill("second");
    await page.getByRole("button", { name: "Submit" }).click();
    await page.getByText("second").last().waitFor();
    return Promise.all(["Current messages", "Previous messages"].map((key) => page.getByText(key).first().isVisible()));
  },
});
