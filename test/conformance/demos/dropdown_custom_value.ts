// Port of Gradio's demo/dropdown_custom_value: (label, value) choices, custom values, a change event.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "dropdown_custom_value",
  knownGap: "with allowCustomValue Gradio still types the value as a Literal of the choices; ours says str",
  python: `
import gradio

with gradio.Blocks() as demo:
    dropdown = gradio.Dropdown(
        choices=[("hello", "goodbye"), ("abc", "123")],
        allow_custom_value=True,
        label="Dropdown",
    )
    text = gradio.Textbox(label="Output")
    dropdown.change(lambda x: x, inputs=dropdown, outputs=text)
`,
  app: () =>
    new gr.Blocks({}, () => {
      const dropdown = new gr.Dropdown({
        choices: [
          ["hello", "goodbye"],
          ["abc", "123"],
        ],
        allowCustomValue: true,
        label: "Dropdown",
      });
      const text = new gr.Textbox({ label: "Output" });
      dropdown.change({ fn: (x: string | number | (string | number)[]) => x, inputs: dropdown, outputs: text });
    }),
  calls: [
    { api: "/lambda", args: ["123"] },
    { api: "/lambda", args: ["something typed"] },
  ],
  browser: async (page) => {
    const box = page.getByLabel("Dropdown");
    await box.fill("my own value");
    await box.press("Enter");
    const output = page.getByLabel("Output");
    // Bounded poll: the change event fills the Output box.
    for (let i = 0; i < 100 && (await output.inputValue()) !== "my own value"; i++) await page.waitForTimeout(100);
    return output.inputValue();
  },
});
