// What a launched app prints: the URL and readable errors by default (as Gradio), nothing with
// `quiet`, JSON lines when a log level is asked for.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";

const appSource = (launchOptions: string, afterLaunch = "") => `import * as gr from "gradio-ts";
const demo = new gr.Interface({
  fn: function fail(text: string) { if (text === "boom") throw new Error("the model fell over"); return text; },
  inputs: "text",
  outputs: "text",
});
const app = await demo.launch({ serverPort: 0, handleSignals: false, ${launchOptions} });
${afterLaunch}
process.stdin.once("data", async () => { await app.close(); process.exit(0); });
`;

interface Printed {
  stdout: string;
  stderr: string;
}

/** Runs the app, makes one failing call, stops it, and returns everything it printed. */
async function printedBy(
  file: string,
  env: Record<string, string> = {},
  url?: (printed: Printed) => string | null,
): Promise<Printed> {
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", file], {
    env: { ...process.env, GRADIO_LOG_LEVEL: "", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const printed: Printed = { stdout: "", stderr: "" };
  child.stdout.on("data", (chunk: Buffer) => (printed.stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (printed.stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 60_000;
  let base: string | null = null;
  while (!base && Date.now() < deadline) {
    base = url?.(printed) ?? /Running on local URL:\s+(\S+)/.exec(printed.stdout)?.[1] ?? null;
    if (!base) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.ok(base, `the app started: ${printed.stdout}${printed.stderr}`);
  const post = await fetch(`${base}/gradio_api/call/fail`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ data: ["boom"] }),
  });
  const { event_id: eventId } = (await post.json()) as { event_id: string };
  assert.match(await (await fetch(`${base}/gradio_api/call/fail/${eventId}`)).text(), /event: error/);
  child.stdin.write("stop\n");
  await exited;
  return printed;
}

describe("what a launched app prints", () => {
  let dir = "";
  // Inside the repository, so the app files resolve the gradio-ts package as an app of its own would.
  before(async () => (dir = await mkdtemp(path.join(import.meta.dirname, "fixtures", "logs-"))));
  after(async () => rm(dir, { recursive: true, force: true }));

  test("by default: the URL, and a failing fn as readable text on stderr, no JSON lines", async () => {
    const file = path.join(dir, "default.mts");
    await writeFile(file, appSource(""));
    const printed = await printedBy(file);
    assert.match(printed.stdout, /^\* Running on local URL: {2}http:\/\/127\.0\.0\.1:\d+\n/);
    assert.ok(!printed.stdout.includes("{"), `no JSON on stdout: ${printed.stdout}`);
    assert.match(printed.stderr, /^ERROR: The fn failed \(\/fail\)\nError: the model fell over\n\s+at \S*fail /m);
    assert.ok(!/^\{/m.test(printed.stderr), `no JSON on stderr: ${printed.stderr}`);
  });

  test("quiet: true prints nothing at all, not even the error", async () => {
    const file = path.join(dir, "quiet.mts");
    // The test needs the URL, which a quiet app does not print: the app hands it over itself.
    await writeFile(file, appSource("quiet: true", 'console.error("URL " + app.url);'));
    const printed = await printedBy(file, {}, (p) => /^URL (\S+)/.exec(p.stderr)?.[1] ?? null);
    assert.equal(printed.stdout, "");
    assert.equal(printed.stderr.replace(/^URL \S+\n/, ""), "");
  });

  test("GRADIO_LOG_LEVEL=info gives one JSON line per event, the failure with its endpoint", async () => {
    const file = path.join(dir, "json.mts");
    await writeFile(file, appSource(""));
    const printed = await printedBy(file, { GRADIO_LOG_LEVEL: "info" });
    const lines = printed.stdout
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { msg?: string; endpoint?: string; level: number });
    const failure = lines.find((line) => line.msg === "The fn failed");
    assert.ok(failure, "the failure is a JSON line");
    assert.equal(failure.endpoint, "/fail");
    assert.equal(failure.level, 50);
    assert.ok(
      lines.some((line) => line.msg?.includes("listening")),
      "info lines too",
    );
  });

  test("a GRADIO_LOG_LEVEL that is no level stops the launch with a message naming it", async () => {
    const file = path.join(dir, "bad-level.mts");
    await writeFile(file, appSource(""));
    const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", file], {
      env: { ...process.env, GRADIO_LOG_LEVEL: "loud" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    assert.notEqual(code, 0);
    assert.match(stderr, /GRADIO_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "loud"/);
  });
});
