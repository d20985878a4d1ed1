// Port of Gradio's demo/matrix_transpose: a numeric Dataframe in, its transpose out ("numpy" output).
// The original's random examples are fixed matrices here, so both sides show the same ones.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

const grid = (rows: number, cols: number, at: (r: number, c: number) => number) =>
  Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => at(r, c)));
const examples = [[grid(30, 30, () => 0)], [grid(2, 2, () => 1)], [grid(3, 10, (r, c) => (r * 7 + c * 3) % 10)], [grid(10, 3, (r, c) => (r + c * 5) % 10)]];

export default defineDemo({
  name: "matrix_transpose",
  knownGap: "Dataframe has no type: 'numpy' (nor the 'numpy' shortcut), so the API types differ",
  python: `
import numpy as np
import gradio as gr

def transpose(matrix):
    return matrix.T

def grid(rows, cols, at):
    return [[at(r, c) for c in range(cols)] for r in range(rows)]

demo = gr.Interface(
    transpose,
    gr.Dataframe(type="numpy", datatype="number", row_count=5, column_count=3, buttons=["fullscreen"]),
    "numpy",
    examples=[
        [grid(30, 30, lambda r, c: 0)],
        [grid(2, 2, lambda r, c: 1)],
        [grid(3, 10, lambda r, c: (r * 7 + c * 3) % 10)],
        [grid(10, 3, lambda r, c: (r + c * 5) % 10)],
    ],
    cache_examples=False,
    api_name="predict",
)
`,
  app: () =>
    new gr.Interface({
      // Gradio's fn gets a numpy array; here the table's rows (Dataframe has no \`type\` option yet).
      fn: function transpose(matrix: gr.DataframeValue) {
        return matrix.data[0]?.map((_, c) => matrix.data.map((row) => row[c]!)) ?? [];
      },
      inputs: new gr.Dataframe({ datatype: "number", rowCount: 5, colCount: 3, showFullscreenButton: true }),
      // Gradio's "numpy" shortcut: a Dataframe whose value is an array.
      outputs: new gr.Dataframe(),
      examples,
      cacheExamples: false,
      apiName: "predict",
    }),
  calls: [
    {
      api: "/predict",
      args: [{ headers: ["1", "2", "3"], data: [[1, 2, 3], [4, 5, 6]] }],
    },
  ],
});
