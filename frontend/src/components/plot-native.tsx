/**
 * LinePlot, ScatterPlot and BarPlot: Gradio's PlotData (the table, split) drawn with uPlot (a lazy chunk:
 * ~20 KB gzipped; it styles through the CSSOM, so it runs under the page's CSP). uPlot rather than the
 * vega chunk Gradio uses: a tenth of the bytes for the three marks these draw, and the options (bins,
 * aggregates, sorting, colour maps, tooltips, a brushed range) are a few lines each on the table. Hovering
 * shows the values in the legend. Categorical x values become evenly spaced ticks; ISO dates a time axis.
 */
import { useEffect, useRef } from "preact/hooks";
import { format as d3Format } from "d3-format";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { Frame, Label, num, text, useDispatcher, useProps } from "../block.js";
import "./components.css";
import "./plot-native.css";

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
  x_lim?: Limit | null;
  y_lim?: Limit | null;
  /** The x order of a categorical x. */
  sort?: "x" | "y" | "-x" | "-y" | string[] | null;
  color_map?: Record<string, string> | null;
}
type Limit = [number | null, number | null];

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

/** Gradio's `sort` for a categorical x: by x, by the (summed) y, descending with "-", or as listed. */
function sortCategories(spec: Spec, categories: string[]): string[] {
  const sort = spec.sort;
  if (!sort) return categories;
  if (Array.isArray(sort)) {
    const rank = new Map(sort.map((value, i) => [value, i]));
    return [...categories].sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity));
  }
  const descending = sort.startsWith("-") ? -1 : 1;
  if (sort.endsWith("x")) return [...categories].sort((a, b) => descending * a.localeCompare(b));
  const totals = new Map<string, number>();
  for (const row of spec.data) {
    const y = Number(row[spec.y]);
    const key = String(row[spec.x]);
    if (Number.isFinite(y)) totals.set(key, (totals.get(key) ?? 0) + y);
  }
  return [...categories].sort((a, b) => descending * ((totals.get(a) ?? 0) - (totals.get(b) ?? 0)));
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
  const categories = numeric || time ? null : sortCategories(spec, [...new Set(raw.map((v) => String(v)))]);
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

const AGGREGATES: Record<string, (values: number[]) => number> = {
  sum: (values) => values.reduce((total, v) => total + v, 0),
  mean: (values) => values.reduce((total, v) => total + v, 0) / values.length,
  median: (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  },
  min: (values) => Math.min(...values),
  max: (values) => Math.max(...values),
  count: (values) => values.length,
};

const SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Gradio's x_bin: a width on a numeric x, a duration ("15m") on a temporal x (epoch ms). */
function binWidth(xBin: unknown, temporal: boolean): number | null {
  if (typeof xBin === "number" && xBin > 0) return temporal ? xBin * 1000 : xBin;
  if (typeof xBin !== "string") return null;
  const amount = Number(xBin.slice(0, -1));
  const unit = SECONDS[xBin.slice(-1)];
  return unit && amount > 0 ? amount * unit * 1000 : null;
}

type Cell = string | number | boolean | null;

/**
 * Like Gradio: a binned or categorical x groups the rows sharing an x (and colour) into one, their y
 * combined by y_aggregate (a sum unless told otherwise); the group keeps its other columns' first cells.
 */
function aggregateRows(
  rows: Cell[][],
  xIndex: number,
  yIndex: number,
  colorIndex: number,
  aggregate: string,
): Cell[][] {
  const groups = new Map<string, { row: Cell[]; ys: number[] }>();
  for (const row of rows) {
    const key = JSON.stringify([row[xIndex], colorIndex >= 0 ? row[colorIndex] : null]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { row: [...row], ys: [] }));
    const y = Number(row[yIndex]);
    if (row[yIndex] !== null && Number.isFinite(y)) group.ys.push(y);
  }
  const combine = AGGREGATES[aggregate] ?? AGGREGATES.sum!;
  return [...groups.values()].map(({ row, ys }) => {
    row[yIndex] = ys.length ? combine(ys) : aggregate === "count" ? 0 : null;
    return row;
  });
}

const MARKS: Record<string, Spec["type"]> = { line: "line", point: "scatter", bar: "bar" };
const limit = (value: unknown): Limit | null =>
  Array.isArray(value) && value.length === 2 && value.every((v) => v === null || typeof v === "number")
    ? (value as Limit)
    : null;

interface PlotData {
  columns: string[];
  rows: Cell[][];
  datatypes: Record<string, unknown>;
  mark: string;
}

