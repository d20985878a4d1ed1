// Port of Gradio's demo/on_listener_basic: gr.on with two triggers, the fn told which one fired, then a chain.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

export default defineDemo({
  name: "on_listener_basic",
  knownGap:
    "EventData.target: Gradio gives the fn the component that fired (Button / Textbox, NoneType through " +
    "the API); gradio-ts's EventContext does not say which trigger fired",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    name = gr.Textbox(label="Name")
    output = gr.Textbox(label="Output Box")
    greet_btn = gr.Button("Greet")
    trigger = gr.Textbox(label="Trigger Box")

    def greet(name, evt_data: gr.EventData):
        return "Hello " + name + "!", evt_data.target.__class__.__name__

    def clear_name(evt_data: gr.EventData):
        return ""

    gr.on(
        triggers=[name.submit, greet_btn.click],
        fn=greet,
        inputs=name,
        outputs=[output, trigger],
    ).then(clear_name, outputs=[name])
`,
  app: () =>
    new gr.Blocks({}, () => {
      const name = new gr.Textbox({ label: "Name" });
      const output = new gr.Textbox({ label: "Output Box" });
      const greetBtn = new gr.Button("Greet");
      const trigger = new gr.Textbox({ label: "Trigger Box" });
      gr.on([[name, "submit"], [greetBtn, "click"]], {
        inputs: name,
        outputs: [output, trigger],
        // The closest gradio-ts has to evt_data.target: the page's event data names no target.
        fn: function greet(name: string, { eventData }: gr.EventContext) {
          return [`Hello ${name}!`, eventData === null ? "NoneType" : "unknown"];
        },
      }).then({
        outputs: [name],
        fn: function clear_name() {
          return "";
        },
      });
    }),
  calls: [{ api: "/greet", args: ["Ada"] }],
  browser: async (page) => {
    await page.getByLabel("Name").fill("Ada");
    await page.getByRole("button", { name: "Greet" }).click();
    const output = await until(() => page.getByLabel("Output Box").inputValue(), (text) => text !== "");
    const trigger = await until(() => page.getByLabel("Trigger Box").inputValue(), (text) => text !== "");
    const cleared = await until(() => page.getByLabel("Name").inputValue(), (text) => text === "");
    return { output, trigger, cleared };
  },
});
