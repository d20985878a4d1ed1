// Port of Gradio's demo/calculator_live: a live Interface (no Submit button; every change runs the fn).
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "calculator_live",
  python: `
import gradio as gr

def calculator(num1, operation, num2):
    if operation == "add":
        return num1 + num2
    elif operation == "subtract":
        return num1 - num2
    elif operation == "multiply":
        return num1 * num2
    elif operation == "divide":
        return num1 / num2

demo = gr.Interface(
    calculator,
    ["number", gr.Radio(["add", "subtract", "multiply", "divide"]), "number"],
    "number",
    live=True,
)
`,
  app: () =>
    new gr.Interface({
      fn: function calculator(num1: number, operation: string | number, num2: number) {
        if (operation === "add") return num1 + num2;
        if (operation === "subtract") return num1 - num2;
        if (operation === "multiply") return num1 * num2;
        if (operation === "divide") return num1 / num2;
        return null;
      },
      inputs: ["number", new gr.Radio({ choices: ["add", "subtract", "multiply", "divide"] }), "number"],
      outputs: "number",
      live: true,
    }),
  calls: [
    { api: "/calculator", args: [4, "add", 5] },
    { api: "/calculator", args: [9, "divide", 4] },
  ],
  browser: async (page) => {
    await page.getByLabel("num1").fill("6");
    await page.getByLabel("num2").fill("7");
    await page.getByRole("radio", { name: "multiply" }).check();
    await page.waitForFunction(() => [...document.querySelectorAll("input[type=number]")].some((i) => (i as HTMLInputElement).value === "42"));
    return page.getByLabel("output").inputValue();
  },
});
