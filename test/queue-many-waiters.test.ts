// A crowd waiting in line: 300 callers joined to a fn that holds its one slot, each with its stream open.
// Every one is told its place as it joins, the server still answers while they wait, and when a caller
// near the front leaves, those behind it hear their new place. (The memory figures are in the bench.)
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as gr from "gradio-ts";
import { postJson, startServer, type TestServer } from "./helpers/server.js";

const WAITERS = 300;

interface Estimation {
  msg: "estimation";
  rank: number;
  queue_size: number;
}

/** One caller's open stream: the estimations it has heard so far, and a way to hang up. */
interface Waiter {
  heard: Estimation[];
  /** Resolves on the next estimation whose rank passes the test. */
  next(wanted: (message: Estimation) => boolean): Promise<Estimation>;
  hangUp(): void;
}

function listen(response: Response, controller: AbortController): Waiter {
  const heard: Estimation[] = [];
  const wanted = new Set<{ test: (m: Estimation) => boolean; resolve: (m: Estimation) => void }>();
  const take = (message: Estimation) => {
    heard.push(message);
    for (const waiting of wanted)
      if (waiting.test(message)) {
        wanted.delete(waiting);
        waiting.resolve(message);
      }
  };
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    const reader = response.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!block.startsWith("data: ")) continue;
        const message = JSON.parse(block.slice("data: ".length)) as { msg: string };
        if (message.msg === "estimation") take(message as Estimation);
      }
    }
  })().catch(() => undefined);
  return {
    heard,
    next: (test) => {
      const found = heard.find(test);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => wanted.add({ test, resolve }));
    },
    hangUp: () => controller.abort(),
  };
}

let server: TestServer;
let release: () => void = () => {};
const waiters: Waiter[] = [];

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
  // One test client holds all the streams: far over the default of 100 per client.
  server = await startServer(demo, { limits: { maxStreamsPerClient: WAITERS + 10 } });
});

after(async () => {
  release();
  for (const waiter of waiters) waiter.hangUp();
  await server.close();
});

test(`${WAITERS} waiting callers are each told their place, and the server keeps answering`, async () => {
  // One after another, so each one's place is known: the first runs, the k-th waits at rank k - 1.
  for (let k = 0; k < WAITERS; k++) {
    const session = `crowd-${k}`;
    const joined = await postJson(`${server.url}/gradio_api/queue/join`, {
      data: ["x"],
      fn_index: 0,
      session_hash: session,
    });
    assert.equal(joined.status, 200, JSON.stringify(joined.body));
    const controller = new AbortController();
    const response = await fetch(`${server.url}/gradio_api/queue/data?session_hash=${session}`, {
      signal: controller.signal,
    });
    assert.equal(response.status, 200);
    waiters.push(listen(response, controller));
  }
  for (let k = 1; k < WAITERS; k++) {
    const first = await waiters[k]!.next(() => true);
    assert.deepEqual([first.rank, first.queue_size], [k - 1, k], `caller ${k}`);
  }

  const config = await fetch(`${server.url}/config`);
  assert.equal(config.status, 200);
  await config.arrayBuffer();
  const status = (await (await fetch(`${server.url}/gradio_api/queue/status`)).json()) as { queue_size: number };
  assert.equal(status.queue_size, WAITERS - 1);
});

test("when a waiting caller hangs up, everyone behind it hears its new place", async () => {
  // The caller at rank 0 leaves: the last one moves from rank WAITERS - 2 to WAITERS - 3.
  waiters[1]!.hangUp();
  const last = waiters[WAITERS - 1]!;
  const moved = await last.next((message) => message.rank === WAITERS - 3);
  assert.equal(moved.queue_size, WAITERS - 2);
  const second = await waiters[2]!.next((message) => message.rank === 0);
  assert.equal(second.queue_size, WAITERS - 2);
  // One announcement per change of the line, not one per waiter ahead.
  assert.equal(last.heard.length, 2);
});
