// Port of Gradio's demo/json_component: a JSON value (of every JSON type) copied to another JSON by a button.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "json_component",
  python: `
import gradio as gr
import numpy as np

with gr.Blocks() as demo:
    inp = gr.JSON(
        label="InputJSON",
        value={
            "Key 1": "Value 1",
            "Key 2": {"Key 3": "Value 2", "Key 4": "Value 3"},
            "Key 5": ["Item 1", "Item 2", "Item 3"],
            "Key 6": 123,
            "Key 7": 123.456,
            "Key 8": True,
            "Key 9": False,
            "Key 10": None,
            "Key 11": np.array([1, 2, 3]),
        },
    )
    out = gr.JSON(label="OutputJSON")
    btn = gr.Button("Submit")
    btn.click(lambda x: x, inp, out)
`,
  app: () =>
    new gr.Blocks({}, () => {
      // Gradio's demo holds a numpy array under "Key 11"; Gradio sends it as a plain list, as here.
      const inp = new gr.JSON({
        label: "InputJSON",
        value: {
          "Key 1": "Value 1",
          "Key 2": { "Key 3": "Value 2", "Key 4": "Value 3" },
          "Key 5": ["Item 1", "Item 2", "Item 3"],
          "Key 6": 123,
          "Key 7": 123.456,
          "Key 8": true,
          "Key 9": false,
          "Key 10": null,
          "Key 11": [1, 2, 3],
        },
      });
      const out = new gr.JSON({ label: "OutputJSON" });
      new gr.Button("Submit").click({ fn: (x: gr.JsonValue) => x, inputs: [inp], outputs: [out] });
    }),
  calls: [
    { api: "/lambda", args: [{ a: 1, b: [true, null, "x"] }] },
    { api: "/lambda", args: [[1, 2.5, "three"]] },
  ],
  browser: async (page) => {
    await page.getByRole("button", { name: "Submit" }).click();
    const output = page.getByText("OutputJSON").locator("xpath=ancestor::*[contains(@class,'block')][1]");
    await output.getByText("Value 3").waitFor();
    return (await output.getByText("Item 2").count()) > 0;
  },
});
