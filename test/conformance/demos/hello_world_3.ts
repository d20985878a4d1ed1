// Port of Gradio's demo/hello_world_3: an Interface with text, checkbox and slider inputs and two outputs.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "hello_world_3",
  python: `
import gradio as gr

def greet(name, is_morning, temperature):
    salutation = "Good morning" if is_morning else "Good evening"
    greeting = f"{salutation} {name}. It is {temperature} degrees today"
    celsius = (temperature - 32) * 5 / 9
    return greeting, round(celsius, 2)

demo = gr.Interface(
    fn=greet,
    inputs=["text", "checkbox", gr.Slider(0, 100)],
    outputs=["text", "number"],
    api_name="predict",
)
`,
  app: () =>
    new gr.Interface({
      fn: function greet(name: string, is_morning: boolean, temperature: number) {
        const salutation = is_morning ? "Good morning" : "Good evening";
        const celsius = ((temperature - 32) * 5) / 9;
        return [`${salutation} ${name}. It is ${temperature} degrees today`, Math.round(celsius * 100) / 100];
      },
      inputs: ["text", "checkbox", new gr.Slider({ minimum: 0, maximum: 100 })],
      outputs: ["text", "number"],
      apiName: "predict",
    }),
  calls: [
    { api: "/predict", args: ["Ada", true, 50] },
    { api: "/predict", args: ["Bob", false, 0] },
  ],
  browser: async (page) => {
    await page.getByLabel("name").fill("Ada");
    await page.getByLabel("is_morning").check();
    await page.getByRole("button", { name: "Submit" }).click();
    await page.waitForFunction(() => [...document.querySelectorAll("input, textarea")].some((t) => (t as HTMLInputElement).value.startsWith("Good")));
    return page.getByLabel("output 0").inputValue();
  },
});
