// Port of Gradio's demo/lineplot_component: a LinePlot of stock prices, one line per symbol.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

// The original plots vega_datasets' stocks table (a download); both sides here plot a small table of the same shape.
const STOCKS = [
  ["2020-01-01", 10, "AAA"],
  ["2020-02-01", 12, "AAA"],
  ["2020-03-01", 9, "AAA"],
  ["2020-01-01", 20, "BBB"],
  ["2020-02-01", 18, "BBB"],
  ["2020-03-01", 25, "BBB"],
] as const;

export default defineDemo({
  name: "lineplot_component",
  python: `
import gradio as gr
import pandas as pd

stocks = pd.DataFrame(${JSON.stringify(STOCKS)}, columns=["date", "price", "symbol"])
stocks["date"] = pd.to_datetime(stocks["date"])

with gr.Blocks() as demo:
    gr.LinePlot(
        stocks,
        x="date",
        y="price",
        color="symbol",
        title="Stock Prices",
        tooltip=["date", "price", "symbol"],
        height=300,
        container=False,
    )
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.LinePlot({
        value: STOCKS.map(([date, price, symbol]) => ({ date, price, symbol })),
        x: "date",
        y: "price",
        color: "symbol",
        title: "Stock Prices",
        tooltip: ["date", "price", "symbol"],
        height: 300,
        container: false,
      });
    }),
  browser: async (page) => {
    const title = page.getByText("Stock Prices").first();
    await title.waitFor();
    return title.isVisible();
  },
});
