// Port of Gradio's demo/barplot_component: a BarPlot of a small inventory table.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

const ITEMS = ["A", "B", "C", "D", "E", "F", "G", "H", "I"];
const INVENTORY = [28, 55, 43, 91, 81, 53, 19, 87, 52];

export default defineDemo({
  name: "barplot_component",
  python: `
import gradio as gr
import pandas as pd

simple = pd.DataFrame(
    {
        "item": ["A", "B", "C", "D", "E", "F", "G", "H", "I"],
        "inventory": [28, 55, 43, 91, 81, 53, 19, 87, 52],
    }
)

with gr.Blocks() as demo:
    gr.BarPlot(value=simple, x="item", y="inventory", title="Simple Bar Plot", container=False)
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.BarPlot({
        value: ITEMS.map((item, i) => ({ item, inventory: INVENTORY[i]! })),
        x: "item",
        y: "inventory",
        title: "Simple Bar Plot",
        container: false,
      });
    }),
  browser: async (page) => {
    const title = page.getByText("Simple Bar Plot").first();
    await title.waitFor();
    return title.isVisible();
  },
});
