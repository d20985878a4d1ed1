/**
 * Line, bar and scatter charts from the server's small spec, drawn with uPlot (a lazy chunk: ~20 KB
 * gzipped; it styles through the CSSOM, so it runs under the page's CSP). Hovering shows the values in
 * the legend. Categorical x values become evenly spaced ticks; ISO dates become a time axis.
 */
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { Frame, Label, num, text, useProps } from "../block.js";
import "./components.css";

type Row = Record<string, string | number | boolean | null>;
interface Spec {
  type: "line" | "bar" | "scatter";
  data: Row[];
  x: string;
  y: string;
  color?: string | null;
  title?: string | null;
  x_title?: string | null;
  y_title?: string | null;
  x_lim?: [number, number] | null;
  y_lim?: [number, number] | null;
}

const PALETTE = [
  "#f97316",
  "#2563eb",
  "#16a34a",
  "#dc2626",
  "#9333ea",
  "#0891b2",
  "#ca8a04",
  "#db2777",
  "#4b5563",
  "#65a30d",
];

function specOf(value: unknown, props: Record<string, unknown>, type: string): Spec | null {
  if (!value || typeof value !== "object") return null;
  const spec = value as Partial<Spec>;
  if (!Array.isArray(spec.data)) return null;
  const kind = spec.type ?? (type === "barplot" ? "bar" : type === "scatterplot" ? "scatter" : "line");
  const x = spec.x ?? text(props.x);
  const y = spec.y ?? text(props.y);
  if (!x || !y) return null;
  return { ...spec, type: kind, x, y, data: spec.data } as Spec;
}

/** Columns for uPlot: x values (numbers), one y series per colour group. */
export function toColumns(spec: Spec): {
  xs: number[];
  series: { name: string; values: (number | null)[] }[];
  categories: string[] | null;
  time: boolean;
} {
  const raw = spec.data.map((row) => row[spec.x]);
  const numeric = raw.every((v) => typeof v === "number");
  const time =
    !numeric && raw.every((v) => typeof v === "string" && /^\d{4}-\d\d-\d\d/.test(v) && Number.isFinite(Date.parse(v)));
  const categories = numeric || time ? null : [...new Set(raw.map((v) => String(v)))];
  const xOf = (v: unknown) =>
    numeric ? (v as number) : time ? Date.parse(v as string) / 1000 : categories!.indexOf(String(v));
  const xs = [...new Set(spec.data.map((row) => xOf(row[spec.x])))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const groups = new Map<string, (number | null)[]>();
  for (const row of spec.data) {
    const name = spec.color ? String(row[spec.color] ?? "") : spec.y;
    let values = groups.get(name);
    if (!values) groups.set(name, (values = xs.map(() => null)));
    const y = row[spec.y];
    values[index.get(xOf(row[spec.x]))!] = typeof y === "number" ? y : y === null || y === "" ? null : Number(y);
  }
  return { xs, series: [...groups].map(([name, values]) => ({ name, values })), categories, time };
}

export function Plot({ id, type = "plot", spec: given }: { id: number; type?: string; spec?: Spec | null }) {
  const props = useProps(id);
  const host = useRef<HTMLDivElement>(null);
  const spec = given === undefined ? specOf(props.value, props, type) : given;
  const key = JSON.stringify(spec);
  useEffect(() => {
    const element = host.current;
    if (!element || !spec) return;
    const { xs, series, categories, time } = toColumns(spec);
    const styles = getComputedStyle(element);
    const axisColor = styles.color;
    const gridColor = styles.getPropertyValue("--border").trim() || "#e5e7eb";
    const barPaths = uPlot.paths.bars!({ size: [Math.min(0.9, 0.7 / Math.max(1, series.length) + 0.2), 80] });
    const height = num(props.height) ?? 300;
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height,
      title: spec.title ?? undefined,
      scales: {
        x: {
          time,
          ...(spec.x_lim
            ? { range: spec.x_lim }
            : categories
              ? { range: [-0.5, categories.length - 0.5] as [number, number] }
              : {}),
        },
        y: spec.y_lim
          ? { range: spec.y_lim }
          : spec.type === "bar"
            ? { range: (_u, min, max) => [Math.min(0, min), Math.max(0, max) * 1.05 || 1] }
            : {},
      },
      axes: [
        {
          stroke: axisColor,
          grid: { stroke: gridColor },
          ticks: { stroke: gridColor },
          label: spec.x_title ?? spec.x,
          ...(categories
            ? {
                splits: () => categories.map((_, i) => i),
                values: (_u: uPlot, splits: number[]) => splits.map((i) => categories[i] ?? ""),
              }
            : {}),
        },
        { stroke: axisColor, grid: { stroke: gridColor }, ticks: { stroke: gridColor }, label: spec.y_title ?? spec.y },
      ],
      legend: { show: props.show_legend !== false },
      series: [
        {
          label: spec.x,
          value: categories ? (_u: uPlot, v: number | null) => (v === null ? "" : (categories[v] ?? "")) : undefined,
        },
        ...series.map((s, i) => {
          const color = PALETTE[i % PALETTE.length]!;
          return spec.type === "bar"
            ? { label: s.name, stroke: color, fill: `${color}99`, paths: barPaths, points: { show: false } }
            : spec.type === "scatter"
              ? {
                  label: s.name,
                  stroke: color,
                  paths: () => null,
                  points: { show: true, size: 7, fill: color, stroke: color },
                }
              : { label: s.name, stroke: color, width: 2, spanGaps: true, points: { show: xs.length < 60 } };
        }),
      ],
    };
    const chart = new uPlot(options, [xs, ...series.map((s) => s.values)] as uPlot.AlignedData, element);
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [key, props.height, props.show_legend]);
  return (
    <Frame id={id} type={type} props={props}>
      <Label props={props} fallback="Plot" as="span" />
      {spec ? (
        <div
          ref={host}
          class="plot"
          role="img"
          aria-label={`${spec.type} chart${spec.title ? `: ${spec.title}` : ""}, ${spec.data.length} points`}
        />
      ) : (
        <p class="empty">No plot</p>
      )}
    </Frame>
  );
}

const MARKS: Record<string, Spec["type"]> = { line: "line", point: "scatter", bar: "bar" };
const limit = (value: unknown) =>
  Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "number")
    ? (value as [number, number])
    : null;

