// Refusals carry a stable code (src/errors.ts): the structured log names it beside the HTTP status, and a
// thrown error carries it as `code`, so tests and log searches match on the code, never on message text.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import * as gr from "gradio-ts";

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

interface Answer {
  name: string;
  status: number;
  body: string;
}

interface LogLine {
  reqId?: string;
  code?: string;
  status?: number;
}

/**
 * An app in its own process (the structured log goes to stdout), making its refusals over real HTTP;
 * each answer is reported on stderr as one JSON line.
 */
function childScript(dir: string): string {
  const index = pathToFileURL(path.join(repoRoot, "src", "index.ts")).href;
  const secret = path.join(dir, "secret.txt");
  return `import * as gr from ${JSON.stringify(index)};
const demo = new gr.Blocks({}, () => {
  const i = new gr.Textbox({ label: "In" });
  const o = new gr.Textbox({ label: "Out" });
  new gr.Button("Go").click({ fn: function echo(s) { return s; }, inputs: i, outputs: o, apiName: "echo" });
});
const app = await demo.launch({
  serverPort: 0, quiet: true, logLevel: "info", maxFileSize: "10b", cacheDir: ${JSON.stringify(path.join(dir, "cache"))},
});
const json = (body) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const upload = new FormData();
upload.append("files", new Blob(["more than ten bytes"]), "a.txt");
const requests = [
  ["file", "/gradio_api/file=" + ${JSON.stringify(secret)}, {}],
  ["endpoint", "/gradio_api/call/no_such_endpoint", json({ data: ["x"] })],
  ["event", "/gradio_api/call/echo/no-such-event", {}],
  ["input", "/gradio_api/call/echo", json({ data: [123] })],
  ["upload", "/gradio_api/upload", { method: "POST", body: upload }],
];
for (const [name, route, init] of requests) {
  const response = await fetch(app.url + route, init);
  process.stderr.write("ANSWER " + JSON.stringify({ name, status: response.status, body: await response.text() }) + "\\n");
}
await app.close();
`;
}

describe("error codes", () => {
  test("each refusal over HTTP logs its code with the status the caller got", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-error-codes-"));
    try {
      await writeFile(path.join(dir, "secret.txt"), "not for callers");
      const script = path.join(dir, "child.mts");
      await writeFile(script, childScript(dir));
      const { stdout, stderr } = await run(process.execPath, ["--conditions=source", "--import", "tsx", script], {
        cwd: repoRoot,
        timeout: 60_000,
      });
      const answers = stderr
        .split("\n")
        .filter((line) => line.startsWith("ANSWER "))
        .map((line) => JSON.parse(line.slice("ANSWER ".length)) as Answer);
      const coded = stdout
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as LogLine)
        .filter((line) => line.code !== undefined);
      assert.deepEqual(
        answers.map((answer) => [answer.name, answer.status]),
        [
          ["file", 403],
          ["endpoint", 404],
          ["event", 404],
          ["input", 422],
          ["upload", 413],
        ],
      );
      // One coded line per refusal, in request order; the body stays Gradio's `{"detail": ...}`.
      assert.deepEqual(
        coded.map((line) => [line.code, line.status]),
        [
          ["GRADIO_TS_ERR_FILE_NOT_ALLOWED", 403],
          ["GRADIO_TS_ERR_UNKNOWN_ENDPOINT", 404],
          ["GRADIO_TS_ERR_SESSION_NOT_FOUND", 404],
          ["GRADIO_TS_ERR_VALIDATION", 422],
          ["GRADIO_TS_ERR_FILE_TOO_LARGE", 413],
        ],
      );
      assert.equal(new Set(coded.map((line) => line.reqId)).size, coded.length, "each code belongs to its own request");
      for (const answer of answers) assert.ok("detail" in (JSON.parse(answer.body) as object), answer.name);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("a mistake in how the app is used throws with the config code", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-error-codes-"));
    try {
      const logger = new gr.CSVLogger({ dir });
      await assert.rejects(logger.flag(["x"]), { name: "AppConfigError", code: "GRADIO_TS_ERR_CONFIG" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
