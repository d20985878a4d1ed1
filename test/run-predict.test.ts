// `queue: false` events: the config says so, and `POST /gradio_api/run/predict` (Gradio's browser route
// for them) answers with the outputs, through the same gates as the queue: roles, input validation, the
// file policy and the caller's session State.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { Client } from "gradio-ts/client";
import { postJson, startServer, type TestServer } from "./helpers/server.js";

function directApp(): gr.Blocks {
  return new gr.Blocks({}, () => {
    const text = new gr.Textbox({ label: "text", maxLength: 20 });
    const out = new gr.Textbox({ label: "out" });
    const count = new gr.State({ value: 0 });
    const file = new gr.File({ label: "file" });
    text.submit({
      fn: function rev(s: string, n: number) {
        return [[...s].reverse().join(""), n + 1];
      },
      inputs: [text, count],
      outputs: [out, count],
      queue: false,
      apiName: "rev",
    });
    text.change({ fn: (_s: string, n: number) => `count ${n}`, inputs: [text, count], outputs: out, apiName: "seen" });
    const other = new gr.Textbox({ label: "other" });
    other.submit({
      fn: function boom(): string {
        throw new gr.Error("bad thing");
      },
      outputs: out,
      queue: false,
      apiName: "boom",
    });
    const go = new gr.Button({ value: "go" });
    go.click({
      fn: (s: string) => `wiped ${s}`,
      inputs: text,
      outputs: out,
      queue: false,
      apiName: "wipe",
      roles: ["admin"],
    });
    file.upload({ fn: (f) => String(f), inputs: file, outputs: out, queue: false, apiName: "name" });
  });
}

describe("queue: false events and /run/predict", () => {
  let server: TestServer;
  let run: string;
  before(async () => {
    server = await startServer(directApp());
    run = `${server.url}/gradio_api/run`;
  });
  after(() => server.close());

  test("the config says queue: false for those events only", async () => {
    const config = (await (await fetch(`${server.url}/config`)).json()) as {
      dependencies: { api_name: string; queue: boolean }[];
    };
    const queueOf = Object.fromEntries(config.dependencies.map((d) => [d.api_name, d.queue]));
    // "wipe" needs a role nobody has here, so it is not in this caller's config at all.
    assert.deepEqual(queueOf, { rev: false, seen: true, boom: false, name: false });
  });

  test("run/predict answers with the outputs, in Gradio's shape", async () => {
    const answer = await postJson(`${run}/predict`, {
      data: ["abc", null],
      fn_index: 0,
      session_hash: "s1",
      event_data: null,
      trigger_id: 1,
    });
    assert.equal(answer.status, 200);
    const body = answer.body as Record<string, unknown>;
    assert.deepEqual(body.data, ["cba", null]);
    assert.equal(body.is_generating, false);
    assert.deepEqual(Object.keys(body).sort(), [
      "average_duration",
      "changed_state_ids",
      "data",
      "duration",
      "is_generating",
      "render_config",
      "used_cache",
    ]);
  });

  test("the session's State is the caller's, shared with its queued events", async () => {
    const session = `s-${Math.random().toString(36).slice(2)}`;
    for (let i = 0; i < 2; i++)
      await postJson(`${run}/predict`, { data: ["x", null], fn_index: 0, session_hash: session });
    const client = await Client.connect(server.url);
    try {
      // A client of its own: a fresh session, its count unchanged by the calls above.
      assert.deepEqual((await client.predict("/seen", ["x"])).data, ["count 0"]);
    } finally {
      client.close();
    }
    const other = await postJson(`${run}/predict`, { data: ["x", null], fn_index: 0, session_hash: session });
    assert.equal(other.status, 200);
    // The count went 0 → 1 → 2 → 3 in this session: read it through the queue with the same session hash.
    const joined = await postJson(`${server.url}/gradio_api/queue/join`, {
      data: ["x", null],
      fn_index: 1,
      session_hash: session,
    });
    assert.equal(joined.status, 200);
    const stream = await (await fetch(`${server.url}/gradio_api/queue/data?session_hash=${session}`)).text();
    assert.match(stream, /"data":\["count 3"/);
  });

  test("by api name, as Gradio's /run/<api_name>", async () => {
    const answer = await postJson(`${run}/rev`, { data: ["abc"] });
    assert.equal(answer.status, 200);
    assert.deepEqual((answer.body as { data: unknown[] }).data, ["cba", null]);
  });

  test("a fn's error is a 500 with Gradio's error payload", async () => {
    const answer = await postJson(`${run}/predict`, { data: [], fn_index: 2, session_hash: "s2" });
    assert.equal(answer.status, 500);
    assert.deepEqual(answer.body, { error: "bad thing", visible: true, title: "Error", duration: 10 });
  });

  test("invalid input is refused as on the queue: 422 naming the input", async () => {
    const answer = await postJson(`${run}/predict`, { data: ["x".repeat(21), null], fn_index: 0, session_hash: "s3" });
    assert.equal(answer.status, 422);
    assert.match(JSON.stringify(answer.body), /text is 21 characters long; the limit is 20/);
  });

  test("an event with roles is refused without them (403)", async () => {
    const answer = await postJson(`${run}/predict`, { data: ["db"], fn_index: 3, session_hash: "s4" });
    assert.equal(answer.status, 403);
  });

  test("a path that is not an upload is refused by the file policy, without the path in the answer", async () => {
    const secret = { path: "/etc/passwd", meta: { _type: "gradio.FileData" } };
    const answer = await postJson(`${run}/predict`, { data: [secret], fn_index: 4, session_hash: "s5" });
    assert.ok(answer.status >= 400 && answer.status < 500, `status ${answer.status}`);
    assert.doesNotMatch(JSON.stringify(answer.body), /etc\/passwd/);
  });

  test("unknown endpoints and malformed bodies are refused with a message", async () => {
    const unknownIndex = await postJson(`${run}/predict`, { data: [], fn_index: 99, session_hash: "s6" });
    assert.equal(unknownIndex.status, 404);
    const unknownName = await postJson(`${run}/nope`, { data: [] });
    assert.equal(unknownName.status, 404);
    assert.match(JSON.stringify(unknownName.body), /nope/);
    const noData = await postJson(`${run}/predict`, { fn_index: 0 });
    assert.equal(noData.status, 422);
  });

  test("the TypeScript client calls a queue: false event through run/predict", async () => {
    const client = await Client.connect(server.url);
    try {
      assert.deepEqual((await client.predict("/rev", ["hello"])).data, ["olleh"]);
      await assert.rejects(client.predict("/boom", []), /bad thing/);
    } finally {
      client.close();
    }
  });
});
