/**
 * A bounded CSV/TSV reader (RFC 4180 quoting) for table input: one pass, no regex, and it stops with a
 * clear error the moment the text exceeds the byte, row, column or cell-length limits (D01), so a huge
 * or pathological input never builds a huge table in memory.
 */
import { fail } from "./payload.js";

export interface TableLimits {
  maxRows?: number;
  maxColumns?: number;
  /** Longest cell text. */
  maxCellLength?: number;
  /** Longest input text. */
  maxBytes?: number;
}

export const DEFAULT_TABLE_LIMITS: Required<TableLimits> = {
  maxRows: 10_000,
  maxColumns: 200,
  maxCellLength: 100_000,
  maxBytes: 20 * 1024 * 1024,
};

/** Parses CSV (or TSV when `delimiter` is a tab, or when "auto" sees a tab in the first line). */
export function parseCsv(
  text: string,
  limits: TableLimits = {},
  delimiter: "," | "\t" | ";" | "auto" = "auto",
): string[][] {
  const { maxRows, maxColumns, maxCellLength, maxBytes } = { ...DEFAULT_TABLE_LIMITS, ...limits };
  if (text.length > maxBytes) fail(`the table text is ${text.length} characters long; the limit is ${maxBytes}`);
  let separator = delimiter;
  if (separator === "auto") {
    const firstLineEnd = text.indexOf("\n");
    separator = text.slice(0, firstLineEnd < 0 ? text.length : firstLineEnd).includes("\t") ? "\t" : ",";
  }
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  let i = 0;
  const endCell = () => {
    if (row.length >= maxColumns) fail(`the table has more than ${maxColumns} columns`);
    row.push(cell);
    cell = "";
  };
  const endRow = () => {
    endCell();
    if (rows.length >= maxRows) fail(`the table has more than ${maxRows} rows`);
    rows.push(row);
    row = [];
  };
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  for (; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += char;
    } else if (char === '"' && cell.length === 0) quoted = true;
    else if (char === separator) endCell();
    else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      endRow();
    } else cell += char;
    if (cell.length > maxCellLength) fail(`a table cell is longer than ${maxCellLength} characters`);
  }
  if (quoted) fail("the table text ends inside a quoted cell");
  if (cell.length > 0 || row.length > 0) endRow();
  return rows;
}
