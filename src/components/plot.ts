/**
 * Charts. `Plot` speaks Gradio's PlotData: `{ type: "plotly" | "altair" | "matplotlib" | "bokeh", plot }` where
 * `plot` is the figure as a JSON string (a data URL for matplotlib), exactly what Python's gr.Plot sends, so
 * gradio_client callers get the same value. The browser draws Plotly figures with plotly.js and Vega-Lite
 * specs (Altair's output) with vega-embed, each a chunk fetched only by a page that shows one.
 *
 * A fn returns a figure as an object and the kind is told from its shape, because both libraries' shapes
 * are unambiguous and a ported Python fn then reads the same: a Plotly figure has `data` as a list of
 * traces; a Vega-Lite spec has a `$schema` naming vega-lite or a view key (`mark`, `layer`, `concat`...),
 * and its `data` (if any) is an object. `plotly(fig)` / `vegaLite(spec)` say it explicitly instead.
 *
 * `LinePlot`, `BarPlot` and `ScatterPlot` speak Gradio's other PlotData (see NativePlot below): they take a
 * table (rows as records, or `{ headers, data }`) and the columns to draw from their props.
 */
import { Component, type ComponentOptions, type JsonSchema } from "./component.js";
import { listen, type EventHandle, type EventOptions, type Inputs, type SelectData } from "../blocks/events.js";
import { expectArray, isPlainObject } from "./media.js";
import { describeValue, expectString, fail } from "./payload.js";
import { AppConfigError } from "../errors.js";

export type PlotLibrary = "plotly" | "altair" | "matplotlib" | "bokeh";
/** Gradio's PlotData for gr.Plot: the figure serialized by its library. */
export interface PlotData {
  type: PlotLibrary;
  plot: string;
}
/** A Plotly figure as plotly.js takes it (`fig.to_dict()` in Python). */
export interface PlotlyFigure {
  data: Record<string, unknown>[];
  layout?: Record<string, unknown>;
  frames?: Record<string, unknown>[];
  config?: Record<string, unknown>;
}
/** A Vega-Lite spec (what Altair's `chart.to_dict()` gives). */
export type VegaLiteSpec = Record<string, unknown>;
export type PlotValue = PlotData | PlotlyFigure | VegaLiteSpec;

const LIBRARIES = new Set<PlotLibrary>(["plotly", "altair", "matplotlib", "bokeh"]);
/** A figure's JSON: generous (maps with many points), but bounded like any other input. */
const MAX_FIGURE_CHARS = 20_000_000;
const MAX_POINTS = 100_000;
const VEGA_LITE_VIEW_KEYS = ["mark", "layer", "concat", "hconcat", "vconcat", "facet", "repeat", "spec"];

function figureJson(value: unknown, what: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    fail(`the ${what} cannot be turned into JSON (does it hold a cycle or a BigInt?)`);
  }
  if (json === undefined) return fail(`the ${what} cannot be turned into JSON`);
  if (json.length > MAX_FIGURE_CHARS)
    fail(`the ${what} is ${json.length} characters of JSON; the limit is ${MAX_FIGURE_CHARS}`);
  return json;
}

/** A Plotly figure as Gradio's PlotData. */
export function plotly(figure: PlotlyFigure): PlotData {
  if (!isPlainObject(figure) || !Array.isArray(figure.data))
    fail(`a Plotly figure is { data: [traces], layout }, got ${describeValue(figure)}`);
  return { type: "plotly", plot: figureJson(figure, "Plotly figure") };
}

/** A Vega-Lite spec (Altair's output) as Gradio's PlotData. */
export function vegaLite(spec: VegaLiteSpec): PlotData {
  if (!isPlainObject(spec)) fail(`a Vega-Lite spec is an object, got ${describeValue(spec)}`);
  return { type: "altair", plot: figureJson(spec, "Vega-Lite spec") };
}

function isVegaLite(value: Record<string, unknown>): boolean {
  if (typeof value.$schema === "string") return value.$schema.includes("vega-lite");
  return VEGA_LITE_VIEW_KEYS.some((key) => key in value) && !Array.isArray(value.data);
}

