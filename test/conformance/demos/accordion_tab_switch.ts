// Port of Gradio's demo/accordion_tab_switch: updates that open an accordion and switch the selected tab.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

export default defineDemo({
  name: "accordion_tab_switch",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    with gr.Tabs() as tabs:
        with gr.Tab("Tab 1", id="t1"):
            with gr.Accordion("Accordion", open=False) as acc:
                name = gr.Textbox(label="Name")

            accordion_open = gr.Checkbox(label="Accordion Open", value=False)

            accordion_open.change(
                fn=lambda is_open: gr.update(open=is_open),
                inputs=accordion_open,
                outputs=acc,
            )
        with gr.Tab("Tab 2", id="t2"):
            gr.Markdown("This is Tab 2 content.")

    swith_tabs_btn = gr.Button("Switch to Tab 2")
    swith_tabs_btn.click(
        fn=lambda: gr.Tabs(selected="t2"),
        inputs=None,
        outputs=tabs,
    )
`,
  app: () =>
    new gr.Blocks({}, () => {
      const tabs = gr.Tabs(() => {
        gr.Tab("Tab 1", { id: "t1" }, () => {
          const acc = gr.Accordion("Accordion", { open: false }, () => {
            new gr.Textbox({ label: "Name" });
          });
          const accordionOpen = new gr.Checkbox({ label: "Accordion Open", value: false });
          // Gradio takes layouts as outputs; gradio-ts's types do not have that yet.
          accordionOpen.change({ fn: (is_open: boolean) => gr.update({ open: is_open }), inputs: accordionOpen, outputs: acc as unknown as gr.Component });
        });
        gr.Tab("Tab 2", { id: "t2" }, () => {
          new gr.Markdown("This is Tab 2 content.");
        });
      });
      new gr.Button("Switch to Tab 2").click({ fn: () => gr.update({ selected: "t2" }), outputs: tabs as unknown as gr.Component });
    }),
  browser: async (page) => {
    await page.getByLabel("Accordion Open").check();
    const nameShown = await until(() => page.getByLabel("Name").isVisible(), (shown) => shown);
    await page.getByRole("button", { name: "Switch to Tab 2" }).click();
    const tab2 = await until(() => page.getByText("This is Tab 2 content.").isVisible(), (shown) => shown);
    return { nameShown, tab2 };
  },
});
