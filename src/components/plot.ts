/**
 * Charts. The wire value is a small declarative spec the browser draws with its chart library:
 *
 *   { type: "line" | "bar" | "scatter", data: [{ column: value, ... }, ...], x: "column", y: "column",
 *     color?: "column", title?, x_title?, y_title?, x_lim?, y_lim? }
 *
 * `Plot` takes that spec from the fn as is (validated); as an input the fn receives the spec.
 * `LinePlot`, `BarPlot` and `ScatterPlot` speak Gradio's own PlotData instead (see NativePlot below):
 * they take a table (rows as records, or `{ headers, data }`) and the columns to draw from their props.
 */
import { Component, type ComponentOptions, type JsonSchema } from "./component.js";
import { expectArray, isPlainObject } from "./media.js";
import { describeValue, expectString, fail } from "./payload.js";
import type { EventHandle, EventOptions, Inputs, SelectData } from "../blocks/events.js";
import { listen } from "../blocks/events.js";

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
      if (cell !== null && typeof cell !== "string" && typeof cell !== "number" && typeof cell !== "boolean")
        fail(`plot row ${i + 1} has ${describeValue(cell)} in "${key}"`);
      if (typeof cell === "string" && cell.length > 10_000)
        fail(`plot row ${i + 1} has an over-long value in "${key}"`);
    }
    return row as PlotRow;
  });
}

function checkLimit(value: unknown, name: string): [number, number] | null {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === "number" && Number.isFinite(v)))
    fail(`${name} must be [min, max]`);
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
  return {
    type,
    data,
    x,
    y,
    color,
    title: optionalText(value.title),
    x_title: optionalText(value.x_title),
    y_title: optionalText(value.y_title),
    x_lim: checkLimit(value.x_lim, "x_lim"),
    y_lim: checkLimit(value.y_lim, "y_lim"),
  };
}

const SPEC_SCHEMA: JsonSchema = {
  properties: {
    type: { enum: ["line", "bar", "scatter"], type: "string" },
    data: {
      items: {
        additionalProperties: {
          anyOf: [{ type: "string" }, { type: "number" }, { type: "boolean" }, { type: "null" }],
        },
        type: "object",
      },
      type: "array",
    },
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
    return {
      type: "line",
      data: [
        { x: 1, y: 2 },
        { x: 2, y: 4 },
      ],
      x: "x",
      y: "y",
    };
  }

  preprocess(payload: unknown): PlotSpec | null {
    return payload === null || payload === undefined ? null : checkPlotSpec(payload);
  }

  postprocess(value: PlotSpec | null | undefined): PlotSpec | null {
    return value === null || value === undefined ? null : checkPlotSpec(value);
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
  xLim?: [number, number];
  yLim?: [number, number];
  height?: number;
  /** Show the legend for `color`. */
  showLegend?: boolean;
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
  }

  override props() {
    const o = this.plotOptions;
    const { x, y, color, title, xTitle, yTitle, xLim, yLim, height } = o;
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
      xLim,
      yLim,
      height,
      showLegend,
      name: this.blockName,
    };
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

  /** The user double-clicked it. */
  doubleClick<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "double_click", options);
  }

  /** The user selected part of it; the event data is Gradio's SelectData. */
  select<const I extends Inputs>(options: EventOptions<I, SelectData>): EventHandle {
    return listen(this, "select", options);
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
