/**
 * JSON laid out the way Python's `json.dumps` writes it (`", "`, `": "`, non-ASCII escaped), for the
 * REST route. The values are the ones every other stream carries: whatever `JSON.stringify` makes of
 * them (the queue stream's `sseFrame`, MCP, the Redis channels), so NaN and ±Infinity become `null`
 * and `toJSON` is honoured. Python's `json.dumps` would write `NaN`/`Infinity`, which `JSON.parse`, jq
 * and other strict parsers reject; `null` is read by all of them and by Python's `json.loads`.
 */
export function pythonJson(value: unknown): string {
  const strict = JSON.stringify(value);
  return strict === undefined ? "null" : pythonLayout(JSON.parse(strict) as unknown);
}

/** Lays out a value that is already plain JSON (no undefined, no non-finite numbers). */
function pythonLayout(value: unknown): string {
  if (value === null || typeof value === "number" || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "string")
    return JSON.stringify(value).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  if (Array.isArray(value)) return `[${value.map(pythonLayout).join(", ")}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${pythonLayout(k)}: ${pythonLayout(v)}`)
    .join(", ")}}`;
}
