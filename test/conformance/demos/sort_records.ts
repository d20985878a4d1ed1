// Port of Gradio's demo/sort_records: a two-column table sorted by Quantity.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

const ITEMS = { headers: ["Item", "Quantity"], data: [["apples", 7], ["pears", 2], ["plums", 5]] };

export default defineDemo({
  name: "sort_records",
  // The original asks for a polars DataFrame; the twin uses pandas (polars is not in the test virtualenv),
  // which sorts the same rows the same way.
  python: `
import gradio as gr

def sort_records(records):
    return records.sort_values("Quantity")

demo = gr.Interface(
    sort_records,
    gr.Dataframe(
        headers=["Item", "Quantity"],
        datatype=["str", "number"],
        row_count=3,
        column_count=2,
        column_limits=(2, 2),
    ),
    "dataframe",
    description="Sort by Quantity",
)
`,
  app: () =>
    new gr.Interface({
      fn: function sort_records(records: gr.DataframeValue) {
        const column = records.headers.indexOf("Quantity");
        return { headers: records.headers, data: [...records.data].sort((a, b) => Number(a[column]) - Number(b[column])) };
      },
      inputs: new gr.Dataframe({ headers: ["Item", "Quantity"], datatype: ["str", "number"], rowCount: 3, colCount: [2, "fixed"] }),
      outputs: "dataframe",
      description: "Sort by Quantity",
    }),
  calls: [{ api: "/sort_records", args: [ITEMS] }],
  knownGap: "Dataframe API info: Gradio gives a Dataframe input its value as default and types it as dict(headers: list[Any], data: list[list[Any]], metadata)",
  browser: async (page) => {
    const description = page.getByText("Sort by Quantity");
    await description.waitFor();
    return [await description.isVisible(), (await page.getByRole("columnheader").allInnerTexts()).map((t) => t.trim()).filter(Boolean).slice(0, 2)];
  },
});
