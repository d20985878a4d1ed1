/**
 * Charts. The wire value is a small declarative spec the browser draws with its chart library:
 *
 *   { type: "line" | "bar" | "scatter", data: [{ column: value, ... }, ...], x: "column", y: "column",
 *     color?: "column", title?, x_title?, y_title?, x_lim?, y_lim? }
 *
 * (Gradio's LinePlot/BarPlot/ScatterPlot send an Altair/Vega-Lite spec instead; this is deliberately
 * smaller.) `Plot` takes that spec from the fn as is (validated); `LinePlot`, `BarPlot` and
 * `ScatterPlot` take a table (rows as records, or `{ headers, data }`) and fill in the columns from
 * their props, like Gradio's helpers. As an input the fn receives the spec.
 */
import { Component, type ComponentOptions, type JsonSchema } from "./component.js";
import { expectArray, isPlainObject } from "./media.js";
import { describeValue, expectString, fail } from "./payload.js";

export type PlotType = "line" | "bar" | "scatter";
export type PlotRow = Record<string, string | number | boolean | null>;
export interface PlotSpec {
  type: PlotType;
  data: PlotRow[];
  x: string;
  y: string;
  color?: string | null;
  title?: string | null;
  x_title?: string | null;
  y_title?: string | null;
  x_lim?: [number, number] | null;
  y_lim?: [number, number] | null;
}

const TYPES = new Set<PlotType>(["line", "bar", "scatter"]);
const MAX_POINTS = 100_000;

function checkRows(value: unknown): PlotRow[] {
  return expectArray(value, "the plot data", MAX_POINTS).map((row, i) => {
    if (!isPlainObject(row)) fail(`plot row ${i + 1} is ${describeValue(row)}, not an object`);
    for (const [key, cell] of Object.entries(row)) {
      if (cell !== null && typeof cell !== "string" && typeof cell !== "number" && typeof cell !== "boolean") fail(`plot row ${i + 1} has ${describeValue(cell)} in "${key}"`);
      if (typeof cell === "string" && cell.length > 10_000) fail(`plot row ${i + 1} has an over-long value in "${key}"`);
    }
    return row as PlotRow;
  });
}

function checkLimit(value: unknown, name: string): [number, number] | null {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === "number" && Number.isFinite(v))) fail(`${name} must be [min, max]`);
  return [value[0], value[1]] as [number, number];
}

/** Validates a spec from a caller or a fn; column names must exist in the rows. */
export function checkPlotSpec(value: unknown): PlotSpec {
  if (!isPlainObject(value)) fail(`expected a plot ({ type, data, x, y }), got ${describeValue(value)}`);
  const type = value.type as PlotType;
  if (!TYPES.has(type)) fail(`plot type must be "line", "bar" or "scatter", got ${describeValue(value.type)}`);
  const data = checkRows(value.data);
  const x = expectString(value.x, 1000);
  const y = expectString(value.y, 1000);
  const color = value.color === null || value.color === undefined ? null : expectString(value.color, 1000);
  const optionalText = (v: unknown) => (v === null || v === undefined ? null : expectString(v, 10_000));
  return { type, data, x, y, color, title: optionalText(value.title), x_title: optionalText(value.x_title), y_title: optionalText(value.y_title), x_lim: checkLimit(value.x_lim, "x_lim"), y_lim: checkLimit(value.y_lim, "y_lim") };
}

const SPEC_SCHEMA: JsonSchema = {
  properties: {
    type: { enum: ["line", "bar", "scatter"], type: "string" },
    data: { items: { additionalProperties: { anyOf: [{ type: "string" }, { type: "number" }, { type: "boolean" }, { type: "null" }] }, type: "object" }, type: "array" },
    x: { type: "string" },
    y: { type: "string" },
    color: { anyOf: [{ type: "string" }, { type: "null" }], default: null },
    title: { anyOf: [{ type: "string" }, { type: "null" }], default: null },
    x_title: { anyOf: [{ type: "string" }, { type: "null" }], default: null },
    y_title: { anyOf: [{ type: "string" }, { type: "null" }], default: null },
  },
  required: ["type", "data", "x", "y"],
  title: "PlotData",
  type: "object",
};

