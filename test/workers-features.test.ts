// Sync fns run in worker threads (src/workers/pool.ts), and everything a fn does still reaches the caller
// with the same wire messages: yields, progress, toasts, errors, State, files, the request, batches.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { demo } from "./fixtures/workers/features.js";
import { startServer, type TestServer } from "./helpers/server.js";
import { callQueue, completed, outputData, WORKER_FIXTURES } from "./helpers/workers.js";

const threadOf = (text: unknown) => Number(String(text).split(" ").at(-1));

describe("fns in worker threads", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(demo, {
      workers: 2,
      appModule: path.join(WORKER_FIXTURES, "features.ts"),
      workerGroups: { heavy: 1 },
    });
    // The first call waits for a worker to build the app.
    assert.deepEqual(outputData((await callQueue(server.url, 15, ["warm"], "warm")).messages), ["warm"]);
  });
  after(() => server.close());

  test("a sync generator streams each yield, as full values then diffs", async () => {
    const { messages } = await callQueue(server.url, 0, ["abc"], "gen");
    const generating = messages
      .filter((m) => m.msg === "process_generating")
      .map((m) => (m.output as { data: unknown[] }).data);
    assert.deepEqual(generating, [["a"], [[["append", [], "b"]]], [[["append", [], "c"]]]]);
    assert.deepEqual(outputData(messages), ["abc"]);
  });

  test("progress, progress.tqdm, gr.Info and gr.Warning arrive as progress and log messages", async () => {
    const { messages } = await callQueue(server.url, 1, ["x"], "chatty");
    const logs = messages.filter((m) => m.msg === "log").map((m) => [m.level, m.log, m.title]);
    assert.deepEqual(logs, [
      ["info", "Starting x", "Info"],
      ["warning", "Careful", "Warning"],
    ]);
    const progress = messages
      .filter((m) => m.msg === "progress")
      .map((m) => (m.progress_data as Record<string, unknown>[])[0]);
    assert.deepEqual(progress[0], { index: null, length: null, unit: "steps", progress: 0.5, desc: "Halfway" });
    assert.deepEqual(
      progress.slice(1).map((p) => [p?.index, p?.length, p?.desc]),
      [
        [0, 2, "Items"],
        [1, 2, "Items"],
        [2, 2, "Items"],
      ],
    );
    const [result] = outputData(messages);
    assert.match(String(result), /^done 2 in \d+$/);
    assert.notEqual(threadOf(result), 0, "ran in a worker thread");
  });

  test("a gr.Error's message, title and all, reaches the caller", async () => {
    const end = completed((await callQueue(server.url, 2, ["42"], "refuse")).messages);
    assert.equal(end.success, false);
    assert.deepEqual(end.output, { error: "Cannot take 42", duration: 10, visible: true, title: "Refused" });
  });

  test("any other error, or process.exit, fails only its own event with a generic error; the next call works", async () => {
    const oops = completed((await callQueue(server.url, 3, ["x"], "oops")).messages);
    assert.equal(oops.success, false);
    assert.deepEqual(oops.output, { error: null });
    const [left, echoed] = await Promise.all([
      callQueue(server.url, 4, ["x"], "leave"),
      callQueue(server.url, 15, ["meanwhile"], "meanwhile"),
    ]);
    assert.equal(completed(left.messages).success, false);
    assert.deepEqual(completed(left.messages).output, { error: null });
    assert.deepEqual(outputData(echoed.messages), ["meanwhile"]);
    assert.deepEqual(outputData((await callQueue(server.url, 15, ["after"], "after-exit")).messages), ["after"]);
  });

  test("gr.State values cross to the worker and back; one that cannot be copied fails clearly, naming the State", async () => {
    assert.deepEqual(outputData((await callQueue(server.url, 5, [2, null], "tally")).messages), [null, 2]);
    assert.deepEqual(outputData((await callQueue(server.url, 5, [3, null], "tally")).messages), [null, 5]);
    const end = completed((await callQueue(server.url, 6, [], "keep")).messages);
    assert.equal(end.success, false);
    assert.match(String((end.output as { error: string }).error), /output 1 \(a gr\.State\).*cannot be copied/);
  });

  test("a file the fn writes is served through the cache; a path outside the allowed ones is refused", async () => {
    const [file] = outputData((await callQueue(server.url, 7, ["hello"], "write")).messages) as [
      { url: string; path: string },
    ];
    const served = await fetch(file.url);
    assert.equal(served.status, 200);
    const text = await served.text();
    assert.match(text, /^hello from \d+$/);
    assert.notEqual(threadOf(text), 0, "written in a worker thread");
    const refused = completed((await callQueue(server.url, 8, ["x"], "leak")).messages);
    assert.equal(refused.success, false);
    assert.doesNotMatch(JSON.stringify(refused.output), /hostname/);
  });

  test("the fn sees the caller's request (headers without credentials, session)", async () => {
    const { messages } = await callQueue(server.url, 9, ["x"], "who-session", {
      "x-caller": "ada",
      cookie: "secret=1",
    });
    const [text] = outputData(messages) as [string];
    assert.match(text, /^ada who-session \d+$/);
    assert.notEqual(threadOf(text), 0);
  });

  test("a batch fn runs its callers' items in one call in a worker; each caller gets its own", async () => {
    const [a, b] = await Promise.all([
      callQueue(server.url, 10, ["ab"], "batch-a"),
      callQueue(server.url, 10, ["cd"], "batch-b"),
    ]);
    const [first] = outputData(a.messages) as [string];
    const [second] = outputData(b.messages) as [string];
    assert.match(first, /^AB@[1-9]\d*$/);
    assert.match(second, /^CD@[1-9]\d*$/);
  });

  test("async fns stay on the server's thread unless runIn says worker; runIn: main keeps a sync fn there", async () => {
    const where = async (fnIndex: number) =>
      Number((outputData((await callQueue(server.url, fnIndex, ["x"], `where-${fnIndex}`)).messages) as [string])[0]);
    assert.equal(await where(11), 0);
    assert.notEqual(await where(12), 0);
    assert.equal(await where(13), 0);
  });

  test("calls running at once in several workers each get their own toasts, progress and yields", async () => {
    const words = Array.from({ length: 12 }, (_, n) => `w${n}`);
    const calls = await Promise.all(words.map((word) => callQueue(server.url, 18, [word], `mine-${word}`)));
    const threads = new Set<number>();
    calls.forEach(({ messages }, n) => {
      const word = words[n]!;
      assert.deepEqual(
        messages.filter((m) => m.msg === "log").map((m) => m.log),
        [`for ${word}`],
      );
      const progress = messages.filter((m) => m.msg === "progress");
      assert.deepEqual(
        progress.map((m) => (m.progress_data as { desc: string }[])[0]!.desc),
        [word],
      );
      // What the fn posted while it ran comes before its end, which travels another way (see pool.ts).
      const order = messages.map((m) => m.msg).filter((msg) => msg !== "estimation" && msg !== "close_stream");
      assert.deepEqual(order, [
        "process_starts",
        "log",
        "progress",
        "process_generating",
        "process_generating",
        "process_completed",
      ]);
      const [result] = outputData(messages);
      assert.match(String(result), new RegExp(`^${word} 2 in \\d+$`));
      threads.add(threadOf(result));
    });
    assert.ok(!threads.has(0), "ran in worker threads");
  });

  test("a concurrency group with its own pool of one worker runs all its calls in that one thread", async () => {
    const calls = await Promise.all([1, 2, 3, 4].map((n) => callQueue(server.url, 14, ["x"], `heavy-${n}`)));
    const threads = new Set(calls.map((call) => Number((outputData(call.messages) as [string])[0])));
    assert.equal(threads.size, 1);
    assert.notEqual([...threads][0], 0);
  });
});
