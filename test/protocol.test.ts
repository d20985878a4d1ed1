// The wire protocol at the byte level, as protocol.md specifies it for sse_v3.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import * as gr from "gradio-ts";
import { postJson, readSse, startServer, type TestServer } from "./helpers/server.js";

type Message = { msg: string; event_id: string | null; [key: string]: unknown };

describe("sse_v3 protocol", () => {
  let server: TestServer;
  let release: () => void = () => {};

  before(async () => {
    const demo = new gr.Blocks({}, () => {
      const text = new gr.Textbox({ label: "Text" });
      const out = new gr.Textbox({ label: "Out" });
      const go = new gr.Button("Go");
      go.click({
        fn: function echo(text: string) {
          return text;
        },
        inputs: text,
        outputs: out,
      });
      go.click({
        fn: async function* typing(text: string) {
          for (let i = 1; i <= text.length; i++) yield text.slice(0, i);
        },
        inputs: text,
        outputs: out,
      });
      go.click({
        fn: async function blocked(text: string) {
          await new Promise<void>((resolve) => (release = resolve));
          return text;
        },
        inputs: text,
        outputs: out,
      });
      go.click({
        fn: async function chatty(text: string, { progress }: gr.EventContext) {
          gr.Info("Starting");
          progress(0.5, { desc: "Halfway" });
          gr.Warning("Careful");
          return text;
        },
        inputs: text,
        outputs: out,
      });
    });
    demo.queue({ maxSize: 3 });
    server = await startServer(demo);
  });

  after(async () => {
    release();
    await server.close();
  });

  const join = (fnIndex: number, data: unknown[], session: string) =>
    postJson(`${server.url}/gradio_api/queue/join`, { data, fn_index: fnIndex, session_hash: session });
  const stream = async (session: string) =>
    (await readSse(await fetch(`${server.url}/gradio_api/queue/data?session_hash=${session}`))) as Message[];

  test("config advertises the protocol the clients need", async () => {
    const config = (await (await fetch(`${server.url}/config`)).json()) as Record<string, unknown>;
    assert.equal(config.protocol, "sse_v3");
    assert.equal(config.api_prefix, "/gradio_api");
    assert.equal(config.version, "6.25.0");
    assert.equal(config.root, server.url);
    assert.equal(config.enable_queue, true);
    assert.ok(Number.isSafeInteger(config.app_id));
    const app = (await (await fetch(`${server.url}/gradio_api/app_id`)).json()) as { app_id: number };
    assert.equal(app.app_id, config.app_id);
  });

  test("a plain call: estimation, process_starts, process_completed, close_stream, in exact framing", async () => {
    const { body } = await join(0, ["hi"], "plain");
    const eventId = (body as { event_id: string }).event_id;
    const response = await fetch(`${server.url}/gradio_api/queue/data?session_hash=plain`);
    assert.match(response.headers.get("content-type") ?? "", /^text\/event-stream/);
    const text = await response.text();
    assert.ok(text.endsWith('data: {"msg":"close_stream","event_id":null}\n\n'));
    const messages = text
      .split("\n\n")
      .filter(Boolean)
      .map((block) => JSON.parse(block.replace(/^data: /, "")) as Message);
    assert.deepEqual(
      messages.map((m) => m.msg),
      ["estimation", "process_starts", "process_completed", "close_stream"],
    );
    assert.deepEqual(messages[0], { msg: "estimation", event_id: eventId, rank: 0, queue_size: 1, rank_eta: null });
    const completed = messages[2]!;
    assert.equal(completed.success, true);
    const output = completed.output as Record<string, unknown>;
    assert.deepEqual(output.data, ["hi"]);
    assert.equal("error" in output, false);
  });

  test("a generator sends full values first, then diffs, then full values on completion", async () => {
    await join(1, ["abc"], "gen");
    const messages = await stream("gen");
    const generating = messages
      .filter((m) => m.msg === "process_generating")
      .map((m) => (m.output as { data: unknown[] }).data);
    assert.deepEqual(generating, [["a"], [[["append", [], "b"]]], [[["append", [], "c"]]]]);
    const completed = messages.find((m) => m.msg === "process_completed")!;
    assert.deepEqual((completed.output as { data: unknown[]; is_generating: boolean }).data, ["abc"]);
  });

  test("progress and toasts arrive as progress and log messages", async () => {
    await join(3, ["x"], "chatty");
    const messages = await stream("chatty");
    const logs = messages.filter((m) => m.msg === "log");
    assert.deepEqual(
      logs.map((m) => [m.level, m.log, m.title]),
      [
        ["info", "Starting", "Info"],
        ["warning", "Careful", "Warning"],
      ],
    );
    const progress = messages.find((m) => m.msg === "progress")!;
    assert.deepEqual(progress.progress_data, [
      { index: null, length: null, unit: "steps", progress: 0.5, desc: "Halfway" },
    ]);
  });

  test("waiting callers learn their position; a full queue is refused with 503; cancel frees a waiting event", async () => {
    const first = await join(2, ["1"], "q1");
    assert.equal(first.status, 200);
    const waiting = await Promise.all([join(2, ["2"], "q2"), join(2, ["3"], "q3"), join(2, ["4"], "q4")]);
    assert.deepEqual(
      waiting.map((r) => r.status),
      [200, 200, 200],
    );
    const full = await join(2, ["5"], "q5");
    assert.equal(full.status, 503);
    assert.deepEqual(full.body, { detail: "Queue is full. Max size is 3 and size is 3." });

    const cancelled = (waiting[2]!.body as { event_id: string }).event_id;
    assert.deepEqual(
      await postJson(`${server.url}/gradio_api/cancel`, { session_hash: "q4", fn_index: 2, event_id: cancelled }),
      { status: 200, body: { success: true } },
    );
    const q4 = await stream("q4");
    assert.deepEqual(
      q4.map((m) => m.msg),
      ["estimation", "process_completed", "close_stream"],
    );
    assert.deepEqual(q4[0], { msg: "estimation", event_id: cancelled, rank: 2, queue_size: 3, rank_eta: null });
    assert.deepEqual(q4[1]!.output, {});

    const q3 = fetch(`${server.url}/gradio_api/queue/data?session_hash=q3`).then(readSse) as Promise<Message[]>;
    for (let i = 0; i < 3; i++) {
      await sleep(50);
      release();
    }
    const messages = await q3;
    const ranks = messages.filter((m) => m.msg === "estimation").map((m) => [m.rank, m.queue_size]);
    // At its join (behind q2), after q4 was cancelled, after q1 finished and q2 started.
    assert.deepEqual(ranks, [
      [1, 2],
      [1, 2],
      [0, 1],
    ]);
    assert.equal(messages.at(-1)!.msg, "close_stream");
    assert.deepEqual((messages.find((m) => m.msg === "process_completed")!.output as { data: unknown[] }).data, ["3"]);
    await stream("q1");
    await stream("q2");
  });

  test(
    "a cancel from another session is ignored: the owner's running and waiting events complete normally",
    { timeout: 15_000 },
    async () => {
      const running = (await join(2, ["mine"], "owner-run")).body as { event_id: string };
      await sleep(100);
      const waiting = (await join(2, ["queued"], "owner-wait")).body as { event_id: string };
      for (const { event_id } of [running, waiting]) {
        // Gradio's answer, whatever the event: nothing says whether the id exists in another session.
        assert.deepEqual(
          await postJson(`${server.url}/gradio_api/cancel`, { session_hash: "stranger", fn_index: 2, event_id }),
          { status: 200, body: { success: true } },
        );
      }
      const ownerRun = stream("owner-run");
      const ownerWait = stream("owner-wait");
      await sleep(100);
      release();
      const first = await ownerRun;
      assert.deepEqual(
        first.map((m) => m.msg),
        ["estimation", "process_starts", "process_completed", "close_stream"],
      );
      assert.deepEqual((first[2]!.output as { data: unknown[] }).data, ["mine"]);
      await sleep(200);
      release();
      const second = await ownerWait;
      assert.deepEqual((second.find((m) => m.msg === "process_completed")!.output as { data: unknown[] }).data, [
        "queued",
      ]);
      assert.equal(second.filter((m) => m.msg === "process_completed").length, 1);
      // The server still serves others.
      await join(0, ["after"], "after-cancel");
      assert.deepEqual(
        ((await stream("after-cancel")).find((m) => m.msg === "process_completed")!.output as { data: unknown[] }).data,
        ["after"],
      );
    },
  );

  test("the heartbeat stream answers at once and stays open", async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/gradio_api/heartbeat/abc`, { signal: controller.signal });
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    assert.equal(new TextDecoder().decode(value), "data: ALIVE\n\n");
    controller.abort();
  });

  test("the REST route: POST queues, GET streams named events in Python's JSON style", async () => {
    const { body } = await postJson(`${server.url}/gradio_api/call/typing`, { data: ["hé"] });
    const eventId = (body as { event_id: string }).event_id;
    const text = await (await fetch(`${server.url}/gradio_api/call/typing/${eventId}`)).text();
    assert.equal(
      text,
      'event: generating\ndata: ["h"]\n\nevent: generating\ndata: ["h\\u00e9"]\n\nevent: complete\ndata: ["h\\u00e9"]\n\n',
    );
    assert.equal((await fetch(`${server.url}/gradio_api/call/typing/${eventId}`)).status, 404);
  });

  test("/info lists each named endpoint once, keyed with a leading slash", async () => {
    const info = (await (await fetch(`${server.url}/gradio_api/info`)).json()) as {
      named_endpoints: Record<string, unknown>;
      unnamed_endpoints: object;
    };
    assert.deepEqual(Object.keys(info.named_endpoints), ["/echo", "/typing", "/blocked", "/chatty"]);
    assert.deepEqual(info.unnamed_endpoints, {});
  });

  test("root follows X-Forwarded-Host only from a trusted proxy (loopback by default)", async () => {
    const config = (await (
      await fetch(`${server.url}/config`, {
        headers: { "x-forwarded-host": "demo.example.org", "x-forwarded-proto": "https" },
      })
    ).json()) as { root: string };
    assert.equal(config.root, "https://demo.example.org");
  });
});
