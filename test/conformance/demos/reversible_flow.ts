// Port of Gradio's demo/reversible_flow: two numbers, each button feeding one into the other.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "reversible_flow",
  python: `
import gradio as gr

def increase(num):
    return num + 1

with gr.Blocks() as demo:
    a = gr.Number(label="a")
    b = gr.Number(label="b")
    atob = gr.Button("a > b")
    btoa = gr.Button("b > a")
    atob.click(increase, a, b)
    btoa.click(increase, b, a)
`,
  app: () =>
    new gr.Blocks({}, () => {
      const increase = (num: number) => num + 1;
      const a = new gr.Number({ label: "a" });
      const b = new gr.Number({ label: "b" });
      const atob = new gr.Button("a > b");
      const btoa = new gr.Button("b > a");
      atob.click({ fn: increase, inputs: a, outputs: b });
      btoa.click({ fn: increase, inputs: b, outputs: a });
    }),
  calls: [
    { api: "/increase", args: [41] },
    { api: "/increase_1", args: [-1.5] },
  ],
  browser: async (page) => {
    await page.getByLabel("a", { exact: true }).fill("5");
    await page.getByRole("button", { name: "a > b" }).click();
    await page.waitForFunction(() => [...document.querySelectorAll("input[type=number]")].some((i) => (i as HTMLInputElement).value === "6"));
    await page.getByRole("button", { name: "b > a" }).click();
    await page.waitForFunction(() => [...document.querySelectorAll("input[type=number]")].some((i) => (i as HTMLInputElement).value === "7"));
    return [await page.getByLabel("a", { exact: true }).inputValue(), await page.getByLabel("b", { exact: true }).inputValue()];
  },
});
