/**
 * Dataframe: typed columns, editable cells (Enter/double-click/typing to edit, Enter/Tab to commit,
 * Escape to cancel), sort by a header, paste a block of cells from a spreadsheet (tab-separated), add
 * rows, search; only the rows in view are in the DOM, so a 100 000-row table scrolls smoothly.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { Frame, Label, num, text, useProps, useDispatcher } from "../block.js";
import { MarkdownView } from "./markdown.js";
import "./components.css";

type Cell = string | number | boolean | null;
interface Table {
  headers: string[];
  data: Cell[][];
}

const ROW_HEIGHT = 34;
const OVERSCAN = 8;

function tableOf(value: unknown, fallbackHeaders: unknown): Table {
  const v = (value ?? {}) as Partial<Table>;
  const data = Array.isArray(v.data) ? v.data.map((row) => (Array.isArray(row) ? [...row] : [])) : [];
  const headers = Array.isArray(v.headers)
    ? v.headers.map((h) => text(h))
    : Array.isArray(fallbackHeaders)
      ? fallbackHeaders.map((h) => text(h))
      : [];
  const width = Math.max(headers.length, ...data.map((row) => row.length), 0);
  return {
    headers: Array.from({ length: width }, (_, c) => headers[c] ?? String(c + 1)),
    data: data.map((row) => Array.from({ length: width }, (_, c) => row[c] ?? null)),
  };
}

const dynamic = (count: unknown) => !(Array.isArray(count) && count[1] === "fixed");

function compare(a: Cell, b: Cell): number {
  if (a === null || a === "") return b === null || b === "" ? 0 : 1;
  if (b === null || b === "") return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const na = Number(a);
  const nb = Number(b);
  if (
    typeof a !== "boolean" &&
    typeof b !== "boolean" &&
    a !== "" &&
    b !== "" &&
    Number.isFinite(na) &&
    Number.isFinite(nb)
  )
    return na - nb;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** Tab-separated rows (Excel, Sheets, LibreOffice); quoted cells may hold tabs and newlines. */
export function parseTsv(source: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const text = source.replace(/\r\n?/g, "\n").replace(/\n$/, "");
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === "") quoted = true;
    else if (char === "\t") {
      row.push(cell);
      cell = "";
    } else if (char === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += char;
  }
  row.push(cell);
  rows.push(row);
  return rows;
}

let sanitizer: Promise<(html: string) => string> | null = null;

/** An "html" cell: the app's HTML through the page's sanitizer, as gr.HTML shows it. */
function HtmlCell({ source }: { source: string }) {
  const [html, setHtml] = useState("");
  useEffect(() => {
    let current = true;
    sanitizer ??= import("../sanitize.js").then((module) => module.sanitizeHtml);
    void sanitizer.then((sanitize) => current && setHtml(sanitize(source)));
    return () => {
      current = false;
    };
  }, [source]);
  return <span class="df-text df-rich" dangerouslySetInnerHTML={{ __html: html }} />;
}

function CellView({ cell, type }: { cell: Cell; type: string }) {
  const source = cell === null ? "" : String(cell);
  if (type === "markdown") return <MarkdownView source={source} class="df-text df-rich" />;
  if (type === "html") return <HtmlCell source={source} />;
  return <span class="df-text">{source}</span>;
}

/** `column_widths` entry for a column: a CSS width ("100px", "20%"), or undefined to follow the content. */
function widthOf(widths: unknown, column: number): string | undefined {
  const width: unknown = Array.isArray(widths) ? widths[column] : undefined;
  // eslint-disable-next-line security/detect-unsafe-regex -- a developer's column width setting; linear: the optional group starts with ".", which \d+ cannot take
  return typeof width === "string" && /^\d+(\.\d+)?(px|%|em|rem)$/.test(width)
    ? width
    : typeof width === "number"
      ? `${width}px`
      : undefined;
}

/**
 * `pinned_columns`: where each pinned column sticks (its left offset, measured from the header row,
 * since widths follow the content); columns past the pinned ones get nothing.
 */
