// The burn/echo app, run by the real CLI: while sync fns burn CPU in worker threads, other callers, pages
// and the config still answer; several burns run in parallel; a runaway fn is stopped by its time limit
// or a cancel, and nobody else notices.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { sseMessages } from "./helpers/redis.js";
import { postJson } from "./helpers/server.js";
import { callRest, WORKER_FIXTURES } from "./helpers/workers.js";

const CLI = path.resolve(import.meta.dirname, "..", "src", "cli", "main.ts");

function startCli(app: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", CLI, app], {
    env: { ...process.env, GRADIO_SERVER_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Running on local URL:\s+(\S+)/.exec(out);
      if (match) resolve({ url: match[1]!, child });
    });
    child.once("exit", (code) => reject(new Error(`the app exited (${code}):\n${out}`)));
  });
}

describe("a heavy fn never freezes the app", () => {
  let url = "";
  let child: ChildProcess | null = null;
  before(async () => {
    ({ url, child } = await startCli(path.join(WORKER_FIXTURES, "burn-echo-app.ts"), { GRADIO_WORKERS: "2" }));
    // Workers start with the first call, each building the app: four overlapping calls keep both busy
    // until both have built it, so the test's timings see warm workers.
    await Promise.all([1, 2, 3, 4].map(() => callRest(url, "burn", [0.5])));
  });
  after(() => {
    child?.kill("SIGTERM");
  });

  test("while a 3 s burn runs, ten echo calls and GET /config each answer before it ends", async () => {
    const order: string[] = [];
    // The others call once the burn's stream says it started.
    const started = await startOnQueue(url, 0, [3], "burner");
    const burn = started.rest.then((result) => (order.push("burn"), result));
    const echoes = Array.from({ length: 10 }, (_, i) =>
      callRest(url, "echo", [`hi ${i}`]).then((result) => (order.push(`echo ${i}`), result)),
    );
    const config = fetch(`${url}/config`).then(async (response) => (order.push("config"), response.status));
    assert.equal(await config, 200);
    const answers = await Promise.all(echoes);
    assert.deepEqual(
      answers.map((a) => a.data),
      answers.map((_, i) => [`hi ${i}`]),
    );
    assert.deepEqual(((await burn).output as { data: unknown[] }).data, ["burned 3 s (busy)"]);
    assert.equal(order.at(-1), "burn", `everything else answered before the burn ended: ${order.join(", ")}`);
  });

  test("four 1 s burns with concurrency limit 4 all finish", async () => {
    const started = performance.now();
    const results = await Promise.all([1, 2, 3, 4].map(() => callRest(url, "burn", [1])));
    const seconds = (performance.now() - started) / 1000;
    assert.deepEqual(
      results.map((r) => r.data),
      results.map(() => ["burned 1 s (busy)"]),
    );
    console.log(`# four concurrent 1 s burns, 2 workers: ${seconds.toFixed(2)} s`);
  });

  test("an endless fn with timeLimit: 1 ends with an error; an echo during it answers; the next call works", async () => {
    const spin = callRest(url, "spin", ["x"]);
    const echo = await callRest(url, "echo", ["during"]);
    assert.deepEqual(echo.data, ["during"]);
    const stopped = await spin;
    assert.equal(stopped.event, "error");
    assert.match(String((stopped.data as { error: string }).error), /time limit of 1 s/);
    assert.deepEqual((await callRest(url, "echo", ["after"])).data, ["after"]);
    assert.deepEqual((await callRest(url, "burn", [0.1])).data, ["burned 0.1 s (busy)"]);
  });

  test("cancelling an endless sync fn stops it; an echo during it answers; the next call works", async () => {
    const session = "cancel-me";
    const { eventId, rest } = await startOnQueue(url, 3, ["x"], session);
    assert.deepEqual((await callRest(url, "echo", ["during"])).data, ["during"]);
    assert.deepEqual(
      await postJson(`${url}/gradio_api/cancel`, { session_hash: session, fn_index: 3, event_id: eventId }),
      { status: 200, body: { success: true } },
    );
    await rest;
    // Both workers are free again: two burns at once both finish.
    const after = await Promise.all([callRest(url, "burn", [0.1]), callRest(url, "burn", [0.1])]);
    assert.deepEqual(
      after.map((a) => a.event),
      ["complete", "complete"],
    );
  });
});

/**
 * Joins the queue and reads the session's stream until the event has started; `rest` resolves with the
 * completion message.
 */
async function startOnQueue(
  url: string,
  fnIndex: number,
  data: unknown[],
  session: string,
): Promise<{ eventId: string; rest: Promise<Record<string, unknown>> }> {
  const joined = await postJson(`${url}/gradio_api/queue/join`, { data, fn_index: fnIndex, session_hash: session });
  const eventId = (joined.body as { event_id: string }).event_id;
  const messages = sseMessages(await fetch(`${url}/gradio_api/queue/data?session_hash=${session}`));
  const until = async (msg: string) => {
    for (let next = await messages.next(); !next.done; next = await messages.next())
      if (next.value.msg === msg) return next.value;
    throw new Error(`the stream ended without ${msg}`);
  };
  await until("process_starts");
  const rest = until("process_completed");
  return { eventId, rest };
}
