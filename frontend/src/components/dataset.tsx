/** The examples table: clicking (or Enter on) a row fills its components with that sample, in the browser. */
import { useState } from "preact/hooks";
import type { FileData } from "../../../src/protocol/index.js";
import { Frame, Label, classes, num, text, useProps, useDispatcher } from "../block.js";
import { fileName, useFileUrl } from "../files.js";

/** A table sample's rows: a Dataframe value `{ headers, data }`, or rows as they are (Gradio's example form). */
function tableRows(value: unknown): unknown[][] | null {
  const rows =
    typeof value === "object" && value !== null && !Array.isArray(value) ? (value as { data?: unknown }).data : value;
  return Array.isArray(rows) && rows.every(Array.isArray) ? (rows as unknown[][]) : null;
}

/** Like Gradio's: the first three rows and columns of a table sample, "…" where a row goes on, "Empty" for none. */
function TableSample({ rows }: { rows: unknown[][] }) {
  const empty = rows.length === 0 || rows[0]!.length === 0;
  return (
    <table class={classes("sample-table", rows.length > 3 && "sample-table-more")}>
      <tbody>
        {empty ? (
          <tr>
            <td>Empty</td>
          </tr>
        ) : (
          rows.slice(0, 3).map((row, r) => (
            <tr key={r}>
              {row.slice(0, 3).map((cell, c) => (
                <td key={c}>{text(cell)}</td>
              ))}
              {row.length > 3 && <td>…</td>}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

export function Dataset({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const urlOf = useFileUrl();
  const [page, setPage] = useState(0);
  const targets = Array.isArray(props.component_ids)
    ? props.component_ids.filter((c): c is number => typeof c === "number")
    : [];
  const samples = Array.isArray(props.samples) ? (props.samples as unknown[][]) : [];
  const perPage = Math.max(1, num(props.samples_per_page) ?? 10);
  const pages = Math.ceil(samples.length / perPage);
  const shown = samples.slice(page * perPage, page * perPage + perPage);
  const given = Array.isArray(props.headers) ? props.headers.map((h) => text(h)) : [];
  const headers = targets.map((target, column) => given[column] || text(dispatcher.store.props(target).label));
  const typeOf = (target: number | undefined) => (target === undefined ? "" : dispatcher.typeOf(target));

  const choose = (index: number) => {
    const sample = samples[index] ?? [];
    targets.forEach((target, column) => dispatcher.setValue(target, structuredClone(sample[column] ?? null)));
    dispatcher.store.set(id, { value: index });
    dispatcher.trigger(id, "click", { index, value: sample });
    dispatcher.trigger(id, "select", { index, value: sample, selected: true });
  };

  const cell = (value: unknown, column: number) => {
    const type = typeOf(targets[column]);
    if (value === null || value === undefined) return "";
    if ((type === "image" || type === "file") && typeof value === "object") {
      const files = (Array.isArray(value) ? value : [value]) as FileData[];
      if (type === "image") {
        const url = files[0] ? urlOf(files[0]) : null;
        return url ? <img class="sample-thumb" src={url} alt={fileName(files[0]!)} /> : "";
      }
      return files.map(fileName).join(", ");
    }
    const rows = type === "dataframe" ? tableRows(value) : null;
    if (rows) return <TableSample rows={rows} />;
    if (Array.isArray(value)) return value.map((v) => text(v)).join(", ");
    if (typeof value === "object") return JSON.stringify(value);
    return text(value);
  };

  return (
    <Frame id={id} type="dataset" props={props}>
      <Label props={props} fallback="Examples" as="span" />
      <div class="table-wrap">
        <table class="samples" aria-label={text(props.label) || "Examples"}>
          {headers.some(Boolean) && (
            <thead>
              <tr>
                {headers.map((header, column) => (
                  <th key={column} scope="col">
                    {header}
                  </th>
                ))}
              </tr>
            </thead>
          )}
          <tbody>
            {shown.map((sample, row) => {
              const index = page * perPage + row;
              return (
                <tr
                  key={index}
                  class="sample"
                  tabIndex={0}
                  aria-label={`Example ${index + 1}: ${sample.map((v) => (typeof v === "object" ? "" : text(v))).join(", ")}`}
                  onClick={() => choose(index)}
                  onKeyDown={(event) => {
                    if (event.key === "Enter" || event.key === " ") {
                      event.preventDefault();
                      choose(index);
                    }
                  }}
                >
                  {targets.map((_, column) => (
                    <td key={column}>{cell(sample[column], column)}</td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav class="pages" aria-label="Example pages">
          {Array.from({ length: pages }, (_, p) => (
            <button
              type="button"
              key={p}
              class="page-button"
              aria-current={p === page ? "page" : undefined}
              onClick={() => setPage(p)}
            >
              {p + 1}
            </button>
          ))}
        </nav>
      )}
    </Frame>
  );
}
