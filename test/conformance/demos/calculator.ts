// Port of Gradio's demo/calculator: numbers and a radio, examples, a title, and gr.Error for a refusal.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "calculator",
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
        if num2 == 0:
            raise gr.Error("Cannot divide by zero!")
        return num1 / num2

demo = gr.Interface(
    calculator,
    ["number", gr.Radio(["add", "subtract", "multiply", "divide"]), "number"],
    "number",
    examples=[[45, "add", 3], [3.14, "divide", 2], [144, "multiply", 2.5], [0, "subtract", 1.2]],
    title="Toy Calculator",
    description="Here's a sample toy calculator.",
    api_name="predict",
)
`,
  app: () =>
    new gr.Interface({
      fn: function calculator(num1: number, operation: string | number, num2: number) {
        if (operation === "add") return num1 + num2;
        if (operation === "subtract") return num1 - num2;
        if (operation === "multiply") return num1 * num2;
        if (num2 === 0) throw new gr.Error("Cannot divide by zero!");
        return num1 / num2;
      },
      inputs: ["number", new gr.Radio({ choices: ["add", "subtract", "multiply", "divide"] }), "number"],
      outputs: "number",
      examples: [
        [45, "add", 3],
        [3.14, "divide", 2],
        [144, "multiply", 2.5],
        [0, "subtract", 1.2],
      ],
      title: "Toy Calculator",
      description: "Here's a sample toy calculator.",
      apiName: "predict",
    }),
  calls: [
    { api: "/predict", args: [45, "add", 3] },
    { api: "/predict", args: [3.14, "divide", 2] },
    { api: "/predict", args: [144, "multiply", 2.5] },
    { api: "/predict", args: [0, "subtract", 1.2] },
    { api: "/predict", args: [1, "divide", 0] },
  ],
  browser: async (page) => {
    await page.getByLabel("num1").fill("6");
    await page.getByRole("radio", { name: "multiply" }).check();
    await page.getByLabel("num2").fill("7");
    await page.getByRole("button", { name: "Submit" }).click();
    const output = page.getByLabel("output");
    await page.waitForFunction(() => [...document.querySelectorAll("input[type=number]")].some((i) => (i as HTMLInputElement).value === "42"));
    return output.inputValue();
  },
});
