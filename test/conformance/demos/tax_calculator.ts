// Port of Gradio's demo/tax_calculator: a live Interface over a typed Dataframe, with examples.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

const BRACKETS: [number, number][] = [
  [10, 0],
  [25, 8],
  [60, 12],
  [120, 20],
  [250, 30],
];

function tax_calculator(income: number, marital_status: unknown, assets: gr.DataframeValue) {
  const cost = assets.headers.indexOf("Cost");
  const deductible = assets.headers.indexOf("Deductible");
  const totalDeductible = assets.data.filter((row) => row[deductible]).reduce((sum, row) => sum + Number(row[cost]), 0);
  const taxable = income - totalDeductible;
  let tax = BRACKETS.filter(([bracket]) => taxable > bracket).reduce((sum, [bracket, rate]) => sum + ((taxable - bracket) * rate) / 100, 0);
  if (marital_status === "Married") tax *= 0.75;
  else if (marital_status === "Divorced") tax *= 0.8;
  return Math.round(tax);
}

export default defineDemo({
  name: "tax_calculator",
  knownGap: "Dataframe API info: Gradio gives a Dataframe input its value as default and types its cells as Any",
  python: `
import gradio as gr

def tax_calculator(income, marital_status, assets):
    tax_brackets = [(10, 0), (25, 8), (60, 12), (120, 20), (250, 30)]
    total_deductible = sum(cost for cost, deductible in zip(assets["Cost"], assets["Deductible"]) if deductible)
    taxable_income = income - total_deductible
    total_tax = 0
    for bracket, rate in tax_brackets:
        if taxable_income > bracket:
            total_tax += (taxable_income - bracket) * rate / 100
    if marital_status == "Married":
        total_tax *= 0.75
    elif marital_status == "Divorced":
        total_tax *= 0.8
    return round(total_tax)

demo = gr.Interface(
    tax_calculator,
    [
        "number",
        gr.Radio(["Single", "Married", "Divorced"]),
        gr.Dataframe(headers=["Item", "Cost", "Deductible"], datatype=["str", "number", "bool"], label="Assets Purchased this Year"),
    ],
    gr.Number(label="Tax due"),
    examples=[
        [10000, "Married", [["Suit", 5000, True], ["Laptop (for work)", 800, False], ["Car", 1800, True]]],
        [80000, "Single", [["Suit", 800, True], ["Watch", 1800, True], ["Food", 800, True]]],
    ],
    live=True,
    api_name="predict",
)
`,
  app: () =>
    new gr.Interface({
      fn: tax_calculator,
      inputs: [
        "number",
        new gr.Radio({ choices: ["Single", "Married", "Divorced"] }),
        new gr.Dataframe({ headers: ["Item", "Cost", "Deductible"], datatype: ["str", "number", "bool"], label: "Assets Purchased this Year" }),
      ],
      outputs: new gr.Number({ label: "Tax due" }),
      examples: [
        [10000, "Married", [["Suit", 5000, true], ["Laptop (for work)", 800, false], ["Car", 1800, true]]],
        [80000, "Single", [["Suit", 800, true], ["Watch", 1800, true], ["Food", 800, true]]],
      ],
      live: true,
      apiName: "predict",
    }),
  calls: [
    {
      api: "/predict",
      args: [10000, "Married", { headers: ["Item", "Cost", "Deductible"], data: [["Suit", 5000, true], ["Laptop (for work)", 800, false], ["Car", 1800, true]] }],
    },
    {
      api: "/predict",
      args: [80000, "Single", { headers: ["Item", "Cost", "Deductible"], data: [["Suit", 800, true], ["Watch", 1800, true], ["Food", 800, true]] }],
    },
  ],
});
