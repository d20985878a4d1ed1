/**
 * Vega-Lite specs (Altair's output), drawn by vega-embed: a chunk of its own, fetched only by a page showing
 * one. The page's CSP has no `unsafe-eval`, so expressions run in vega's interpreter rather than compiled
 * with `new Function`, and vega-embed's and the tooltip's own <style> elements are replaced by plot-vega.css.
 */
import embed from "vega-embed";
import { expressionInterpreter } from "vega-interpreter";
import "./plot-vega.css";

export type VegaLiteSpec = Record<string, unknown>;

/** Draws the spec into `element`; the returned function frees it. */
export async function drawVegaLite(element: HTMLElement, spec: VegaLiteSpec): Promise<() => void> {
  const result = await embed(element, spec as Parameters<typeof embed>[1], {
    ast: true,
    expr: expressionInterpreter,
    actions: false,
    defaultStyle: false,
    renderer: "svg",
    tooltip: { disableDefaultStyle: true },
  });
  return () => result.finalize();
}
