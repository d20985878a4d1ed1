// `.stream()` events: one running event takes input chunks from `POST stream/{event_id}`, runs the fn
// once per chunk and answers each with `process_streaming`, until closed or its time limit.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { startServer, type TestServer } from "./helpers/server.js";

type Message = {
  msg: string;
  event_id: string | null;
  output?: { data?: unknown[]; error?: unknown };
  time_limit?: unknown;
  success?: boolean;
};

/** Reads a session's stream message by message. */
function session(url: string, sessionHash: string) {
  const messages: Message[] = [];
  const waiters: (() => void)[] = [];
  const controller = new AbortController();
  void (async () => {
    const response = await fetch(`${url}/gradio_api/queue/data?session_hash=${sessionHash}`, {
      signal: controller.signal,
    });
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        if (block.startsWith("data: ")) messages.push(JSON.parse(block.slice(6)) as Message);
        for (const wake of waiters.splice(0)) wake();
      }
    }
  })().catch(() => undefined);
  return {
    messages,
    async until(test: (m: Message) => boolean, timeoutMs = 5000): Promise<Message> {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(test);
        if (found) return found;
        if (Date.now() > end) throw new Error(`timed out; got ${JSON.stringify(messages)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    close: () => controller.abort(),
  };
}

describe("streaming inputs", () => {
  let server: TestServer;
  let fnIndex = -1;
  let limitedIndex = -1;

  before(async () => {
    const demo = new gr.Blocks({}, () => {
      const cam = new gr.Image({ sources: ["webcam"], streaming: true });
      const text = new gr.Textbox({ label: "Chunk" });
      const seen = new gr.Textbox({ label: "Seen" });
      let count = 0;
      fnIndex = cam.stream({
        fn: (chunk: string) => `${++count}:${chunk}`,
        inputs: text,
        outputs: seen,
        streamEvery: 0.1,
        apiName: "frames",
        concurrencyLimit: null,
      }).dependency.id;
      limitedIndex = cam.stream({
        fn: (chunk: string) => chunk.toUpperCase(),
        inputs: text,
        outputs: seen,
        timeLimit: 0.5,
        apiName: "limited",
        concurrencyLimit: null,
      }).dependency.id;
    });
    server = await startServer(demo);
  });
  after(() => server.close());

  const post = (path: string, body?: unknown) =>
    fetch(
      `${server.url}/gradio_api/${path}`,
      body === undefined
        ? { method: "POST" }
        : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) },
    );

  test("the config marks stream events and turns the heartbeat on", async () => {
    const config = (await (await fetch(`${server.url}/config`)).json()) as {
      dependencies: { connection: string; stream_every: number; time_limit: number | null }[];
      connect_heartbeat: boolean;
    };
    assert.equal(config.dependencies[fnIndex]!.connection, "stream");
    assert.equal(config.dependencies[fnIndex]!.stream_every, 0.1);
    assert.equal(config.dependencies[limitedIndex]!.time_limit, 0.5);
    assert.equal(config.connect_heartbeat, true);
  });

  test("each chunk runs the fn once; close ends the event with the last result", async () => {
    const hash = "streamtest1";
    const join = await post("queue/join", { data: ["a"], fn_index: fnIndex, session_hash: hash, event_data: null });
    const { event_id: eventId } = (await join.json()) as { event_id: string };
    const stream = session(server.url, hash);
    try {
      const first = await stream.until((m) => m.msg === "process_streaming");
      assert.deepEqual(first.output?.data, ["1:a"]);
      assert.equal(first.time_limit, null);
      for (const chunk of ["b", "c"]) {
        const sent = await post(`stream/${eventId}`, {
          data: [chunk],
          fn_index: fnIndex,
          session_hash: hash,
          event_data: null,
        });
        assert.deepEqual(await sent.json(), { msg: "success" });
        await stream.until((m) => m.msg === "process_streaming" && String(m.output?.data?.[0]).endsWith(`:${chunk}`));
      }
      assert.deepEqual(
        stream.messages.filter((m) => m.msg === "process_streaming").map((m) => m.output?.data?.[0]),
        ["1:a", "2:b", "3:c"],
      );
      assert.deepEqual(await (await post(`stream/${eventId}/close`, { session_hash: hash })).json(), {
        msg: "success",
      });
      const done = await stream.until((m) => m.msg === "process_completed");
      assert.equal(done.success, true);
      assert.deepEqual(done.output?.data, ["3:c"]);
      await stream.until((m) => m.msg === "close_stream");
      // The event is over: more chunks are refused.
      assert.equal(
        (await post(`stream/${eventId}`, { data: ["d"], fn_index: fnIndex, session_hash: hash })).status,
        404,
      );
      assert.equal((await post(`stream/${eventId}/close`, { session_hash: hash })).status, 404);
    } finally {
      stream.close();
    }
  });

  test("unknown events and other sessions get 404", async () => {
    assert.equal((await post("stream/nosuchevent", { data: ["x"], fn_index: fnIndex, session_hash: "x" })).status, 404);
    assert.equal((await post("stream/nosuchevent/close", { session_hash: "x" })).status, 404);
  });

  test("a stranger's chunk and close are refused like an unknown event; the owner's stream goes on", async () => {
    const hash = "streamowner1";
    const join = await post("queue/join", { data: ["a"], fn_index: fnIndex, session_hash: hash, event_data: null });
    const { event_id: eventId } = (await join.json()) as { event_id: string };
    const stream = session(server.url, hash);
    try {
      await stream.until((m) => m.msg === "process_streaming");
      // Another session, no session at all, or the id in the query of another session: all 404, with a message.
      const refusals = [
        await post(`stream/${eventId}`, { data: ["intruder"], fn_index: fnIndex, session_hash: "stranger" }),
        await post(`stream/${eventId}`, { data: ["intruder"], fn_index: fnIndex }),
        await post(`stream/${eventId}`, { data: ["intruder"], fn_index: fnIndex, session_hash: null }),
        await post(`stream/${eventId}/close`, { session_hash: "stranger" }),
        await post(`stream/${eventId}/close`),
        await post(`stream/${eventId}/close`, {}),
        await fetch(`${server.url}/gradio_api/stream/${eventId}/close?session_hash=stranger`, { method: "POST" }),
      ];
      for (const refused of refusals) {
        assert.equal(refused.status, 404);
        assert.match(
          ((await refused.json()) as { detail: string }).detail,
          /No running stream event with this id in your session/,
        );
      }
      // The owner's stream still runs and takes the owner's chunks.
      assert.deepEqual(
        await (await post(`stream/${eventId}`, { data: ["b"], fn_index: fnIndex, session_hash: hash })).json(),
        { msg: "success" },
      );
      await stream.until((m) => m.msg === "process_streaming" && String(m.output?.data?.[0]).endsWith(":b"));
      assert.ok(!stream.messages.some((m) => String(m.output?.data?.[0]).includes("intruder")));
      assert.ok(!stream.messages.some((m) => m.msg === "process_completed"));
      // The close may come in the query too (a client that sends no body).
      const closed = await fetch(`${server.url}/gradio_api/stream/${eventId}/close?session_hash=${hash}`, {
        method: "POST",
      });
      assert.deepEqual(await closed.json(), { msg: "success" });
      const done = await stream.until((m) => m.msg === "process_completed");
      assert.match(String(done.output?.data?.[0]), /:b$/);
    } finally {
      stream.close();
    }
    // The server still serves others.
    const other = await post("queue/join", {
      data: ["z"],
      fn_index: fnIndex,
      session_hash: "streamowner2",
      event_data: null,
    });
    assert.equal(other.status, 200);
  });

  test("time_limit ends the stream", async () => {
    const hash = "streamtest2";
    const join = await post("queue/join", {
      data: ["x"],
      fn_index: limitedIndex,
      session_hash: hash,
      event_data: null,
    });
    const { event_id: eventId } = (await join.json()) as { event_id: string };
    const stream = session(server.url, hash);
    try {
      const first = await stream.until((m) => m.msg === "process_streaming");
      assert.equal(first.time_limit, 0.5);
      const done = await stream.until((m) => m.msg === "process_completed", 3000);
      assert.deepEqual(done.output?.data, ["X"]);
      assert.equal(
        (await post(`stream/${eventId}`, { data: ["y"], fn_index: limitedIndex, session_hash: hash })).status,
        404,
      );
    } finally {
      stream.close();
    }
  });
});

test("attaching a .stream event turns streaming on, as in Gradio (no streaming: true needed)", () => {
  let camera!: gr.Image, microphone!: gr.Audio, still!: gr.Image;
  new gr.Blocks({}, () => {
    camera = new gr.Image({ sources: ["webcam"] });
    microphone = new gr.Audio({ sources: ["microphone"] });
    still = new gr.Image();
    const out = new gr.Textbox();
    camera.stream({ fn: () => "frame", outputs: out });
    microphone.stream({ fn: () => "chunk", outputs: out });
  });
  assert.equal(camera.props().streaming, true);
  assert.equal(microphone.props().streaming, true);
  assert.equal(still.props().streaming, false);
});
