/**
 * src/client — the protocol client the browser app uses for all its traffic — exercised from Node
 * against a real server: predict, streaming with diffs, logs, errors, uploads, cancel, one shared
 * session stream.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { AppError, CancelledError, Client, type FetchLike, type JobEvent } from "../src/client/index.js";
import { readEventData } from "../src/protocol/sse.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the protocol client against a real server", () => {
  let url: string;
  let close: () => Promise<void>;

  before(async () => {
    const demo = new gr.Blocks({}, () => {
      const name = new gr.Textbox({ label: "Name" });
      const times = new gr.Number({ label: "Times", value: 1 });
      const out = new gr.Textbox({ label: "Out" });
      const file = new gr.File({ label: "File" });
      const size = new gr.Number({ label: "Size" });
      const counter = new gr.State(0);
      new gr.Button("Greet").click({
        fn: (n: string, t: number) => `Hello ${n}${"!".repeat(t)}`,
        inputs: [name, times],
        outputs: [out],
        apiName: "greet",
      });
      new gr.Button("Spell").click({
        fn: async function* (word: string) {
          for (let i = 1; i <= word.length; i++) {
            gr.Info(`letter ${i}`);
            await sleep(20);
            yield word.slice(0, i);
          }
        },
        inputs: [name],
        outputs: [out],
        apiName: "spell",
      });
      new gr.Button("Fail").click({
        fn: () => {
          throw new gr.Error("No way.");
        },
        outputs: [out],
        apiName: "fail",
      });
      new gr.Button("Slow").click({
        fn: async function* () {
          for (let i = 0; i < 200; i++) {
            await sleep(50);
            yield String(i);
          }
        },
        outputs: [out],
        apiName: "slow",
      });
      new gr.Button("Size").click({
        fn: async (path: string | string[]) =>
          (await import("node:fs/promises")).stat(String(path)).then((s) => s.size),
        inputs: [file],
        outputs: [size],
        apiName: "size",
      });
      new gr.Button("Count").click({
        fn: (count: number) => [count + 1, String(count + 1)],
        inputs: [counter],
        outputs: [counter, out],
        apiName: "count",
      });
    });
    const running = await demo.launch({ serverPort: 0, serverName: "127.0.0.1", quiet: true, logLevel: "silent" });
    url = running.url;
    close = () => running.close();
  });

  after(() => close?.());

  test("connects, reads config and API info, predicts with a list or named arguments", async () => {
    const client = await Client.connect(url);
    assert.equal(client.config.protocol, "sse_v3");
    assert.ok((await client.viewApi()).named_endpoints["/greet"]);
    assert.deepEqual((await client.predict("/greet", ["Ada", 2])).data, ["Hello Ada!!"]);
    assert.deepEqual((await client.predict("greet", { n: "Bob", t: 1 })).data, ["Hello Bob!"]);
    client.close();
  });

  test("submit streams status, logs and every intermediate value (diffs applied)", async () => {
    const client = await Client.connect(url, { fetchApiInfo: false });
    const events: JobEvent[] = [];
    for await (const event of client.submit("/spell", ["gradio"])) events.push(event);
    const values = events.flatMap((e) => (e.type === "data" ? [e.data[0]] : []));
    assert.deepEqual(values, ["g", "gr", "gra", "grad", "gradi", "gradio", "gradio"]);
    const stages = events.flatMap((e) => (e.type === "status" ? [e.stage] : []));
    assert.equal(stages[0], "pending");
    assert.ok(stages.includes("processing") && stages.includes("generating"));
    assert.equal(stages.at(-1), "complete");
    assert.equal(events.filter((e) => e.type === "log").length, 6);
    client.close();
  });

  test("a failing fn rejects predict with AppError carrying the message", async () => {
    const client = await Client.connect(url, { fetchApiInfo: false });
    await assert.rejects(
      client.predict("/fail"),
      (error: unknown) => error instanceof AppError && error.message === "No way." && error.title === "Error",
    );
    client.close();
  });

  test("cancel ends a running job and the server stops it", async () => {
    const client = await Client.connect(url, { fetchApiInfo: false });
    const job = client.submit("/slow");
    let seen = 0;
    let last: JobEvent | undefined;
    for await (const event of job) {
      last = event;
      if (event.type === "data" && ++seen === 2) void job.cancel();
    }
    assert.equal(last?.type === "status" && last.stage, "cancelled");
    await assert.rejects(job.result, CancelledError);
    // The session still works afterwards (its stream reopens for the next call).
    assert.deepEqual((await client.predict("/greet", ["Ada", 0])).data, ["Hello Ada"]);
    client.close();
  });

  test("Blobs in the inputs are uploaded first, with progress; upload() returns FileData", async () => {
    const client = await Client.connect(url, { fetchApiInfo: false });
    const bytes = new Blob(["twelve bytes"], { type: "text/plain" });
    assert.deepEqual((await client.predict("/size", [bytes])).data, [12]);
    const [file] = await client.upload([new File(["abc"], "abc.txt")]);
    assert.equal(file?.orig_name, "abc.txt");
    assert.equal(file?.meta._type, "gradio.FileData");
    client.close();
  });

  test("State inputs and outputs are filled/stripped for API callers, kept with fullOutputs", async () => {
    const client = await Client.connect(url, { fetchApiInfo: false });
    assert.deepEqual((await client.predict("/count", [])).data, ["1"]);
    const full = await client.predict("/count", [null], { fullOutputs: true });
    assert.equal(full.data.length, 2);
    client.close();
  });

  test("concurrent calls share one session stream", async () => {
    let streams = 0;
    const counting: FetchLike = (input, init) => {
      if (input.includes("/queue/data")) streams++;
      return fetch(input, init);
    };
    const client = await Client.connect(url, { fetch: counting, fetchApiInfo: false });
    const results = await Promise.all(["a", "b", "c", "d"].map((name) => client.predict("/spell", [name])));
    assert.deepEqual(
      results.map((r) => r.data[0]),
      ["a", "b", "c", "d"],
    );
    assert.ok(streams >= 1 && streams <= 2, `expected the calls to share a stream, saw ${streams}`);
    client.close();
  });
});

test("the SSE reader splits events, joins multi-line data and skips comments", async () => {
  const chunks = ['data: {"a":1}\n\n: comment\n\nda', "ta: line1\ndata: line2\r\n\r\ndata: tail"];
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
  const seen: string[] = [];
  for await (const data of readEventData(body)) seen.push(data);
  assert.deepEqual(seen, ['{"a":1}', "line1\nline2", "tail"]);
});