/** Checks a PlotData from a caller, or one a fn passes on: the right library name and a JSON figure. */
export function checkFigureData(value: Record<string, unknown>): PlotData {
  const type = value.type as PlotLibrary;
  if (!LIBRARIES.has(type))
    fail(`plot type must be "plotly", "altair", "matplotlib" or "bokeh", got ${describeValue(value.type)}`);
  // Gradio draws bokeh with BokehJS fetched from a CDN; this app's pages fetch nothing from elsewhere.
  if (type === "bokeh") fail("bokeh plots are not supported; send a Plotly figure or a Vega-Lite spec");
  const plot = expectString(value.plot, MAX_FIGURE_CHARS);
  if (type === "matplotlib") {
    if (!/^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/=]*$/.test(plot))
      fail("a matplotlib plot must be an image data URL (data:image/png;base64,...)");
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(plot);
    } catch {
      fail(`the ${type} plot is not valid JSON`);
    }
    if (!isPlainObject(parsed)) fail(`the ${type} plot must be a JSON object, got ${describeValue(parsed)}`);
  }
  return { type, plot };
}

/** A fn's figure (PlotData, a Plotly figure or a Vega-Lite spec) → Gradio's PlotData. */
export function toPlotData(value: unknown): PlotData {
  if (!isPlainObject(value))
    return fail(`expected a Plotly figure or a Vega-Lite spec (an object), got ${describeValue(value)}`);
  if (typeof value.type === "string" && typeof value.plot === "string") return checkFigureData(value);
  if (Array.isArray(value.data)) return plotly(value as unknown as PlotlyFigure);
  if (isVegaLite(value)) return vegaLite(value);
  return fail(
    "a plot must be a Plotly figure ({ data: [traces], layout }) or a Vega-Lite spec ($schema, mark or layer...)",
  );
}

const PLOT_DATA_SCHEMA: JsonSchema = {
  properties: {
    type: { enum: ["altair", "bokeh", "plotly", "matplotlib"], title: "Type", type: "string" },
    plot: { title: "Plot", type: "string" },
  },
  required: ["type", "plot"],
  title: "PlotData",
  type: "object",
  additional_description: null,
};

export interface PlotOptions extends ComponentOptions<PlotValue> {
  /** Gradio's image format for matplotlib figures; sent in the config like Gradio's (figures here are JSON). */
  format?: string;
}

export class Plot extends Component<PlotData, PlotValue> {
  readonly type: string = "plot";
  readonly format: string;

  constructor(options: PlotOptions = {}) {
    super(options as ComponentOptions<PlotData>);
    this.format = options.format ?? "webp";
  }

  override props() {
    const value = this.options.value as unknown;
    const plot = value === undefined || value === null || typeof value === "function" ? null : toPlotData(value);
    return { ...super.props(), format: this.format, value: plot };
  }

  apiInfo(): JsonSchema {
    return structuredClone(PLOT_DATA_SCHEMA);
  }

  exampleInput(): unknown {
    return null;
  }

  preprocess(payload: unknown): PlotData | null {
    if (payload === null || payload === undefined) return null;
    if (!isPlainObject(payload)) fail(`expected a plot ({ type, plot }), got ${describeValue(payload)}`);
    return checkFigureData(payload);
  }

  postprocess(value: PlotValue | null | undefined): PlotData | null {
    return value === null || value === undefined ? null : toPlotData(value);
  }
}

/** A cell of a native plot's table; a Date is sent as epoch milliseconds in a "temporal" column. */
export type NativePlotCell = string | number | boolean | null | Date;
export type PlotTable =
  | readonly Record<string, NativePlotCell>[]
  | { headers: readonly string[]; data: readonly (readonly NativePlotCell[])[] };
export type NativePlotDatatype = "quantitative" | "nominal" | "temporal";
/** Gradio's PlotData, the wire value of LinePlot, ScatterPlot and BarPlot. */
export interface NativePlotData {
  columns: string[];
  data: (string | number | boolean | null)[][];
  datatypes: Record<string, NativePlotDatatype>;
  mark: string;
}

