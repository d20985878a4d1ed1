// Port of Gradio's demo/hello_world: the smallest Interface.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "hello_world",
  python: `
import gradio as gr

def greet(name):
    return "Hello " + name + "!"

demo = gr.Interface(fn=greet, inputs="textbox", outputs="textbox")
`,
  app: () => new gr.Interface({ fn: function greet(name: string) { return `Hello ${name}!`; }, inputs: "textbox", outputs: "textbox" }),
  calls: [{ api: "/greet", args: ["World"] }],
  browser: async (page) => {
    await page.getByLabel("name").fill("Ada");
    await page.getByRole("button", { name: "Submit" }).click();
    const output = page.getByLabel("output");
    await page.waitForFunction(() => [...document.querySelectorAll("textarea")].some((t) => t.value === "Hello Ada!"));
    return output.inputValue();
  },
});
