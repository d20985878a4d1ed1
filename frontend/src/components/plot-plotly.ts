/**
 * Plotly figures, drawn by plotly.js: a chunk of its own, fetched only by a page showing one. Its style
 * rules come from plot-plotly.css rather than <style> elements (see plotly-styles.ts).
 */
import "./plotly-styles.js";
import Plotly from "plotly.js-dist-min";
import "./plot-plotly.css";

export interface PlotlyFigure {
  data?: unknown;
  layout?: unknown;
  frames?: unknown;
  config?: unknown;
}

const objectOr = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** Draws the figure into `element`; the returned function frees it. */
export async function drawPlotly(element: HTMLElement, figure: PlotlyFigure): Promise<() => void> {
  const data = Array.isArray(figure.data) ? figure.data : [];
  // Gradio sizes the figure to its block unless the figure fixes a size.
  const layout = { autosize: true, ...objectOr(figure.layout) };
  // The mode bar colours its buttons through a per-figure <style> element: shown only when the figure asks.
  const config = { responsive: true, displaylogo: false, displayModeBar: false, ...objectOr(figure.config) };
  await Plotly.newPlot(element, data, layout, config);
  if (Array.isArray(figure.frames) && figure.frames.length > 0) await Plotly.addFrames(element, figure.frames);
  return () => Plotly.purge(element);
}
