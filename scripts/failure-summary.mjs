// A second test reporter: after the TAP log, it lists the tests that really failed (not todo, not skipped)
// with their file, line and the start of their error, so a red run says what broke in its last lines.
import path from "node:path";

const ERROR_LINES = 25;

/** @param {AsyncIterable<{ type: string, data: any }>} source */
export default async function* failureSummary(source) {
  const failures = [];
  for await (const event of source) {
    if (event.type !== "test:fail") continue;
    const { data } = event;
    if (data.todo !== undefined || data.skip !== undefined) continue;
    if (data.details?.error?.failureType === "subtestsFailed") continue;
    failures.push(describe(data));
  }
  if (failures.length === 0) return;
  yield `\n# ${failures.length} failing test(s):\n${failures.join("\n")}\n`;
}

function describe(data) {
  const where = data.file ? `${path.relative(process.cwd(), data.file)}:${data.line ?? "?"}` : "(unknown file)";
  const error = data.details?.error;
  const cause = error?.cause ?? error;
  const message = String(cause?.stack ?? cause?.message ?? cause ?? "no error recorded");
  const excerpt = message
    .split("\n")
    .slice(0, ERROR_LINES)
    .map((line) => `#     ${line}`);
  return [`# ✗ ${data.name}  (${where})`, ...excerpt].join("\n");
}
