// Port of Gradio's demo/tabs: nested tabs, tab ids, a locked tab, tab updates, and select events.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

/** The `value` of the select event's data (the tab's label). */
const selectedValue = (eventData: unknown) => (eventData as { value?: unknown } | null)?.value ?? null;

export default defineDemo({
  name: "tabs",
  knownGap: "after the demo's steps the selected inner tab is Tab 5 here, Tab 3 in Gradio (a Tabs select update by tab id): not yet diagnosed",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    with gr.Tabs() as outer_tabs:
        with gr.Tab("Set 1"):
            with gr.Tabs(selected="a3") as tabs_1:
                tabset_1 = []
                textset_1 = []
                for i in range(10):
                    with gr.Tab(f"Tab {i+1}", id=f"a{i+1}") as tab:
                        gr.Markdown(f"Text {i+1}!")
                        textbox = gr.Textbox(label=f"Input {i+1}")
                        tabset_1.append(tab)
                        textset_1.append(textbox)
        with gr.Tab("Set 2"):
            tabset_2 = []
            textset_2 = []
            for i in range(10):
                with gr.Tab(f"Tab {i+11}") as tab:
                    gr.Markdown(f"Text {i+11}!")
                    textbox = gr.Textbox(label=f"Input {i+11}")
                    tabset_2.append(tab)
                    textset_2.append(textbox)

        for text1, text2 in zip(textset_1, textset_2):
            text1.submit(lambda x: x, text1, text2)

        with gr.Tab("Locked Tab", id="locked", interactive=False) as locked_tab:
            gr.Markdown("This tab was unlocked!")

    selected = gr.Textbox(label="Selected Tab")
    outer_selected = gr.Textbox(label="Outer Container Tab")
    select_count = gr.Number(label="Tab Select Count", value=0)
    with gr.Row():
        hide_odd_btn = gr.Button("Hide Odd Tabs")
        show_all_btn = gr.Button("Show All Tabs")
        make_even_uninteractive_btn = gr.Button("Make Even Tabs Uninteractive")
        make_all_interactive_btn = gr.Button("Make All Tabs Interactive")
        unlock_btn = gr.Button("Unlock Tab")

    select_tab_num = gr.Number(label="Select Tab #", value=1)

    hide_odd_btn.click(lambda: [gr.Tab(visible=i % 2 == 1) for i, _ in enumerate(tabset_1 + tabset_2)], outputs=(tabset_1 + tabset_2))
    show_all_btn.click(lambda: [gr.Tab(visible=True) for tab in tabset_1 + tabset_2], outputs=(tabset_1 + tabset_2))
    make_even_uninteractive_btn.click(lambda: [gr.Tab(interactive=i % 2 == 0) for i, _ in enumerate(tabset_1 + tabset_2)], outputs=(tabset_1 + tabset_2))
    make_all_interactive_btn.click(lambda: [gr.Tab(interactive=True) for tab in tabset_1 + tabset_2], outputs=(tabset_1 + tabset_2))
    unlock_btn.click(lambda: gr.Tab(interactive=True), outputs=locked_tab)
    select_tab_num.submit(lambda x: gr.Tabs(selected=f"a{x}"), inputs=select_tab_num, outputs=tabs_1)

    def get_selected_index(evt: gr.SelectData):
        return evt.value
    gr.on([tab.select for tab in tabset_1 + tabset_2], get_selected_index, outputs=selected)

    tab_select_count = {"n": 0}
    def count_tab_select():
        tab_select_count["n"] += 1
        return tab_select_count["n"]
    gr.on([tab.select for tab in tabset_1 + tabset_2], count_tab_select, outputs=select_count, trigger_mode="multiple")

    def get_outer_selected(evt: gr.SelectData):
        return evt.value
    outer_tabs.select(get_outer_selected, None, outer_selected)
`,
  app: () =>
    new gr.Blocks({}, () => {
      const tabset1: ReturnType<typeof gr.Tab>[] = [], textset1: gr.Textbox[] = [], tabset2: ReturnType<typeof gr.Tab>[] = [], textset2: gr.Textbox[] = [];
      let tabs1!: ReturnType<typeof gr.Tabs>, lockedTab!: ReturnType<typeof gr.Tab>;
      const tabOf = (label: string, options: gr.TabOptions, texts: gr.Textbox[], n: number) =>
        gr.Tab(label, options, () => {
          new gr.Markdown(`Text ${n}!`);
          texts.push(new gr.Textbox({ label: `Input ${n}` }));
        });
      const outerTabs = gr.Tabs(() => {
        gr.Tab("Set 1", () => {
          tabs1 = gr.Tabs({ selected: "a3" }, () => {
            for (let i = 0; i < 10; i++) tabset1.push(tabOf(`Tab ${i + 1}`, { id: `a${i + 1}` }, textset1, i + 1));
          });
        });
        gr.Tab("Set 2", () => {
          for (let i = 0; i < 10; i++) tabset2.push(tabOf(`Tab ${i + 11}`, {}, textset2, i + 11));
        });
        textset1.forEach((text1, i) => text1.submit({ fn: (x: string) => x, inputs: text1, outputs: textset2[i] }));
        lockedTab = gr.Tab("Locked Tab", { id: "locked", interactive: false }, () => {
          new gr.Markdown("This tab was unlocked!");
        });
      });
      const selected = new gr.Textbox({ label: "Selected Tab" });
      const outerSelected = new gr.Textbox({ label: "Outer Container Tab" });
      const selectCount = new gr.Number({ label: "Tab Select Count", value: 0 });
      let hideOdd!: gr.Button, showAll!: gr.Button, evenUninteractive!: gr.Button, allInteractive!: gr.Button, unlock!: gr.Button;
      gr.Row(() => {
        hideOdd = new gr.Button("Hide Odd Tabs");
        showAll = new gr.Button("Show All Tabs");
        evenUninteractive = new gr.Button("Make Even Tabs Uninteractive");
        allInteractive = new gr.Button("Make All Tabs Interactive");
        unlock = new gr.Button("Unlock Tab");
      });
      const selectTabNum = new gr.Number({ label: "Select Tab #", value: 1 });
      const allTabs = [...tabset1, ...tabset2];
      hideOdd.click({ fn: () => allTabs.map((_, i) => gr.update({ visible: i % 2 === 1 })), outputs: allTabs });
      showAll.click({ fn: () => allTabs.map(() => gr.update({ visible: true })), outputs: allTabs });
      evenUninteractive.click({ fn: () => allTabs.map((_, i) => gr.update({ interactive: i % 2 === 0 })), outputs: allTabs });
      allInteractive.click({ fn: () => allTabs.map(() => gr.update({ interactive: true })), outputs: allTabs });
      unlock.click({ fn: () => gr.update({ interactive: true }), outputs: lockedTab });
      selectTabNum.submit({ fn: (x: number) => gr.update({ selected: `a${x}` }), inputs: selectTabNum, outputs: tabs1 });
      const tabSelects = allTabs.map((tab) => [tab, "select"] as const);
      gr.on(tabSelects, {
        inputs: [],
        outputs: selected,
        fn: function get_selected_index({ eventData }: gr.EventContext) {
          return selectedValue(eventData);
        },
      });
      let count = 0;
      gr.on(tabSelects, {
        outputs: selectCount,
        triggerMode: "multiple",
        fn: function count_tab_select() {
          return ++count;
        },
      });
      gr.on([[outerTabs, "select"]], {
        inputs: [],
        outputs: outerSelected,
        fn: function get_outer_selected({ eventData }: gr.EventContext) {
          return selectedValue(eventData);
        },
      });
    }),
  calls: [{ api: "/count_tab_select", args: [] }],
  browser: async (page) => {
    await page.getByRole("tab", { name: "Tab 5" }).click();
    const selected = await until(() => page.getByLabel("Selected Tab").inputValue(), (text) => text !== "");
    await page.getByRole("tab", { name: "Set 2" }).click();
    const outer = await until(() => page.getByLabel("Outer Container Tab").inputValue(), (text) => text !== "");
    const lockedDisabled = await page.getByRole("tab", { name: "Locked Tab" }).isDisabled();
    return { selected, outer, lockedDisabled, text: await page.getByText("Text 11!").isVisible() };
  },
});
