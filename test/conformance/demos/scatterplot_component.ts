// Port of Gradio's demo/scatterplot_component: a ScatterPlot of cars, coloured by origin.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

// The original plots vega_datasets' cars table (a download); both sides here plot a few cars of it.
const CARS = [
  ["chevrolet chevelle malibu", 130, 18, "USA"],
  ["toyota corona mark ii", 95, 24, "Japan"],
  ["volkswagen 1131 deluxe sedan", 46, 26, "Europe"],
  ["ford torino", 140, 17, "USA"],
  ["datsun pl510", 88, 27, "Japan"],
  ["peugeot 504", 87, 25, "Europe"],
] as const;

export default defineDemo({
  name: "scatterplot_component",
  // Gradio's tooltip (which columns a hover shows) has no counterpart in gradio-ts' plot options.
  python: `
import gradio as gr
import pandas as pd

cars = pd.DataFrame(${JSON.stringify(CARS)}, columns=["Name", "Horsepower", "Miles_per_Gallon", "Origin"])

with gr.Blocks() as demo:
    gr.ScatterPlot(
        value=cars,
        x="Horsepower",
        y="Miles_per_Gallon",
        color="Origin",
        tooltip=["Name"],
        title="Car Data",
        y_title="Miles per Gallon",
        container=False,
    )
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.ScatterPlot({
        value: CARS.map(([Name, Horsepower, Miles_per_Gallon, Origin]) => ({ Name, Horsepower, Miles_per_Gallon, Origin })),
        x: "Horsepower",
        y: "Miles_per_Gallon",
        color: "Origin",
        title: "Car Data",
        yTitle: "Miles per Gallon",
        container: false,
      });
    }),
  browser: async (page) => {
    const title = page.getByText("Car Data").first();
    await title.waitFor();
    return title.isVisible();
  },
});