function plotDataOf(value: unknown): PlotData | null {
  if (!value || typeof value !== "object") return null;
  const plot = value as { columns?: unknown; data?: unknown; datatypes?: Record<string, unknown>; mark?: unknown };
  if (!Array.isArray(plot.columns) || !Array.isArray(plot.data)) return null;
  const columns = plot.columns.map(String);
  const rows = plot.data.map((row) => columns.map((_, c) => ((Array.isArray(row) ? row[c] : null) ?? null) as Cell));
  return { columns, rows, datatypes: plot.datatypes ?? {}, mark: text(plot.mark) };
}

/** Bins x and aggregates y in place of the rows, as Gradio's vega-lite encoding does. */
function binAndAggregate(plot: PlotData, props: Record<string, unknown>, x: string, y: string): Cell[][] {
  const xIndex = plot.columns.indexOf(x);
  const yIndex = plot.columns.indexOf(y);
  if (xIndex < 0 || yIndex < 0) return plot.rows;
  const temporal = plot.datatypes[x] === "temporal";
  const width = binWidth(props.x_bin, temporal);
  let rows = plot.rows;
  if (width !== null)
    rows = rows.map((row) => {
      const cell = row[xIndex];
      return typeof cell === "number" ? row.map((c, i) => (i === xIndex ? Math.floor(cell / width) * width : c)) : row;
    });
  const categorical = plot.datatypes[x] === "nominal";
  if (width === null && !categorical && !props.y_aggregate) return rows;
  if (width === null && !categorical && plot.mark === "point") return rows;
  const aggregate = text(props.y_aggregate) || "sum";
  return aggregateRows(rows, xIndex, yIndex, plot.columns.indexOf(text(props.color)), aggregate);
}

/**
 * Gradio's PlotData (`{ columns, data, datatypes, mark }`, what LinePlot, ScatterPlot and BarPlot send)
 * with the columns to draw from props, as the spec above. Temporal cells (epoch ms) become ISO dates,
 * which the drawing puts on a time axis.
 */
export function specFromPlotData(value: unknown, props: Record<string, unknown>): Spec | null {
  const plot = plotDataOf(value);
  const x = text(props.x);
  const y = text(props.y);
  if (!plot || !x || !y) return null;
  const temporal = plot.columns.map((column) => plot.datatypes[column] === "temporal");
  const data = binAndAggregate(plot, props, x, y).map((cells) => {
    const record = plot.columns.map((column, c) => {
      const cell = cells[c] ?? null;
      return [column, temporal[c] && typeof cell === "number" ? new Date(cell).toISOString() : cell] as const;
    });
    return Object.fromEntries(record) as Row;
  });
  const sort = Array.isArray(props.sort) ? props.sort.map(String) : (text(props.sort) as Spec["sort"]) || null;
  const colorMap = props.color_map && typeof props.color_map === "object" ? props.color_map : null;
  return {
    type: MARKS[plot.mark] ?? "line",
    data,
    x,
    y,
    color: text(props.color) || null,
    title: text(props.title) || null,
    x_title: text(props.x_title) || null,
    y_title: text(props.y_title) || null,
    x_lim: limit(props.x_lim),
    y_lim: limit(props.y_lim),
    sort,
    color_map: colorMap as Record<string, string> | null,
  };
}

/** A limit with an open end (null) takes that end from the data. */
function limitRange(lim: Limit): uPlot.Range.Function {
  return (_u, min, max) => [lim[0] ?? min, lim[1] ?? max];
}

/** The columns a hover shows beyond the axis values (Gradio's tooltip "all" or a list of columns). */
function tooltipColumns(tooltip: unknown, spec: Spec): string[] {
  const columns = Object.keys(spec.data[0] ?? {});
  if (tooltip === "all") return columns;
  return Array.isArray(tooltip) ? tooltip.map(String).filter((column) => columns.includes(column)) : [];
}

/** The rows drawn at x index `idx`, for the hover box. */
function rowsAt(spec: Spec, columns: ReturnType<typeof toColumns>, idx: number): Row[] {
  return spec.data.filter((row) => sameX(row, spec, columns, columns.xs[idx]));
}

function sameX(row: Row, spec: Spec, columns: ReturnType<typeof toColumns>, x: number | undefined): boolean {
  const cell = row[spec.x];
  if (columns.categories) return columns.categories.indexOf(String(cell)) === x;
  if (columns.time) return Date.parse(String(cell)) / 1000 === x;
  return cell === x;
}

interface ChartEvents {
  onSelect: (range: [number, number], categories: string[] | null) => void;
  onDoubleClick: () => void;
}