export interface NativePlotOptions extends ComponentOptions<PlotTable> {
  x: string;
  y: string;
  color?: string;
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** [min, max]; null leaves that end to the data, like Gradio's `[0, None]`. */
  xLim?: readonly [number | null, number | null];
  yLim?: readonly [number | null, number | null];
  height?: number;
  /** Show the legend for `color`. */
  showLegend?: boolean;
  /** Bins x: a width for a numeric x, or a duration ("15m", "1h", "2d"; s, m, h, d) for a temporal one. */
  xBin?: number | string;
  /** Combines the y values that share an x (or an x bin) per colour. */
  yAggregate?: NativePlotAggregate;
  /** A colour (name or #hex) per value of the `color` column. */
  colorMap?: Record<string, string>;
  /** Orders categorical x values: by x, by y ("-" for descending), or as listed. */
  sort?: "x" | "y" | "-x" | "-y" | readonly string[];
  /** What hovering shows: the axis columns, all columns, none, or the axis columns plus these. */
  tooltip?: "axis" | "none" | "all" | readonly string[];
  /** The legend's title; default the `color` column's name. */
  colorTitle?: string;
  /** The series the legend lists (all by default); the others are still drawn. */
  colorsInLegend?: readonly string[];
  /** Tick labels turned clockwise by this many degrees. Default 0. */
  xLabelAngle?: number;
  yLabelAngle?: number;
  /** A d3 format for the tick labels of a numeric axis, such as ".2e", "~g", ",.0f" or ".0%". */
  xAxisFormat?: string;
  yAxisFormat?: string;
  /** `false` or "hidden" leaves out the x tick labels (many long categories). Default true. */
  xAxisLabelsVisible?: boolean | "hidden";
  /** A line of text below the plot. */
  caption?: string;
}

