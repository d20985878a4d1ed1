// What a fn can learn and do through its EventContext: the request, cancellation, the Fastify app.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import * as gr from "gradio-ts";
import { postJson, readSse, startServer, type TestServer } from "./helpers/server.js";

describe("EventContext", () => {
  let server: TestServer;
  let sawAbort = false;

  before(async () => {
    const demo = new gr.Blocks({}, () => {
      const text = new gr.Textbox({ label: "Text" });
      const out = new gr.JSON({ label: "Out" });
      const go = new gr.Button("Go");
      go.click({
        fn: function whoami(_text: string, { request }: gr.EventContext) {
          return {
            header: request.headers["x-demo"],
            ip: request.clientIp,
            session: request.sessionHash,
            user: request.username,
          };
        },
        inputs: text,
        outputs: out,
      });
      go.click({
        fn: function which(_text: string, { eventData }: gr.EventContext) {
          return { eventData };
        },
        inputs: text,
        outputs: out,
      });
      go.click({
        fn: async function patient(_text: string, { signal }: gr.EventContext) {
          signal.addEventListener("abort", () => (sawAbort = true));
          await sleep(5_000, undefined, { signal }).catch(() => undefined);
          return { finished: true };
        },
        inputs: text,
        outputs: out,
      });
    });
    server = await startServer(demo);
  });
  after(async () => server.close());

  test("gr.Request carries headers, the client address and the session", async () => {
    const response = await fetch(`${server.url}/gradio_api/queue/join`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-demo": "yes" },
      body: JSON.stringify({ data: ["x"], fn_index: 0, session_hash: "who" }),
    });
    assert.equal(response.status, 200);
    const messages = (await readSse(await fetch(`${server.url}/gradio_api/queue/data?session_hash=who`))) as {
      msg: string;
      output?: { data: unknown[] };
    }[];
    const data = messages.find((m) => m.msg === "process_completed")!.output!.data;
    assert.deepEqual(data, [{ header: "yes", ip: "127.0.0.1", session: "who", user: null }]);
  });

  test("the page's event data reaches the fn; API callers send none", async () => {
    const selected = { index: 2, value: "cherry", selected: true };
    await postJson(`${server.url}/gradio_api/queue/join`, {
      data: ["x"],
      fn_index: 1,
      session_hash: "ev1",
      event_data: selected,
    });
    const fromPage = (await readSse(await fetch(`${server.url}/gradio_api/queue/data?session_hash=ev1`))) as {
      msg: string;
      output?: { data: unknown[] };
    }[];
    assert.deepEqual(fromPage.find((m) => m.msg === "process_completed")!.output!.data, [{ eventData: selected }]);
    await postJson(`${server.url}/gradio_api/queue/join`, { data: ["x"], fn_index: 1, session_hash: "ev2" });
    const fromApi = (await readSse(await fetch(`${server.url}/gradio_api/queue/data?session_hash=ev2`))) as {
      msg: string;
      output?: { data: unknown[] };
    }[];
    assert.deepEqual(fromApi.find((m) => m.msg === "process_completed")!.output!.data, [{ eventData: null }]);
  });

  test("cancelling a running event aborts its signal and ends it with an empty output", async () => {
    const { body } = await postJson(`${server.url}/gradio_api/queue/join`, {
      data: ["x"],
      fn_index: 2,
      session_hash: "cancel-me",
    });
    const eventId = (body as { event_id: string }).event_id;
    const stream = fetch(`${server.url}/gradio_api/queue/data?session_hash=cancel-me`).then(readSse);
    await sleep(100);
    await postJson(`${server.url}/gradio_api/cancel`, { session_hash: "cancel-me", fn_index: 2, event_id: eventId });
    const messages = (await stream) as { msg: string; output?: unknown }[];
    assert.deepEqual(
      messages.map((m) => m.msg),
      ["estimation", "process_starts", "process_completed", "close_stream"],
    );
    assert.deepEqual(messages[2]!.output, {});
    assert.equal(sawAbort, true);
  });
});

describe("demo.app()", () => {
  test("gives the Fastify instance without listening, for mounting and in-process tests", async () => {
    const demo = new gr.Interface({ fn: (x: string) => x, inputs: "text", outputs: "text" });
    const fastify = await demo.app({ logLevel: "silent" });
    const response = await fastify.inject({ method: "GET", url: "/config" });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().protocol, "sse_v3");
    await fastify.close();
  });
});

describe("close()", () => {
  test("returns even while a client holds a heartbeat stream open", async () => {
    const demo = new gr.Blocks({}, () => {
      const state = new gr.State(0);
      const out = new gr.Number();
      new gr.Button("+").click({ fn: (n: number) => [n + 1, n + 1], inputs: state, outputs: [state, out] });
    });
    const running = await demo.launch({ serverPort: 0, quiet: true, logLevel: "silent" });
    const heartbeat = await fetch(`${running.url}/gradio_api/heartbeat/held-open`);
    const reader = heartbeat.body!.getReader();
    await reader.read();
    const closed = await Promise.race([running.close().then(() => "closed"), sleep(5_000).then(() => "still open")]);
    assert.equal(closed, "closed");
    await reader.cancel().catch(() => undefined);
  });
});
