// Port of Gradio's demo/blocks_simple_squares: two States (a number and a dict) updated by one click.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

type Stats = Record<string, number>;

export default defineDemo({
  name: "blocks_simple_squares",
  python: `
import gradio as gr

demo = gr.Blocks()

with demo:
    default_json = {"a": "a"}

    num = gr.State(value=0)
    squared = gr.Number(value=0)
    btn = gr.Button("Next Square", elem_id="btn", elem_classes=["abc", "def"])

    stats = gr.State(value=default_json)
    table = gr.JSON()

    def increase(var, stats_history):
        var += 1
        stats_history[str(var)] = var**2
        return var, var**2, stats_history, stats_history

    btn.click(increase, [num, stats], [num, squared, stats, table])
`,
  app: () =>
    new gr.Blocks({}, () => {
      const num = new gr.State<number>(0);
      const squared = new gr.Number({ value: 0 });
      const btn = new gr.Button({ value: "Next Square", elemId: "btn", elemClasses: ["abc", "def"] });
      const stats = new gr.State<Stats>({ value: { a: "a" } as unknown as Stats });
      const table = new gr.JSON();
      btn.click({
        inputs: [num, stats],
        outputs: [num, squared, stats, table],
        fn: function increase(count: number | null, history: Stats | null) {
          const next = (count ?? 0) + 1;
          const stats = { ...history, [String(next)]: next ** 2 };
          return [next, next ** 2, stats, stats];
        },
      });
    }),
  calls: [{ api: "/increase", args: [] }],
  browser: async (page) => {
    const button = page.getByRole("button", { name: "Next Square" });
    await button.click();
    const squared = page.getByRole("spinbutton");
    await until(() => squared.inputValue(), (value) => value === "1");
    await button.click();
    return until(() => squared.inputValue(), (value) => value === "4");
  },
});