function seriesOptions(spec: Spec, series: { name: string }[], count: number): uPlot.Series[] {
  const barPaths = uPlot.paths.bars!({ size: [Math.min(0.9, 0.7 / Math.max(1, series.length) + 0.2), 80] });
  return series.map((s, i) => {
    const color = spec.color_map?.[s.name] ?? PALETTE[i % PALETTE.length]!;
    if (spec.type === "bar")
      return { label: s.name, stroke: color, fill: color, alpha: 0.7, paths: barPaths, points: { show: false } };
    if (spec.type === "scatter")
      return {
        label: s.name,
        stroke: color,
        paths: () => null,
        points: { show: true, size: 7, fill: color, stroke: color },
      };
    return { label: s.name, stroke: color, width: 2, spanGaps: true, points: { show: count < 60 } };
  });
}

type TickFormat = (value: number) => string;

/** Gradio's x/y_axis_format: a d3 number format for a numeric axis; a bad one keeps uPlot's own labels. */
function tickFormat(specifier: unknown): TickFormat | null {
  if (typeof specifier !== "string" || specifier === "") return null;
  try {
    return d3Format(specifier);
  } catch {
    return null;
  }
}

/** The y tick labels, turned clockwise by `degrees` (uPlot turns only the x axis's), drawn after uPlot's axes. */
function drawTurnedYLabels(u: uPlot, splits: readonly number[], labels: readonly string[], degrees: number): void {
  const ctx = u.ctx;
  const ratio = devicePixelRatio;
  ctx.save();
  ctx.fillStyle = getComputedStyle(u.root).color;
  ctx.font = `${Math.round(12 * ratio)}px system-ui, sans-serif`;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  splits.forEach((split, i) => {
    ctx.save();
    ctx.translate(u.bbox.left - 8 * ratio, u.valToPos(split, "y", true));
    ctx.rotate((degrees * Math.PI) / 180);
    ctx.fillText(labels[i] ?? "", 0, 0);
    ctx.restore();
  });
  ctx.restore();
}

interface AxisLabels {
  x: Partial<uPlot.Axis>;
  y: Partial<uPlot.Axis>;
  draw: (u: uPlot) => void;
}

/** Tick labels as Gradio's axis options ask: formats, angles, and hidden x labels. */
function axisLabels(props: Record<string, unknown>, categories: string[] | null): AxisLabels {
  const xFormat = categories ? null : tickFormat(props.x_axis_format);
  const yFormat = tickFormat(props.y_axis_format);
  const xHidden = props.x_axis_labels_visible === false || props.x_axis_labels_visible === "hidden";
  const xAngle = num(props.x_label_angle) ?? 0;
  const yAngle = num(props.y_label_angle) ?? 0;
  const x: Partial<uPlot.Axis> = {};
  if (categories) x.values = (_u, splits) => splits.map((i) => (xHidden ? "" : (categories[i] ?? "")));
  else if (xHidden || xFormat) x.values = (_u, splits) => splits.map((v) => (xHidden ? "" : xFormat!(v)));
  // uPlot turns labels anticlockwise; Gradio's angle is clockwise.
  if (xAngle !== 0 && !xHidden) x.rotate = -xAngle;
  const y: Partial<uPlot.Axis> = {};
  let ySplits: number[] = [];
  const yLabel = (v: number) => (yFormat ? yFormat(v) : String(v));
  if (yAngle !== 0)
    y.values = (_u, splits) => {
      ySplits = splits;
      return splits.map(() => "");
    };
  else if (yFormat) y.values = (_u, splits) => splits.map(yLabel);
  const draw = (u: uPlot) => {
    if (yAngle !== 0) drawTurnedYLabels(u, ySplits, ySplits.map(yLabel), yAngle);
  };
  return { x, y, draw };
}

/**
 * The legend titled with Gradio's color_title (default the colour column's name), listing only the series
 * of colors_in_legend (all are drawn).
 */
function shapeLegend(u: uPlot, spec: Spec, series: { name: string }[], props: Record<string, unknown>): void {
  const legend = u.root.querySelector(".u-legend");
  if (legend && spec.color) {
    const caption = document.createElement("caption");
    caption.className = "plot-legend-title";
    caption.textContent = text(props.color_title) || spec.color;
    legend.prepend(caption);
  }
  const shown = props.colors_in_legend;
  if (!Array.isArray(shown)) return;
  const names = new Set(shown.map(String));
  const rows = u.root.querySelectorAll<HTMLElement>(".u-legend .u-series");
  series.forEach((s, i) => {
    const row = rows[i + 1];
    if (row && !names.has(s.name)) row.hidden = true;
  });
}

