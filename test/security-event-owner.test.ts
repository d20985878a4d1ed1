// With sign-in, an event is its user's as well as its session's: another signed-in user who knows both
// the session hash and the event id can neither cancel it, nor feed or close its stream, nor read (and
// so end) a REST call's results. The owner's event goes on untouched.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import * as gr from "gradio-ts";
import { readSse, startServer, type TestServer } from "./helpers/server.js";

type Message = { msg: string; output?: { data?: unknown[] } };

describe("event owners with sign-in", () => {
  let server: TestServer;
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  let slowIndex = -1;
  let echoIndex = -1;
  let alice = "";
  let bob = "";

  before(async () => {
    const demo = new gr.Blocks({}, () => {
      const text = new gr.Textbox({ label: "In" });
      const out = new gr.Textbox({ label: "Out" });
      slowIndex = new gr.Button("Go").click({
        fn: async (t: string) => (await gate, `done ${t}`),
        inputs: text,
        outputs: out,
        apiName: "slow",
        concurrencyLimit: null,
      }).dependency.id;
      const cam = new gr.Image({ sources: ["webcam"], streaming: true });
      echoIndex = cam.stream({
        fn: (t: string) => `echo ${t}`,
        inputs: text,
        outputs: out,
        streamEvery: 0.1,
        apiName: "echo",
        concurrencyLimit: null,
      }).dependency.id;
    });
    server = await startServer(demo, {
      auth: [
        ["alice", "pw"],
        ["bob", "pw"],
      ],
    });
    const login = async (username: string) => {
      const response = await fetch(`${server.url}/login`, {
        method: "POST",
        body: new URLSearchParams({ username, password: "pw" }),
      });
      return (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    };
    [alice, bob] = [await login("alice"), await login("bob")];
  });
  after(async () => {
    open();
    await server.close();
  });

  const post = (cookie: string, path: string, body: unknown) =>
    fetch(`${server.url}/gradio_api/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify(body),
    });
  const join = async (cookie: string, fnIndex: number, data: unknown[], session: string) =>
    (
      (await (await post(cookie, "queue/join", { data, fn_index: fnIndex, session_hash: session })).json()) as {
        event_id: string;
      }
    ).event_id;
  const stream = (cookie: string, session: string) =>
    fetch(`${server.url}/gradio_api/queue/data?session_hash=${session}`, { headers: { cookie } }).then(
      readSse,
    ) as Promise<Message[]>;

  test(
    "another user's cancel, with the owner's session hash and event id, is ignored",
    { timeout: 15_000 },
    async () => {
      const session = "alice-cancel";
      const eventId = await join(alice, slowIndex, ["a"], session);
      const reading = stream(alice, session);
      await sleep(100);
      const answer = await post(bob, "cancel", { session_hash: session, fn_index: slowIndex, event_id: eventId });
      assert.deepEqual([answer.status, await answer.json()], [200, { success: true }]);
      open();
      const messages = await reading;
      const done = messages.filter((m) => m.msg === "process_completed");
      assert.equal(done.length, 1);
      assert.deepEqual(done[0]!.output?.data, ["done a"]);
    },
  );

  test(
    "another user's stream chunk and close are refused with 404; the owner's go through",
    { timeout: 15_000 },
    async () => {
      const session = "alice-stream";
      const eventId = await join(alice, echoIndex, ["one"], session);
      const reading = stream(alice, session);
      await sleep(200);
      assert.equal(
        (await post(bob, `stream/${eventId}`, { data: ["bob"], fn_index: echoIndex, session_hash: session })).status,
        404,
      );
      assert.equal((await post(bob, `stream/${eventId}/close`, { session_hash: session })).status, 404);
      assert.equal(
        (await post(alice, `stream/${eventId}`, { data: ["two"], fn_index: echoIndex, session_hash: session })).status,
        200,
      );
      await sleep(300);
      assert.equal((await post(alice, `stream/${eventId}/close`, { session_hash: session })).status, 200);
      const messages = await reading;
      assert.deepEqual(messages.find((m) => m.msg === "process_completed")!.output?.data, ["echo two"]);
      assert.ok(!messages.some((m) => String(m.output?.data?.[0]).includes("bob")));
    },
  );

  test(
    "another user cannot read a REST call's results (which would end it); the owner still can",
    { timeout: 15_000 },
    async () => {
      const posted = await post(alice, "call/slow", { data: ["rest"] });
      const { event_id: eventId } = (await posted.json()) as { event_id: string };
      const stranger = await fetch(`${server.url}/gradio_api/call/slow/${eventId}`, { headers: { cookie: bob } });
      assert.equal(stranger.status, 404);
      assert.match(((await stranger.json()) as { detail: string }).detail, /Event not found/);
      const owner = await fetch(`${server.url}/gradio_api/call/slow/${eventId}`, { headers: { cookie: alice } });
      assert.equal(owner.status, 200);
      assert.match(await owner.text(), /event: complete\ndata: \["done rest"\]/);
    },
  );
});