export class Plot extends Component<PlotSpec> {
  readonly type: string = "plot";

  constructor(options: ComponentOptions<PlotSpec> = {}) {
    super(options);
  }

  override props() {
    const value = this.options.value;
    return { ...super.props(), value: value === undefined || value === null ? null : checkPlotSpec(value) };
  }

  apiInfo(): JsonSchema {
    return structuredClone(SPEC_SCHEMA);
  }

  exampleInput(): unknown {
    return { type: "line", data: [{ x: 1, y: 2 }, { x: 2, y: 4 }], x: "x", y: "y" };
  }

  preprocess(payload: unknown): PlotSpec | null {
    return payload === null || payload === undefined ? null : checkPlotSpec(payload);
  }

  postprocess(value: PlotSpec | null | undefined): PlotSpec | null {
    return value === null || value === undefined ? null : checkPlotSpec(value);
  }
}

export type PlotTable = readonly PlotRow[] | { headers: readonly string[]; data: readonly (readonly (string | number | boolean | null)[])[] };

export interface NativePlotOptions extends ComponentOptions<PlotTable> {
  x: string;
  y: string;
  color?: string;
  title?: string;
  xTitle?: string;
  yTitle?: string;
  xLim?: [number, number];
  yLim?: [number, number];
  height?: number;
  /** Show the legend for `color`. */
  showLegend?: boolean;
}

/** Shared by LinePlot, BarPlot and ScatterPlot: a table in, a spec of their type out. */
abstract class NativePlot extends Component<PlotSpec, PlotSpec> {
  abstract readonly plotType: PlotType;
  readonly plotOptions: NativePlotOptions;

  constructor(options: NativePlotOptions) {
    super(options as unknown as ComponentOptions<PlotSpec>);
    this.plotOptions = options;
  }

  override props() {
    const o = this.plotOptions;
    return { ...super.props(), value: null, x: o.x, y: o.y, color: o.color, title: o.title, xTitle: o.xTitle, yTitle: o.yTitle, xLim: o.xLim, yLim: o.yLim, height: o.height, showLegend: o.showLegend ?? true };
  }


  apiInfo(): JsonSchema {
    return structuredClone(SPEC_SCHEMA);
  }

  exampleInput(): unknown {
    const o = this.plotOptions;
    return { type: this.plotType, data: [{ [o.x]: 1, [o.y]: 2 }], x: o.x, y: o.y };
  }

  preprocess(payload: unknown): PlotSpec | null {
    return payload === null || payload === undefined ? null : checkPlotSpec(payload);
  }

  /** A table (records or `{ headers, data }`) or a full spec → this plot's spec. */
  postprocess(value: PlotTable | PlotSpec | null | undefined): PlotSpec | null {
    if (value === null || value === undefined) return null;
    const o = this.plotOptions;
    let rows: unknown;
    if (Array.isArray(value)) rows = value;
    else if (isPlainObject(value) && Array.isArray(value.headers) && Array.isArray(value.data)) {
      const headers = (value.headers as unknown[]).map(String);
      rows = (value.data as unknown[][]).map((row) => Object.fromEntries(headers.map((h, i) => [h, row[i] ?? null])));
    } else if (isPlainObject(value) && Array.isArray(value.data)) rows = value.data;
    else fail(`the fn returned ${describeValue(value)} where a table of points was expected`);
    return checkPlotSpec({ type: this.plotType, data: rows, x: o.x, y: o.y, color: o.color, title: o.title, x_title: o.xTitle, y_title: o.yTitle, x_lim: o.xLim, y_lim: o.yLim });
  }
}

export class LinePlot extends NativePlot {
  readonly type = "lineplot";
  readonly plotType = "line";
}
export class BarPlot extends NativePlot {
  readonly type = "barplot";
  readonly plotType = "bar";
}
export class ScatterPlot extends NativePlot {
  readonly type = "scatterplot";
  readonly plotType = "scatter";
}