function usePinnedOffsets(tableRef: { current: HTMLTableElement | null }, pinned: number): number[] {
  const [offsets, setOffsets] = useState<number[]>([]);
  // After every render: the content (and so the widths) may have changed; equal offsets re-render nothing.
  useLayoutEffect(() => {
    const table = tableRef.current;
    if (!table || pinned <= 0) return setOffsets((old) => (old.length === 0 ? old : []));
    const headers = [...table.querySelectorAll<HTMLElement>("thead th[data-column]")].slice(0, pinned);
    const next = headers.map((th) => th.offsetLeft);
    setOffsets((old) => (old.length === next.length && old.every((v, i) => v === next[i]) ? old : next));
  });
  return offsets;
}

export function Dataframe({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const table = useMemo(() => tableOf(props.value, props.headers), [props.value, props.headers]);
  const interactive = dispatcher.isInteractive(id);
  const types = (c: number) => text(Array.isArray(props.datatype) ? props.datatype[c] : props.datatype, "str");
  const statics = new Set(Array.isArray(props.static_columns) ? props.static_columns : []);
  const [sort, setSort] = useState<{ column: number; direction: 1 | -1 } | null>(null);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState<{ row: number; column: number } | null>(null); // row: position in view
  const [editing, setEditing] = useState<string | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const tableElement = useRef<HTMLTableElement>(null);
  const pinned = Math.max(0, Math.floor(num(props.pinned_columns) ?? 0));
  const offsets = usePinnedOffsets(tableElement, pinned);
  /** Width and, for a pinned column, where it sticks: the same for its header and its cells. */
  const columnStyle = (column: number) => {
    const width = widthOf(props.column_widths, column);
    const left = column < pinned ? offsets[column] : undefined;
    return {
      ...(width ? { width, minWidth: width, maxWidth: width } : {}),
      ...(left !== undefined ? { left: `${left}px` } : {}),
    };
  };
  const columnClass = (column: number) => (column < pinned ? " df-pinned" : "");
  const maxHeight = num(props.max_height) ?? 500;

  const order = useMemo(() => {
    let rows = table.data.map((_, index) => index);
    const q = query.trim().toLowerCase();
    if (q)
      rows = rows.filter((r) =>
        table.data[r]!.some((cell) =>
          String(cell ?? "")
            .toLowerCase()
            .includes(q),
        ),
      );
    if (sort)
      rows.sort(
        (a, b) =>
          sort.direction * compare(table.data[a]![sort.column] ?? null, table.data[b]![sort.column] ?? null) || a - b,
      );
    return rows;
  }, [table, sort, query]);

  useEffect(() => {
    if (scroller.current) scroller.current.style.maxHeight = `${maxHeight}px`;
  }, [maxHeight]);

  const editable = (column: number) => interactive && !statics.has(column);
  const coerce = (raw: string, column: number): Cell => {
    const type = types(column);
    if (type === "number") return raw.trim() === "" ? null : Number.isFinite(Number(raw)) ? Number(raw) : raw;
    if (type === "bool") return raw === "" ? null : /^(true|1|yes|x)$/i.test(raw.trim());
    return raw;
  };
  const commit = (data: Cell[][], headers = table.headers) =>
    dispatcher.setValue(id, { headers, data, metadata: null }, true);
  const setCell = (viewRow: number, column: number, raw: string | boolean) => {
    const row = order[viewRow];
    if (row === undefined) return;
    const data = table.data.map((r) => [...r]);
    const previous = data[row]![column] ?? null;
    data[row]![column] = typeof raw === "boolean" ? raw : coerce(raw, column);
    commit(data);
    // As Gradio's page: both as text, fired only when the text changed.
    if (String(previous ?? "") !== String(raw))
      dispatcher.trigger(id, "edit", {
        index: [row, column],
        value: String(raw),
        previous_value: String(previous ?? ""),
      });
  };
  const focusCell = (row: number, column: number) => {
    const clamped = {
      row: Math.max(0, Math.min(order.length - 1, row)),
      column: Math.max(0, Math.min(table.headers.length - 1, column)),
    };
    setActive(clamped);
    setEditing(null);
    const element = scroller.current;
    if (element) {
      const top = clamped.row * ROW_HEIGHT;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + ROW_HEIGHT * 2 > element.scrollTop + element.clientHeight)
        element.scrollTop = top + ROW_HEIGHT * 2 - element.clientHeight;
    }
    requestAnimationFrame(() => {
      const cell = scroller.current?.querySelector<HTMLElement>(`[data-cell="${clamped.row}:${clamped.column}"]`);
      // Not when the user already started typing into the cell's editor.
      if (cell && !cell.contains(document.activeElement)) cell.focus();
    });
  };
  const selectCell = (row: number, column: number) => {
    focusCell(row, column);
    const original = order[row];
    if (original !== undefined)
      dispatcher.trigger(id, "select", {
        index: [original, column],
        value: table.data[original]![column] ?? null,
        row_value: table.data[original],
        col_value: table.headers[column],
        selected: true,
      });
  };
  const paste = (source: string) => {
    if (!active || !interactive) return;
    const block = parseTsv(source);
    const data = table.data.map((r) => [...r]);
    let headers = table.headers;
    const width = active.column + Math.max(...block.map((r) => r.length));
    if (width > headers.length) {
      if (!dynamic(props.col_count))
        return dispatcher.toasts.show({
          level: "warning",
          title: "Paste",
          message: "This table has a fixed number of columns.",
          duration: 5,
        });
      headers = [
        ...headers,
        ...Array.from({ length: width - headers.length }, (_, i) => String(headers.length + i + 1)),
      ];
      data.forEach((row) => row.push(...Array.from({ length: width - row.length }, () => null)));
    }
    block.forEach((cells, r) => {
      let target = order[active.row + r];
      if (target === undefined) {
        if (!dynamic(props.row_count)) return;
        data.push(headers.map(() => null));
        target = data.length - 1;
      }
      cells.forEach((cell, c) => {
        if (!statics.has(active.column + c)) data[target!]![active.column + c] = coerce(cell, active.column + c);
      });
    });
    commit(data, headers);
  };

  const visible = Math.ceil(maxHeight / ROW_HEIGHT);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(order.length, first + visible + OVERSCAN * 2);
  const rowNumbers = props.show_row_numbers === true;

  return (
    <Frame id={id} type="dataframe" props={props}>
      <div class="label-row">
        <Label props={props} fallback="Table" as="span" />
        {props.show_search !== undefined && props.show_search !== "none" && (
          <input
            type="search"
            class="input df-search"
            placeholder="Search"
            aria-label="Search the table"
            value={query}
            onInput={(event) => setQuery(event.currentTarget.value)}
          />
        )}
      </div>
      <div
        ref={scroller}
        class="df-scroll"
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
        onPaste={(event) => {
          if (editing !== null) return;
          const source = event.clipboardData?.getData("text/plain");
          if (!source) return;
          event.preventDefault();
          paste(source);
        }}
      >
        <table
          ref={tableElement}
          class={props.wrap === true ? "df df-wrap" : "df"}
          role="grid"
          aria-label={text(props.label) || "Table"}
          aria-rowcount={order.length + 1}
          aria-colcount={table.headers.length}
        >
          <thead>
            <tr aria-rowindex={1}>
              {rowNumbers && <th class="df-rownum" aria-hidden="true" />}
              {table.headers.map((header, column) => (
                <th
                  key={column}
                  scope="col"
                  data-column={column}
                  aria-sort={sort?.column === column ? (sort.direction === 1 ? "ascending" : "descending") : "none"}
                  class={`df-${types(column)}${columnClass(column)}`}
                  style={columnStyle(column)}
                >
                  <button
                    type="button"
                    class="df-sort"
                    onClick={() =>
                      setSort((old) =>
                        old?.column !== column
                          ? { column, direction: 1 }
                          : old.direction === 1
                            ? { column, direction: -1 }
                            : null,
                      )
                    }
                  >
                    {header}
                    <span aria-hidden="true">
                      {sort?.column === column ? (sort.direction === 1 ? " ▲" : " ▼") : ""}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {first > 0 && <tr class="df-spacer" aria-hidden="true" style={{ height: `${first * ROW_HEIGHT}px` }} />}
            {order.slice(first, last).map((original, offset) => {
              const viewRow = first + offset;
              return (
                <tr key={original} aria-rowindex={viewRow + 2}>
                  {rowNumbers && (
                    <th class="df-rownum" scope="row">
                      {original + 1}
                    </th>
                  )}
                  {table.headers.map((_, column) => {
                    const cell = table.data[original]![column] ?? null;
                    const isActive = active?.row === viewRow && active.column === column;
                    const type = types(column);
                    return (
                      <td
                        key={column}
                        role="gridcell"
                        class={`df-${type}${isActive ? " df-active" : ""}${columnClass(column)}`}
                        style={columnStyle(column)}
                        tabIndex={isActive || (!active && viewRow === 0 && column === 0) ? 0 : -1}
                        data-cell={`${viewRow}:${column}`}
                        aria-readonly={!editable(column)}
                        onClick={() => selectCell(viewRow, column)}
                        onDblClick={() =>
                          editable(column) && type !== "bool" && setEditing(cell === null ? "" : String(cell))
                        }
                        onKeyDown={(event) => {
                          if (isActive && editing !== null) return;
                          const moves: Record<string, [number, number]> = {
                            ArrowUp: [-1, 0],
                            ArrowDown: [1, 0],
                            ArrowLeft: [0, -1],
                            ArrowRight: [0, 1],
                          };
                          const move = moves[event.key];
                          if (move) {
                            event.preventDefault();
                            return focusCell(viewRow + move[0], column + move[1]);
                          }
                          if (!editable(column)) return;
                          if (type === "bool" && (event.key === " " || event.key === "Enter")) {
                            event.preventDefault();
                            return setCell(viewRow, column, cell !== true);
                          }
                          if (event.key === "Enter" || event.key === "F2") {
                            event.preventDefault();
                            setActive({ row: viewRow, column });
                            setEditing(cell === null ? "" : String(cell));
                          } else if (event.key === "Delete" || event.key === "Backspace") {
                            setCell(viewRow, column, "");
                          } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
                            event.preventDefault();
                            setActive({ row: viewRow, column });
                            // Keys typed before the editor has mounted are kept, not lost.
                            const key = event.key;
                            setEditing((old) => (old ?? "") + key);
                          }
                        }}
                      >
                        {isActive && editing !== null ? (
                          <input
                            class="df-input"
                            aria-label={`${table.headers[column]}, row ${viewRow + 1}`}
                            value={editing}
                            inputMode={type === "number" ? "decimal" : undefined}
                            ref={(element) => {
                              if (element && document.activeElement !== element) {
                                element.focus();
                                element.setSelectionRange(element.value.length, element.value.length);
                              }
                            }}
                            onInput={(event) => setEditing(event.currentTarget.value)}
                            onBlur={() => {
                              if (editing !== null) setCell(viewRow, column, editing);
                              setEditing(null);
                            }}
                            onKeyDown={(event) => {
                              if (event.key === "Escape") {
                                event.preventDefault();
                                setEditing(null);
                                focusCell(viewRow, column);
                              } else if (event.key === "Enter" || event.key === "Tab") {
                                event.preventDefault();
                                setCell(viewRow, column, editing);
                                setEditing(null);
                                if (event.key === "Tab") focusCell(viewRow, column + (event.shiftKey ? -1 : 1));
                                else focusCell(viewRow + 1, column);
                              }
                            }}
                          />
                        ) : type === "bool" ? (
                          <input
                            type="checkbox"
                            tabIndex={-1}
                            checked={cell === true}
                            disabled={!editable(column)}
                            aria-label={`${table.headers[column]}, row ${viewRow + 1}`}
                            onChange={(event) => setCell(viewRow, column, event.currentTarget.checked)}
                          />
                        ) : (
                          <CellView cell={cell} type={type} />
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
            {last < order.length && (
              <tr class="df-spacer" aria-hidden="true" style={{ height: `${(order.length - last) * ROW_HEIGHT}px` }} />
            )}
          </tbody>
        </table>
      </div>
      {interactive && (dynamic(props.row_count) || dynamic(props.col_count)) && (
        <div class="media-toolbar df-tools">
          {dynamic(props.row_count) && (
            <button
              type="button"
              class="icon-button"
              onClick={() => commit([...table.data.map((r) => [...r]), table.headers.map(() => null)])}
            >
              Add row
            </button>
          )}
          {dynamic(props.col_count) && (
            <button
              type="button"
              class="icon-button"
              onClick={() =>
                commit(
                  table.data.map((r) => [...r, null]),
                  [...table.headers, String(table.headers.length + 1)],
                )
              }
            >
              Add column
            </button>
          )}
        </div>
      )}
      <p class="info df-count">
        {order.length === table.data.length
          ? `${table.data.length} rows`
          : `${order.length} of ${table.data.length} rows`}
      </p>
    </Frame>
  );
}
