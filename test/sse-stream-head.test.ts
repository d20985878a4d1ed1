// An event stream writes its own head (so a waiting caller's stream holds no copy of its headers): it must
// be the head any other answer has, security headers and CORS included, on every stream route and on a
// stream route's refusals; and a caller who hangs up while waiting must leave the line, not linger in it.
import assert from "node:assert/strict";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { after, before, test } from "node:test";
import * as gr from "gradio-ts";
import { postJson, startServer, type TestServer } from "./helpers/server.js";

const ORIGIN = "https://allowed.example";
/** What says how this one body is sent, not how the page is protected: may differ between answers. */
const BODY_HEADERS = new Set([
  "content-type",
  "content-length",
  "cache-control",
  "x-accel-buffering",
  "date",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "vary",
  "etag",
  "retry-after",
]);

let server: TestServer;
let release: () => void = () => {};

before(async () => {
  const held = new Promise<void>((resolve) => (release = resolve));
  const demo = new gr.Blocks({}, () => {
    const text = new gr.Textbox();
    new gr.Button("Go").click({
      fn: async (value: string) => (await held, value),
      inputs: text,
      outputs: text,
      apiName: "hold",
      concurrencyLimit: 1,
    });
  });
  server = await startServer(demo, { allowedOrigins: [ORIGIN], limits: { maxStreamsPerClient: 4 } });
});

after(async () => {
  release();
  await server.close();
});

interface Head {
  status: number;
  /** Every header but the body's own, as sent: names in their casing, in their order. */
  protection: [string, string][];
  all: Record<string, string | string[] | undefined>;
}

/** The status and headers of a GET, read from the raw response; the body is left unread and the request dropped. */
function head(path: string, headers: Record<string, string> = {}): Promise<Head> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { headers }, (response: IncomingMessage) => {
      const raw = response.rawHeaders;
      const protection: [string, string][] = [];
      for (let i = 0; i < raw.length; i += 2)
        if (!BODY_HEADERS.has(raw[i]!.toLowerCase())) protection.push([raw[i]!, raw[i + 1]!]);
      resolve({ status: response.statusCode!, protection, all: response.headers });
      req.destroy();
    });
    req.once("error", reject);
    req.end();
  });
}

test("every event stream's head carries exactly the security headers of an ordinary answer", async () => {
  const ordinary = await head("/gradio_api/info");
  assert.equal(ordinary.status, 200);
  const names = ordinary.protection.map(([name]) => name.toLowerCase());
  for (const expected of ["content-security-policy", "x-content-type-options", "referrer-policy"])
    assert.ok(names.includes(expected), `${expected} in ${names.join(", ")}`);

  const streams = ["/gradio_api/queue/data?session_hash=nobody", "/gradio_api/heartbeat/somebody"];
  for (const path of streams) {
    const stream = await head(path);
    assert.equal(stream.status, 200, path);
    assert.equal(stream.all["content-type"], "text/event-stream; charset=utf-8", path);
    assert.equal(stream.all["cache-control"], "no-cache, no-transform", path);
    assert.equal(stream.all["x-accel-buffering"], "no", path);
    assert.deepEqual(stream.protection, ordinary.protection, path);
  }
});

test("a cross-origin caller's stream gets the same CORS grant as its other requests", async () => {
  const ordinary = await head("/gradio_api/info", { origin: ORIGIN });
  assert.equal(ordinary.all["access-control-allow-origin"], ORIGIN);
  const stream = await head("/gradio_api/heartbeat/cross", { origin: ORIGIN });
  assert.deepEqual(stream.protection, ordinary.protection);
});

test("a stream route's refusals carry the security headers too", async () => {
  const ordinary = await head("/gradio_api/info");
  // An event nobody started: the REST results stream answers 404 before any stream opens.
  const missing = await head("/gradio_api/call/hold/0123456789abcdef");
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.protection, ordinary.protection);
  // Over the per-client cap of open streams (4 here): the fifth is refused with 429.
  const open = await Promise.all([1, 2, 3, 4].map((i) => openStream(`/gradio_api/heartbeat/cap-${i}`)));
  try {
    const refused = await head("/gradio_api/heartbeat/cap-5");
    assert.equal(refused.status, 429);
    assert.deepEqual(refused.protection, ordinary.protection);
  } finally {
    for (const controller of open) controller.abort();
  }
});

/** Opens a stream and keeps it open until the returned controller aborts it. */
async function openStream(path: string): Promise<AbortController> {
  const controller = new AbortController();
  const response = await fetch(`${server.url}${path}`, { signal: controller.signal });
  assert.equal(response.status, 200);
  void response.body!.pipeTo(new WritableStream()).catch(() => undefined);
  return controller;
}

async function queueSize(): Promise<number> {
  const status = (await (await fetch(`${server.url}/gradio_api/queue/status`)).json()) as { queue_size: number };
  return status.queue_size;
}

/** Reads a stream until its first position message. */
async function firstEstimation(response: Response): Promise<{ rank: number }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    assert.ok(!done, "the stream ended before a position");
    text += decoder.decode(value, { stream: true });
    const match = /data: (\{[^\n]*"msg": ?"estimation"[^\n]*\})\n\n/.exec(text);
    if (match) return JSON.parse(match[1]!) as { rank: number };
  }
}

test("a caller who hangs up while waiting leaves the line: its job is gone, the next caller takes its place", async () => {
  // The first caller runs (and holds the one slot); the second waits.
  assert.equal((await postJson(`${server.url}/gradio_api/queue/join`, joinBody("runs"))).status, 200);
  assert.equal((await postJson(`${server.url}/gradio_api/queue/join`, joinBody("leaves"))).status, 200);
  const controller = new AbortController();
  const leaving = await fetch(`${server.url}/gradio_api/queue/data?session_hash=leaves`, {
    signal: controller.signal,
  });
  assert.equal((await firstEstimation(leaving)).rank, 0);
  assert.equal(await queueSize(), 1);

  controller.abort();
  // The server notices the closed connection on its next turns; bounded wait, not a timing assertion.
  for (let tries = 0; tries < 200 && (await queueSize()) > 0; tries++)
    await new Promise((resolve) => setTimeout(resolve, 25));
  assert.equal(await queueSize(), 0, "the waiter that hung up is still in the line");

  assert.equal((await postJson(`${server.url}/gradio_api/queue/join`, joinBody("next"))).status, 200);
  const nextController = new AbortController();
  const next = await fetch(`${server.url}/gradio_api/queue/data?session_hash=next`, { signal: nextController.signal });
  assert.equal((await firstEstimation(next)).rank, 0, "the next caller is first in line");
  nextController.abort();
});

function joinBody(session: string) {
  return { data: ["x"], fn_index: 0, session_hash: session };
}