/**
 * Gradio's PlotData (`{ columns, data, datatypes, mark }`, what LinePlot, ScatterPlot and BarPlot send)
 * with the columns to draw from props, as the spec above. Temporal cells (epoch ms) become ISO dates,
 * which the drawing puts on a time axis.
 */
export function specFromPlotData(value: unknown, props: Record<string, unknown>): Spec | null {
  if (!value || typeof value !== "object") return null;
  const plot = value as { columns?: unknown; data?: unknown; datatypes?: Record<string, unknown>; mark?: unknown };
  if (!Array.isArray(plot.columns) || !Array.isArray(plot.data)) return null;
  const columns = plot.columns.map(String);
  const temporal = columns.map((column) => plot.datatypes?.[column] === "temporal");
  const data = plot.data.map((row) => {
    const cells: unknown[] = Array.isArray(row) ? row : [];
    const record = columns.map((column, c) => {
      const cell = cells[c] ?? null;
      return [column, temporal[c] && typeof cell === "number" ? new Date(cell).toISOString() : cell] as const;
    });
    return Object.fromEntries(record) as Row;
  });
  const x = text(props.x);
  const y = text(props.y);
  if (!x || !y) return null;
  const color = text(props.color) || null;
  const title = text(props.title) || null;
  const titles = { x_title: text(props.x_title) || null, y_title: text(props.y_title) || null };
  return {
    type: MARKS[text(plot.mark)] ?? "line",
    data,
    x,
    y,
    color,
    title,
    ...titles,
    x_lim: limit(props.x_lim),
    y_lim: limit(props.y_lim),
  };
}

export function NativePlot({ id }: { id: number }) {
  const props = useProps(id);
  return <Plot id={id} type={text(props.name) || "nativeplot"} spec={specFromPlotData(props.value, props)} />;
}
