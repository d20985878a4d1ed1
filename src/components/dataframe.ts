/**
 * A table. Wire value (Gradio's DataframeData): `{ headers: string[], data: cell[][], metadata }`.
 * The fn receives `{ headers, data }` with each column converted by its `datatype` ("number" → numbers,
 * "bool" → booleans, "date" → ISO strings, others → text). It may return `{ headers, data }`, a list of
 * rows (arrays), or a list of records (objects; keys become headers). A caller may also send an uploaded
 * CSV/TSV file (FileData), read through the file rules. Inputs beyond `maxRows`/`maxColumns` (and the
 * byte limit for files) are refused with a clear error (D01).
 */
import { stat } from "node:fs/promises";
import type { EditData, EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import { isFileData } from "../protocol/file-data.js";
import {
  Component,
  type ComponentOptions,
  type JsonSchema,
  type ProcessContext,
  type ResolvedOptions,
} from "./component.js";
import { DEFAULT_TABLE_LIMITS, parseCsv } from "./csv.js";
import { expectArray, isPlainObject } from "./media.js";
import { describeValue, fail } from "./payload.js";

export type Cell = string | number | boolean | null;
export type ColumnType = "str" | "number" | "bool" | "date" | "markdown" | "html";
export interface DataframeValue {
  headers: string[];
  data: Cell[][];
}
export interface DataframePayload extends DataframeValue {
  metadata: { display_value?: string[][] | null; styling?: string[][] | null } | null;
}
export type DataframeOutput = DataframeValue | readonly (readonly Cell[])[] | readonly Record<string, Cell>[];

export interface DataframeOptions extends ComponentOptions<DataframeOutput> {
  headers?: string[];
  /** One type for all columns, or one per column. */
  datatype?: ColumnType | ColumnType[];
  /** `[count, "fixed" | "dynamic"]`: whether the user may add rows. */
  rowCount?: number | [number, "fixed" | "dynamic"];
  colCount?: number | [number, "fixed" | "dynamic"];
  maxRows?: number;
  maxColumns?: number;
  /** Largest uploaded CSV/TSV read, in bytes. */
  maxBytes?: number;
  /** Long cell text wraps onto several lines instead of being cut off. */
  wrap?: boolean;
  maxHeight?: number;
  /** One width per column: `"100px"`, `"20%"`, or a number of pixels. */
  columnWidths?: (string | number)[];
  showSearch?: "none" | "search" | "filter";
  showCopyButton?: boolean;
  showFullscreenButton?: boolean;
  showRowNumbers?: boolean;
  /** This many columns from the left stay in view when the table scrolls sideways. */
  pinnedColumns?: number;
  staticColumns?: number[];
}

const CELL = { anyOf: [{ type: "string" }, { type: "number" }, { type: "boolean" }, { type: "null" }] };
const MAX_CELL_TEXT = 100_000;

export class Dataframe extends Component<DataframeValue, DataframePayload> {
  readonly type = "dataframe";

  override clearedValue(): unknown {
    return { headers: this.tableOptions.headers ?? ["1", "2", "3"], data: [], metadata: null };
  }
  readonly tableOptions: ResolvedOptions<DataframeOptions>;

  constructor(options: DataframeOptions = {}) {
    super(options as ComponentOptions<DataframeValue>);
    this.tableOptions = { ...options, value: this.options.value } as ResolvedOptions<DataframeOptions>;
  }

  get limits() {
    return {
      maxRows: this.tableOptions.maxRows ?? DEFAULT_TABLE_LIMITS.maxRows,
      maxColumns: this.tableOptions.maxColumns ?? DEFAULT_TABLE_LIMITS.maxColumns,
    };
  }

  override props() {
    const o = this.tableOptions;
    const headers = o.headers ?? ["1", "2", "3"];
    return {
      ...super.props(),
      value:
        o.value === undefined || o.value === null
          ? { headers, data: [headers.map(() => "")], metadata: null }
          : this.#toPayload(o.value),
      headers,
      datatype: o.datatype ?? "str",
      rowCount: o.rowCount ?? [1, "dynamic"],
      colCount: o.colCount ?? [headers.length, "dynamic"],
      maxRows: this.limits.maxRows,
      maxColumns: this.limits.maxColumns,
      wrap: o.wrap ?? false,
      maxHeight: o.maxHeight ?? 500,
      // As Gradio: a number is pixels, and the list is always there (empty: widths follow the content).
      columnWidths: (o.columnWidths ?? []).map((width) => (typeof width === "number" ? `${width}px` : width)),
      showSearch: o.showSearch ?? "none",
      showCopyButton: o.showCopyButton ?? false,
      showFullscreenButton: o.showFullscreenButton ?? false,
      showRowNumbers: o.showRowNumbers ?? false,
      pinnedColumns: o.pinnedColumns,
      staticColumns: o.staticColumns ?? [],
    };
  }

  override async configValue(): Promise<unknown> {
    return this.props().value;
  }

  apiInfo(): JsonSchema {
    return {
      properties: {
        headers: { items: { type: "string" }, title: "Headers", type: "array" },
        data: { items: { items: CELL, type: "array" }, title: "Data", type: "array" },
        metadata: {
          anyOf: [
            { additionalProperties: { anyOf: [{ items: {}, type: "array" }, { type: "null" }] }, type: "object" },
            { type: "null" },
          ],
          default: null,
          title: "Metadata",
        },
      },
      required: ["headers", "data"],
      title: "DataframeData",
      type: "object",
    };
  }

  exampleInput() {
    const headers = this.tableOptions.headers ?? ["a", "b"];
    return { headers, data: [headers.map(() => "foo")], metadata: null };
  }

  /** A table sent as a file is only checked as a file at join: it is read and parsed when the event runs. */
  override async check(payload: unknown, context: ProcessContext): Promise<void> {
    if (isFileData(payload)) await context.files.acceptInput(payload, this.parameterName);
    else await this.preprocess(payload, context);
  }

  async preprocess(payload: unknown, context: ProcessContext): Promise<DataframeValue | null> {
    if (payload === null || payload === undefined) return null;
    const { maxRows, maxColumns } = this.limits;
    if (isFileData(payload)) return this.#fromFile(payload, context);
    if (!isPlainObject(payload)) fail(`expected a table ({ headers, data }), got ${describeValue(payload)}`);
    const headers = expectArray(payload.headers ?? [], "the headers", maxColumns).map((h) =>
      typeof h === "string" ? h : typeof h === "number" ? String(h) : fail("headers must be text"),
    );
    const rows = expectArray(payload.data, "the table data", maxRows);
    const width = Math.max(headers.length, ...rows.map((r) => (Array.isArray(r) ? r.length : 0)), 0);
    if (width > maxColumns) fail(`the table has ${width} columns; the limit is ${maxColumns}`);
    const data = rows.map((row, r) => {
      if (!Array.isArray(row)) fail(`row ${r + 1} of the table is not a list`);
      return Array.from({ length: width }, (_, c) => this.#cell(row[c], c, r));
    });
    return {
      headers:
        headers.length === width ? headers : Array.from({ length: width }, (_, c) => headers[c] ?? String(c + 1)),
      data,
    };
  }

  async #fromFile(payload: unknown, context: ProcessContext): Promise<DataframeValue> {
    const file = await context.files.acceptInput(payload, this.parameterName);
    const maxBytes = this.tableOptions.maxBytes ?? DEFAULT_TABLE_LIMITS.maxBytes;
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- an input file the file access policy accepted (acceptInput above)
    if ((await stat(file.path)).size > maxBytes) fail(`the table file is larger than ${maxBytes} bytes`);
    const text = (await context.files.readInput(file, this.parameterName)).toString("utf8");
    const rows = parseCsv(text, { ...this.limits, maxRows: this.limits.maxRows + 1, maxBytes });
    const [headers = [], ...body] = rows;
    return this.preprocess({ headers, data: body }, context) as Promise<DataframeValue>;
  }

  #columnType(column: number): ColumnType {
    const { datatype = "str" } = this.tableOptions;
    return Array.isArray(datatype) ? (datatype[column] ?? "str") : datatype;
  }

  #cell(value: unknown, column: number, row: number): Cell {
    const where = `row ${row + 1}, column ${column + 1}`;
    if (value === null || value === undefined) return null;
    if (typeof value === "string" && value.length > MAX_CELL_TEXT)
      fail(`the cell at ${where} is longer than ${MAX_CELL_TEXT} characters`);
    if (typeof value === "object")
      fail(`the cell at ${where} is ${describeValue(value)}; cells hold text, numbers or booleans`);
    switch (this.#columnType(column)) {
      case "number": {
        if (value === "") return null;
        const number =
          typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : Number.NaN;
        if (!Number.isFinite(number)) fail(`the cell at ${where} should be a number, got ${describeValue(value)}`);
        return number;
      }
      case "bool":
        if (typeof value === "boolean") return value;
        if (value === "true" || value === "false") return value === "true";
        if (value === "") return null;
        return fail(`the cell at ${where} should be true or false, got ${describeValue(value)}`);
      default:
        return typeof value === "string" ? value : String(value);
    }
  }

  postprocess(value: DataframeOutput | null | undefined): DataframePayload | null {
    if (value === null || value === undefined) return null;
    return this.#toPayload(value);
  }

  #toPayload(value: DataframeOutput): DataframePayload {
    let headers: string[];
    let data: Cell[][];
    if (Array.isArray(value)) {
      if (value.length > 0 && isPlainObject(value[0])) {
        const records = value as readonly Record<string, Cell>[];
        headers = [...new Set(records.flatMap((record) => Object.keys(record)))];
        data = records.map((record) => headers.map((h) => record[h] ?? null));
      } else {
        data = (value as readonly (readonly Cell[])[]).map((row) => {
          if (!Array.isArray(row)) fail(`the fn returned a table row that is ${describeValue(row)}, not a list`);
          return [...row];
        });
        const width = Math.max(0, ...data.map((row) => row.length));
        headers = Array.from({ length: width }, (_, c) => this.tableOptions.headers?.[c] ?? String(c + 1));
      }
    } else if (isPlainObject(value) && Array.isArray(value.data)) {
      data = (value.data as Cell[][]).map((row) => [...row]);
      headers = Array.isArray(value.headers) ? value.headers.map(String) : (this.tableOptions.headers ?? []);
    } else return fail(`the fn returned ${describeValue(value)} where a table was expected`);
    for (const row of data)
      for (let c = 0; c < row.length; c++)
        if (typeof row[c] === "object" && row[c] !== null) row[c] = JSON.stringify(row[c]);
    return { headers, data, metadata: null };
  }

  select<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "select", options);
  }

  /** The user edited its value in the page; the event data says what changed. */
  edit<const I extends Inputs>(options: EventOptions<I, EditData>): EventHandle {
    return listen(this, "edit", options);
  }
}