export type NativePlotAggregate = "sum" | "mean" | "median" | "min" | "max" | "count";
const AGGREGATES = new Set<string>(["sum", "mean", "median", "min", "max", "count"]);
const SORTS = new Set<string>(["x", "y", "-x", "-y"]);
const TOOLTIPS = new Set<string>(["axis", "none", "all"]);
/** d3-format's specifier grammar: [[fill]align][sign][symbol][0][width][,][.precision][~][type]. */
// eslint-disable-next-line security/detect-unsafe-regex -- no nested quantifier; app-set strings of ≤ 40 chars
const D3_FORMAT = /^(?:.?[<>=^])?[-+( ]?[$#]?0?\d*,?(?:\.\d+)?~?[%bcdeEfFgGnoprsxX]?$/;

function isTextList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

/** Refuses a plot option the browser could not honour, when the app is built rather than when it is drawn. */
function checkNativePlotOptions(o: NativePlotOptions, name: string): void {
  const refuse = (message: string): never => {
    throw new AppConfigError(`${name}: ${message}`);
  };
  if (o.xBin !== undefined) {
    const ok =
      typeof o.xBin === "number"
        ? Number.isFinite(o.xBin) && o.xBin > 0
        : /^[\d.]+[smhd]$/.test(o.xBin) && Number(o.xBin.slice(0, -1)) > 0;
    if (!ok) refuse(`xBin must be a positive number or a duration like "15m" (s, m, h, d), got ${String(o.xBin)}`);
  }
  if (o.yAggregate !== undefined && !AGGREGATES.has(o.yAggregate))
    refuse(`yAggregate must be one of ${[...AGGREGATES].join(", ")}, got ${String(o.yAggregate)}`);
  if (o.sort !== undefined && !isTextList(o.sort) && !SORTS.has(o.sort as string))
    refuse(`sort must be "x", "y", "-x", "-y" or a list of x values, got ${String(o.sort)}`);
  if (o.tooltip !== undefined && !isTextList(o.tooltip) && !TOOLTIPS.has(o.tooltip as string))
    refuse(`tooltip must be "axis", "none", "all" or a list of columns, got ${String(o.tooltip)}`);
  if (o.colorMap !== undefined && !Object.values(o.colorMap).every((c) => typeof c === "string"))
    refuse("colorMap must map each series to a colour name or code");
  if (o.colorsInLegend !== undefined && !isTextList(o.colorsInLegend))
    refuse("colorsInLegend must be a list of series names");
  for (const [key, angle] of [
    ["xLabelAngle", o.xLabelAngle],
    ["yLabelAngle", o.yLabelAngle],
  ] as const)
    if (angle !== undefined && !Number.isFinite(angle))
      refuse(`${key} must be a number of degrees, got ${String(angle)}`);
  for (const [key, format] of [
    ["xAxisFormat", o.xAxisFormat],
    ["yAxisFormat", o.yAxisFormat],
  ] as const)
    if (format !== undefined && (typeof format !== "string" || format.length > 40 || !D3_FORMAT.test(format)))
      refuse(`${key} must be a d3 number format such as ".2e", "~g" or ",.0f", got ${JSON.stringify(format)}`);
  for (const [key, limit] of [
    ["xLim", o.xLim],
    ["yLim", o.yLim],
  ] as const) {
    if (limit === undefined) continue;
    const ok = Array.isArray(limit) && limit.length === 2 && limit.every((v) => v === null || Number.isFinite(v));
    if (!ok) refuse(`${key} must be [min, max] (numbers, or null for an open end)`);
  }
}

const DATATYPES = new Set<NativePlotDatatype>(["quantitative", "nominal", "temporal"]);

/** Gradio's column typing (from the pandas dtype there; from the first non-null cell here). */
function datatypeOf(cells: readonly NativePlotCell[]): NativePlotDatatype {
  const sample = cells.find((cell) => cell !== null && cell !== undefined);
  if (sample instanceof Date) return "temporal";
  return typeof sample === "string" ? "nominal" : "quantitative";
}

function wireCell(cell: NativePlotCell | undefined, where: string): string | number | boolean | null {
  if (cell === undefined || cell === null) return null;
  if (cell instanceof Date) return cell.getTime();
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : null;
  if (typeof cell === "boolean") return cell;
  if (typeof cell === "string") return cell.length <= 10_000 ? cell : fail(`${where} has an over-long value`);
  return fail(`${where} has ${describeValue(cell)}`);
}

/** A table from a fn (records or `{ headers, data }`) → Gradio's split form. */
function tableToPlotData(value: unknown, mark: string): NativePlotData {
  let columns: string[];
  let rows: readonly (readonly NativePlotCell[])[];
  if (Array.isArray(value)) {
    const records = expectArray(value, "the plot data", MAX_POINTS).map((row, i) =>
      isPlainObject(row) ? row : fail(`plot row ${i + 1} is ${describeValue(row)}, not an object`),
    );
    columns = [...new Set(records.flatMap((row) => Object.keys(row)))];
    rows = records.map((row) => columns.map((column) => row[column] as NativePlotCell));
  } else if (isPlainObject(value) && Array.isArray(value.headers) && Array.isArray(value.data)) {
    columns = (value.headers as unknown[]).map(String);
    rows = expectArray(value.data, "the plot data", MAX_POINTS).map((row, i) =>
      Array.isArray(row) ? (row as NativePlotCell[]) : fail(`plot row ${i + 1} is ${describeValue(row)}, not a list`),
    );
  } else return fail(`the fn returned ${describeValue(value)} where a table of points was expected`);
  const datatypes = Object.fromEntries(
    columns.map((column, c) => [column, datatypeOf(rows.map((row) => row[c] ?? null))]),
  );
  const data = rows.map((row, r) =>
    columns.map((column, c) => wireCell(row[c], `plot row ${r + 1}, column "${column}",`)),
  );
  return { columns, data, datatypes, mark };
}

/** Checks a PlotData from a caller (or passed through by a fn) without changing it. */
export function checkPlotData(value: unknown): NativePlotData {
  if (!isPlainObject(value))
    fail(`expected plot data ({ columns, data, datatypes, mark }), got ${describeValue(value)}`);
  const columns = expectArray(value.columns, "the plot columns", 1000).map((column) => expectString(column, 1000));
  const data = expectArray(value.data, "the plot data", MAX_POINTS).map((row, r) => {
    const cells = expectArray(row, `plot row ${r + 1}`, columns.length);
    return cells.map((cell, c) => wireCell(cell as NativePlotCell, `plot row ${r + 1}, column ${c + 1},`));
  });
  if (!isPlainObject(value.datatypes))
    fail("the plot datatypes must map each column to quantitative, nominal or temporal");
  const datatypes: Record<string, NativePlotDatatype> = {};
  for (const [column, type] of Object.entries(value.datatypes)) {
    if (!DATATYPES.has(type as NativePlotDatatype)) {
      fail(`column "${column}" has datatype ${describeValue(type)}; expected quantitative, nominal or temporal`);
    }
    datatypes[column] = type as NativePlotDatatype;
  }
  return { columns, data, datatypes, mark: expectString(value.mark, 100) };
}

/**
 * Shared by LinePlot, ScatterPlot and BarPlot; like Gradio's, their config type is "nativeplot" (the
 * class is in `props.name`) and their value is Gradio's PlotData: the table in split form with each
 * column's datatype and the mark to draw. x, y, color and the titles travel as props.
 */
abstract class NativePlot extends Component<NativePlotData, NativePlotData> {
  readonly type = "nativeplot";
  abstract readonly blockName: string;
  abstract readonly mark: string;
  readonly plotOptions: NativePlotOptions;

  constructor(options: NativePlotOptions) {
    super(options as unknown as ComponentOptions<NativePlotData>);
    this.plotOptions = options;
    checkNativePlotOptions(options, new.target.name);
  }

  override props() {
    const o = this.plotOptions;
    const { x, y, color, title, xTitle, yTitle, xLim, yLim, height, xBin, yAggregate, colorMap, sort } = o;
    const showLegend = o.showLegend ?? true;
    return {
      ...super.props(),
      value: null,
      x,
      y,
      color,
      title,
      xTitle,
      yTitle,
      xBin,
      yAggregate,
      colorMap,
      xLim,
      yLim,
      sort,
      tooltip: o.tooltip ?? "axis",
      colorTitle: o.colorTitle,
      colorsInLegend: o.colorsInLegend,
      xLabelAngle: o.xLabelAngle ?? 0,
      yLabelAngle: o.yLabelAngle ?? 0,
      xAxisFormat: o.xAxisFormat,
      yAxisFormat: o.yAxisFormat,
      xAxisLabelsVisible: o.xAxisLabelsVisible ?? true,
      caption: o.caption,
      height,
      showLegend,
      name: this.blockName,
    };
  }

  /**
   * A drag across the plot selects an x range (`index` and `value` are `[min, max]`); on a plot with a
   * categorical x a click selects one point (`index` its row, `value` the row's cells).
   */
  select<const I extends Inputs>(options: EventOptions<I, SelectData>): EventHandle {
    return listen(this, "select", options);
  }

  /** A double click on the plot (Gradio resets a range selection with it). */
  doubleClick<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "double_click", options);
  }

  apiInfo(): JsonSchema {
    return { type: {}, description: "any valid json" };
  }

  exampleInput(): unknown {
    return null;
  }

  preprocess(payload: unknown): NativePlotData | null {
    return payload === null || payload === undefined ? null : checkPlotData(payload);
  }

  /** A table (records or `{ headers, data }`) → PlotData; a PlotData (e.g. an input passed on) as is. */
  postprocess(value: PlotTable | NativePlotData | null | undefined): NativePlotData | null {
    if (value === null || value === undefined) return null;
    if (isPlainObject(value) && "columns" in value && "datatypes" in value) return checkPlotData(value);
    return tableToPlotData(value, this.mark);
  }
}

export class LinePlot extends NativePlot {
  readonly blockName = "lineplot";
  readonly mark = "line";
}
export class BarPlot extends NativePlot {
  readonly blockName = "barplot";
  readonly mark = "bar";
}
export class ScatterPlot extends NativePlot {
  readonly blockName = "scatterplot";
  readonly mark = "point";
}