function chartOptions(spec: Spec, element: HTMLElement, props: Record<string, unknown>, events: ChartEvents) {
  const columns = toColumns(spec);
  const { xs, series, categories, time } = columns;
  const styles = getComputedStyle(element);
  const axisColor = styles.color;
  const gridColor = styles.getPropertyValue("--border").trim() || "#e5e7eb";
  const height = num(props.height) ?? 300;
  const extra = tooltipColumns(props.tooltip, spec);
  const labels = axisLabels(props, categories);
  const hover = document.createElement("div");
  hover.className = "plot-hover";
  hover.hidden = true;
  const showHover = (u: uPlot) => {
    const idx = u.cursor.idx;
    if (!extra.length || idx === null || idx === undefined) return void (hover.hidden = true);
    const rows = rowsAt(spec, columns, idx);
    hover.textContent = rows
      .map((row) => extra.map((column) => `${column}: ${String(row[column] ?? "")}`).join(", "))
      .join("\n");
    hover.hidden = rows.length === 0;
  };
  const options: uPlot.Options = {
    width: Math.max(200, element.clientWidth),
    height,
    title: spec.title ?? undefined,
    scales: {
      x: {
        time,
        ...(spec.x_lim
          ? { range: limitRange(spec.x_lim) }
          : categories
            ? { range: [-0.5, categories.length - 0.5] as [number, number] }
            : {}),
      },
      y: spec.y_lim
        ? { range: limitRange(spec.y_lim) }
        : spec.type === "bar"
          ? { range: (_u, min, max) => [Math.min(0, min), Math.max(0, max) * 1.05 || 1] }
          : {},
    },
    // A drag brushes an x range for the select event, as Gradio's; it does not zoom.
    cursor: { drag: { x: true, y: false, setScale: false } },
    axes: [
      {
        stroke: axisColor,
        grid: { stroke: gridColor },
        ticks: { stroke: gridColor },
        label: spec.x_title ?? spec.x,
        ...(categories ? { splits: () => categories.map((_, i) => i) } : {}),
        ...labels.x,
      },
      {
        stroke: axisColor,
        grid: { stroke: gridColor },
        ticks: { stroke: gridColor },
        label: spec.y_title ?? spec.y,
        ...labels.y,
      },
    ],
    // tooltip "none": the legend names the series but shows no values under the cursor.
    legend: { show: props.show_legend !== false, live: props.tooltip !== "none" },
    series: [
      {
        label: spec.x,
        value: categories ? (_u: uPlot, v: number | null) => (v === null ? "" : (categories[v] ?? "")) : undefined,
      },
      ...seriesOptions(spec, series, xs.length),
    ],
    hooks: {
      init: [
        (u) => {
          u.over.appendChild(hover);
          u.over.addEventListener("dblclick", () => events.onDoubleClick());
          shapeLegend(u, spec, series, props);
        },
      ],
      draw: [labels.draw],
      setCursor: [showHover],
      setSelect: [
        (u) => {
          if (u.select.width < 2) return;
          const from = u.posToVal(u.select.left, "x");
          const to = u.posToVal(u.select.left + u.select.width, "x");
          events.onSelect([from, to], categories);
        },
      ],
    },
  };
  return { options, data: [xs, ...series.map((s) => s.values)] as uPlot.AlignedData, height };
}

const AXIS_PROPS = [
  "x_label_angle",
  "y_label_angle",
  "x_axis_format",
  "y_axis_format",
  "x_axis_labels_visible",
  "colors_in_legend",
  "color_title",
];
/** Redraws when an axis option changes through an update. */
const axisKey = (props: Record<string, unknown>) => JSON.stringify(AXIS_PROPS.map((name) => props[name] ?? null));

export function Chart({ id, type, spec }: { id: number; type: string; spec: Spec | null }) {
  const props = useProps(id);
  const dispatcher = useDispatcher();
  const host = useRef<HTMLDivElement>(null);
  const key = JSON.stringify(spec);
  useEffect(() => {
    const element = host.current;
    if (!element || !spec) return;
    const events: ChartEvents = {
      onSelect: (range, categories) => {
        // Gradio's range: epoch seconds on a time axis (uPlot's unit too); category indices otherwise.
        const [from, to] = categories ? [Math.ceil(range[0]), Math.floor(range[1])] : range;
        const value = categories ? [categories[from] ?? null, categories[to] ?? null] : [from, to];
        dispatcher.trigger(id, "select", { index: [from, to], value, selected: true });
      },
      onDoubleClick: () => dispatcher.trigger(id, "double_click", null),
    };
    const { options, data, height } = chartOptions(spec, element, props, events);
    const chart = new uPlot(options, data, element);
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [key, props.height, props.show_legend, JSON.stringify(props.tooltip), axisKey(props)]);
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
      {text(props.caption) && <p class="plot-caption">{text(props.caption)}</p>}
    </Frame>
  );
}

export function NativePlot({ id }: { id: number }) {
  const props = useProps(id);
  return <Chart id={id} type={text(props.name) || "nativeplot"} spec={specFromPlotData(props.value, props)} />;
}
