// Port of Gradio's demo/filter_records: a table of people in, the rows of one gender out.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

const PEOPLE = {
  headers: ["name", "age", "gender"],
  data: [
    ["Ada", 36, "F"],
    ["Alan", 41, "M"],
    ["Sam", 29, "O"],
    ["Grace", 85, "F"],
    ["Linus", 54, "M"],
  ],
};

export default defineDemo({
  name: "filter_records",
  python: `
import gradio as gr

def filter_records(records, gender):
    return records[records["gender"] == gender]

demo = gr.Interface(
    filter_records,
    [
        gr.Dataframe(
            headers=["name", "age", "gender"],
            datatype=["str", "number", "str"],
            row_count=5,
            column_count=3,
            column_limits=(3, 3),
        ),
        gr.Dropdown(["M", "F", "O"]),
    ],
    "dataframe",
    api_name="predict",
    description="Enter gender as 'M', 'F', or 'O' for other.",
)
`,
  app: () =>
    new gr.Interface({
      fn: function filterRecords(records: gr.DataframeValue, gender: string | number | (string | number)[]) {
        const column = records.headers.indexOf("gender");
        return { headers: records.headers, data: records.data.filter((row) => row[column] === gender) };
      },
      inputs: [
        new gr.Dataframe({ headers: ["name", "age", "gender"], datatype: ["str", "number", "str"], rowCount: 5, colCount: [3, "fixed"] }),
        new gr.Dropdown({ choices: ["M", "F", "O"] }),
      ],
      outputs: "dataframe",
      apiName: "predict",
      description: "Enter gender as 'M', 'F', or 'O' for other.",
    }),
  calls: [
    { api: "/predict", args: [PEOPLE, "F"] },
    { api: "/predict", args: [PEOPLE, "O"] },
  ],
  knownGap: "Dataframe API info: Gradio types cells as Any and gives the input its empty table as default; our page shows the headers of an empty table where Gradio shows none",
  browser: async (page) => {
    const description = page.getByText("Enter gender as 'M', 'F', or 'O' for other.");
    await description.waitFor();
    return [await description.isVisible(), (await page.getByRole("columnheader").allInnerTexts()).map((t) => t.trim()).filter(Boolean).slice(0, 3)];
  },
});
