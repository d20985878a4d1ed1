/**
 * gr.Plot: Gradio's PlotData (`{ type, plot }`, the figure as JSON) drawn by the figure's own library.
 * plotly.js and vega-embed are large, so each is a chunk fetched only when a page shows such a figure;
 * a matplotlib figure is an image already.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { Frame, Label, text, useProps } from "../block.js";
import "./components.css";

type Draw = (element: HTMLElement, figure: Record<string, unknown>) => Promise<() => void>;
const RENDERERS: Record<string, () => Promise<Draw>> = {
  plotly: () => import("./plot-plotly.js").then((m) => m.drawPlotly),
  altair: () => import("./plot-vega.js").then((m) => m.drawVegaLite),
};

interface Figure {
  type: string;
  plot: string;
}

function figureOf(value: unknown): Figure | null {
  if (!value || typeof value !== "object") return null;
  const { type, plot } = value as Record<string, unknown>;
  return typeof type === "string" && typeof plot === "string" ? { type, plot } : null;
}

function parseFigure(plot: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(plot);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function FigureCanvas({ figure }: { figure: Figure }) {
  const host = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    const element = host.current;
    const load = RENDERERS[figure.type];
    const parsed = parseFigure(figure.plot);
    if (!element || !load) return;
    if (!parsed) return setFailed("The plot is not valid JSON.");
    setFailed(null);
    let free: (() => void) | null = null;
    let gone = false;
    load()
      .then((draw) => draw(element, parsed))
      .then((release) => (gone ? release() : (free = release)))
      .catch((error: unknown) =>
        setFailed(`The plot could not be drawn: ${error instanceof Error ? error.message : ""}`),
      );
    return () => {
      gone = true;
      free?.();
    };
  }, [figure.type, figure.plot]);
  if (!RENDERERS[figure.type]) return <p class="empty">{`${figure.type} plots cannot be shown here`}</p>;
  return (
    <>
      <div ref={host} class={`plot plot-${figure.type}`} data-testid={`plot-${figure.type}`} />
      {failed ? <p class="empty">{failed}</p> : null}
    </>
  );
}

export function Plot({ id }: { id: number }) {
  const props = useProps(id);
  const figure = figureOf(props.value);
  return (
    <Frame id={id} type="plot" props={props}>
      <Label props={props} fallback="Plot" as="span" />
      {!figure ? (
        <p class="empty">No plot</p>
      ) : figure.type === "matplotlib" ? (
        <img class="plot plot-matplotlib" src={figure.plot} alt={text(props.label) || "Plot"} />
      ) : (
        <FigureCanvas figure={figure} />
      )}
    </Frame>
  );
}
