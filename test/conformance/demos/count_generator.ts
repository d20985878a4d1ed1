// Port of Gradio's demo/count_generator: a generator streams each count into a textbox.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default defineDemo({
  name: "count_generator",
  python: `
import gradio as gr
import time

def count(n):
    for i in range(int(n)):
        time.sleep(0.5)
        yield i

def show(n):
    return str(list(range(int(n))))

with gr.Blocks() as demo:
    with gr.Column():
        num = gr.Number(value=10)
        with gr.Row():
            count_btn = gr.Button("Count")
            list_btn = gr.Button("List")
    with gr.Column():
        out = gr.Textbox()

    count_btn.click(count, num, out)
    list_btn.click(show, num, out)
`,
  app: () =>
    new gr.Blocks({}, () => {
      let num!: gr.Number, countBtn!: gr.Button, listBtn!: gr.Button, out!: gr.Textbox;
      gr.Column(() => {
        num = new gr.Number({ value: 10 });
        gr.Row(() => {
          countBtn = new gr.Button("Count");
          listBtn = new gr.Button("List");
        });
      });
      gr.Column(() => {
        out = new gr.Textbox();
      });
      countBtn.click({
        inputs: num,
        outputs: out,
        fn: async function* count(n: number) {
          for (let i = 0; i < Math.trunc(n); i++) {
            await sleep(500);
            yield String(i);
          }
        },
      });
      listBtn.click({
        inputs: num,
        outputs: out,
        // Python's str(list(...)): "[0, 1, 2]".
        fn: function show(n: number) {
          return `[${Array.from({ length: Math.trunc(n) }, (_, i) => i).join(", ")}]`;
        },
      });
    }),
  calls: [
    { api: "/count", args: [3] },
    { api: "/show", args: [4] },
  ],
  browser: async (page) => {
    await page.getByRole("spinbutton").fill("3");
    // The values the textbox shows, noted inside the page: a poll from here can miss one on a busy machine.
    await page.evaluate(() => {
      const seen = new Set<string>();
      (window as unknown as { seen: Set<string> }).seen = seen;
      setInterval(() => seen.add(document.querySelector<HTMLTextAreaElement>("textarea, input:not([type=number])")?.value ?? ""), 20);
    });
    await page.getByRole("button", { name: "Count" }).click();
    const out = page.getByRole("textbox");
    await until(() => out.inputValue(), (value) => value === "2");
    const seen = await page.evaluate(() => [...(window as unknown as { seen: Set<string> }).seen]);
    return { last: await out.inputValue(), streamed: seen.includes("0") || seen.includes("1") };
  },
});
