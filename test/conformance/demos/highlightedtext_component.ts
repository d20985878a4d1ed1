// Port of Gradio's demo/highlightedtext_component: HighlightedText with a color map, adjacent spans combined.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

export default defineDemo({
  name: "highlightedtext_component",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gr.HighlightedText(
        value=[("This is highlighted", "highlight"), ("This is not", None), ("This is also highlighted", "highlight")],
        color_map={"highlight": "yellow"},
        combine_adjacent=True,
    )
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.HighlightedText({
        value: [
          ["This is highlighted", "highlight"],
          ["This is not", null],
          ["This is also highlighted", "highlight"],
        ],
        colorMap: { highlight: "yellow" },
        combineAdjacent: true,
      });
    }),
  knownGap: "combineAdjacent: the page shows the adjacent spans differently from Gradio",
  browser: async (page) => {
    await page.getByText("This is also highlighted").waitFor();
    return [await page.getByText("This is highlighted", { exact: true }).isVisible(), await page.getByText("This is not").isVisible()];
  },
});
