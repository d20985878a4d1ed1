/**
 * Plotly figures, drawn by plotly.js: a chunk of its own, fetched only by a page showing one. plotly.js
 * puts its own rules in <style> elements, which the page's CSP refuses; it skips them when told its
 * styles are provided, and plot-plotly.css provides the ones a drawn figure needs.
 */
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

/** plotly.js's documented switch: an element with its style id and the class `no-inline-styles`. */
function declareStylesProvided(): void {
  const id = "plotly.js-style-global";
  if (document.getElementById(id)) return;
  const marker = document.createElement("meta");
  marker.id = id;
  marker.className = "no-inline-styles";
  document.head.appendChild(marker);
}

/** Draws the figure into `element`; the returned function frees it. */
export async function drawPlotly(element: HTMLElement, figure: PlotlyFigure): Promise<() => void> {
  const data = Array.isArray(figure.data) ? figure.data : [];
  // Gradio sizes the figure to its block unless the figure fixes a size.
  const layout = { autosize: true, ...objectOr(figure.layout) };
  // The mode bar colours its buttons through a per-figure <style> element: shown only when the figure asks.
  const config = { responsive: true, displaylogo: false, displayModeBar: false, ...objectOr(figure.config) };
  declareStylesProvided();
  await Plotly.newPlot(element, data, layout, config);
  if (Array.isArray(figure.frames) && figure.frames.length > 0) await Plotly.addFrames(element, figure.frames);
  return () => Plotly.purge(element);
}
