// One contract, two backends: the in-memory queue (the default) and the Redis one (redisUrl) must
// behave the same through the EventQueue / MessageChannels / StateStore seam. Redis is Debian's
// redis-server, started here on a free 127.0.0.1 port (skipped loudly where it cannot be installed).
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import * as gr from "gradio-ts";
import { Redis } from "ioredis";
import { GradioRequest } from "../src/blocks/request.js";
import { QueueFullError } from "../src/errors.js";
import type { Dependency } from "../src/blocks/events.js";
import { FileCache } from "../src/files/cache.js";
import { FileProcessor } from "../src/files/file-processor.js";
import { memoryBackend, redisBackend } from "../src/queue/backend.js";
import type { MessageChannels } from "../src/queue/channels.js";
import type { QueuedCall } from "../src/queue/queued-call.js";
import type { QueueMessage } from "../src/protocol/messages.js";
import type { EventQueue } from "../src/queue/queue.js";
import { Runner } from "../src/queue/runner.js";
import type { StateStore } from "../src/queue/session-state.js";
import { ensureRedis, startRedis, type TestRedis } from "./helpers/redis.js";

interface Backend {
  channels: MessageChannels;
  states: StateStore;
  queue: EventQueue;
  close(): Promise<void>;
}

const silent = { error() {}, warn() {}, info() {} };

function buildApp() {
  let total: gr.State<number> | undefined;
  const batches: string[][] = [];
  let release: () => void = () => {};
  const demo = new gr.Blocks({}, () => {
    const text = new gr.Textbox();
    const out = new gr.Textbox();
    const go = new gr.Button("Go");
    go.click({
      fn: (t: string) => `Hello ${t}!`,
      inputs: text,
      outputs: out,
      apiName: "greet",
      concurrencyLimit: null,
    });
    go.click({
      fn: async function* (t: string) {
        yield `${t}1`;
        yield `${t}2`;
      },
      inputs: text,
      outputs: out,
      apiName: "gen",
      concurrencyLimit: null,
    });
    go.click({
      fn: async (t: string) => (await new Promise<void>((resolve) => (release = resolve)), `slow ${t}`),
      inputs: text,
      outputs: out,
      apiName: "slow",
      concurrencyLimit: 1,
    });
    const rounded = new gr.Number();
    go.click({
      fn: async function* () {
        yield 1.26;
        yield gr.update({ precision: 1, value: 1.26 });
        yield 2.44;
        yield 3.58;
        yield 4.91;
      },
      inputs: text,
      outputs: rounded,
      apiName: "precise",
      concurrencyLimit: null,
    });
    total = new gr.State<number>(0);
    go.click({
      fn: (t: string, sum: number) => [sum + Number(t), String(sum + Number(t))],
      inputs: [text, total],
      outputs: [total, out],
      apiName: "add",
      concurrencyLimit: null,
    });
    go.click({
      fn: (async (names: string[]) => (
        batches.push([...names]),
        await sleep(150),
        [names.map((n) => `${n}:${names.length}`)]
      )) as never,
      inputs: text,
      outputs: out,
      apiName: "batched",
      batch: true,
      maxBatchSize: 4,
      concurrencyLimit: 1,
    });
  });
  return { demo, total: total!, batches, release: () => release() };
}

async function files(): Promise<{ files: FileProcessor; dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-contract-"));
  const cache = new FileCache(dir);
  await cache.init();
  return {
    files: new FileProcessor(cache, {
      cacheDir: cache.filesDir,
      allowedPaths: [],
      blockedPaths: [],
      privatePaths: [],
      staticPaths: [],
      workingDir: dir,
      tempDir: dir,
      caseInsensitive: false,
    }),
    dir,
  };
}

/** A backend built by the factory the server uses; a Redis one given the same `prefix` shares one queue. */
async function openBackend(
  kind: "memory" | "redis",
  demo: gr.Blocks,
  prefix = `contract-${Math.random().toString(36).slice(2)}`,
): Promise<Backend> {
  const { files: processor, dir } = await files();
  const factory = kind === "memory" ? memoryBackend() : redisBackend({ url: redis!.url, prefix });
  const backend = await factory({
    app: demo,
    files: processor,
    logger: silent,
    makeRunner: (parts) => new Runner({ ...parts, files: processor, logger: silent, showError: false }),
  });
  assert.equal(backend.kind, kind);
  assert.equal(backend.shared === null, kind === "memory");
  return {
    channels: backend.channels,
    states: backend.states,
    queue: backend.queue,
    close: async () => (await backend.close(), await rm(dir, { recursive: true, force: true })),
  };
}

let counter = 0;
function job(dependency: Dependency, data: unknown[], sessionHash: string): QueuedCall {
  return {
    eventId: `ev${++counter}${Math.random().toString(16).slice(2)}`,
    sessionHash,
    dependency,
    data: [...data],
    request: new GradioRequest({ headers: {}, clientIp: "127.0.0.1", sessionHash, username: null }),
    eventData: null,
    rootUrl: "http://127.0.0.1",
    simpleFormat: false,
    abort: new AbortController(),
    joinedAt: Date.now(),
  };
}

async function readAll(channels: MessageChannels, sessionHash: string, ms = 10_000): Promise<QueueMessage[]> {
  const seen: QueueMessage[] = [];
  const signal = AbortSignal.timeout(ms);
  for await (const message of channels.read(sessionHash, signal)) seen.push(message);
  return seen;
}

/** An app whose queue holds at most 5 waiting events, with a fn that holds its slot until `open()`. */
function fullQueueApp() {
  let started = 0;
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const demo = new gr.Blocks({}, () => {
    const text = new gr.Textbox();
    const out = new gr.Textbox();
    const go = new gr.Button("Go");
    go.click({
      fn: async (t: string) => (started++, await gate, `slow ${t}`),
      inputs: text,
      outputs: out,
      apiName: "slow",
      concurrencyLimit: 1,
    });
    go.click({
      fn: (t: string) => `Hello ${t}!`,
      inputs: text,
      outputs: out,
      apiName: "greet",
      concurrencyLimit: null,
    });
  }).queue({ maxSize: 5 });
  return { demo, started: () => started, open: () => open() };
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await sleep(50);
}

const anonymous = (sessionHash: string) => ({ sessionHash, username: null });

const byName = (demo: gr.Blocks, name: string) => demo.dependencies.find((d) => d.apiName === name)!;
const kinds = (list: QueueMessage[]) => list.map((m) => m.msg);

const redisBinary = ensureRedis();
let redis: TestRedis | null = null;
before(async () => {
  if (redisBinary) redis = await startRedis();
});
after(async () => redis?.stop());

for (const kind of ["memory", "redis"] as const) {
  describe(
    `queue contract: ${kind}`,
    {
      skip:
        kind === "redis" && !redisBinary ? "redis-server is not installed (apt-get install -y redis-server)" : false,
    },
    () => {
      const make = async () => {
        const app = buildApp();
        const backend = await openBackend(kind, app.demo);
        return { ...app, backend };
      };

      test("a plain call: estimation, process_starts, process_completed, then the stream ends", async () => {
        const { demo, backend } = await make();
        try {
          const j = job(byName(demo, "greet"), ["Ada"], "s-plain");
          await backend.queue.join(j);
          assert.equal(await backend.channels.has("s-plain"), true);
          const seen = await readAll(backend.channels, "s-plain");
          assert.deepEqual(kinds(seen), ["estimation", "process_starts", "process_completed"]);
          assert.deepEqual((seen[2] as { output: { data: unknown[] } }).output.data, ["Hello Ada!"]);
          assert.equal(await backend.channels.has("s-plain"), false);
        } finally {
          await backend.close();
        }
      });

      test("messages published before the stream connects are kept, in order; a generator's diffs", async () => {
        const { demo, backend } = await make();
        try {
          await backend.queue.join(job(byName(demo, "gen"), ["x"], "s-gen"));
          await sleep(300);
          const seen = await readAll(backend.channels, "s-gen");
          assert.deepEqual(kinds(seen), [
            "estimation",
            "process_starts",
            "process_generating",
            "process_generating",
            "process_completed",
          ]);
          assert.deepEqual((seen[2] as { output: { data: unknown[] } }).output.data, ["x1"]);
          assert.deepEqual((seen[4] as { output: { data: unknown[] } }).output.data, ["x2"]);
        } finally {
          await backend.close();
        }
      });

      test("two events of one session share the stream; it ends after the last one", async () => {
        const { demo, backend } = await make();
        try {
          const a = job(byName(demo, "greet"), ["A"], "s-two");
          const b = job(byName(demo, "greet"), ["B"], "s-two");
          await backend.queue.join(a);
          await backend.queue.join(b);
          const seen = await readAll(backend.channels, "s-two");
          const done = seen
            .filter((m) => m.msg === "process_completed")
            .map((m) => m.event_id)
            .sort();
          assert.deepEqual(done, [a.eventId, b.eventId].sort());
        } finally {
          await backend.close();
        }
      });

      test("a group's limit holds: the second waits first in line, and cancelling it ends it with an empty output", async () => {
        const { demo, backend, release } = await make();
        try {
          const first = job(byName(demo, "slow"), ["1"], "s-limit");
          const second = job(byName(demo, "slow"), ["2"], "s-limit2");
          await backend.queue.join(first);
          await sleep(200);
          await backend.queue.join(second);
          await sleep(200);
          assert.equal(
            await backend.queue.cancel(
              { sessionHash: "s-limit2", username: null },
              second.dependency.id,
              second.eventId,
            ),
            true,
          );
          const cancelled = await readAll(backend.channels, "s-limit2");
          assert.deepEqual(kinds(cancelled), ["estimation", "process_completed"]);
          // Rank counts waiting events only: the running one is not in the line.
          assert.deepEqual(
            [(cancelled[0] as { rank: number }).rank, (cancelled[0] as { queue_size: number }).queue_size],
            [0, 1],
          );
          assert.deepEqual((cancelled[1] as { output: unknown }).output, {});
          release();
          const seen = await readAll(backend.channels, "s-limit");
          assert.deepEqual((seen.at(-1) as { output: { data: unknown[] } }).output.data, ["slow 1"]);
        } finally {
          release();
          await backend.close();
        }
      });

      test("cancel touches only the caller's own events; the owner's own cancel ends its stream", async () => {
        const { demo, backend, release } = await make();
        const slow = byName(demo, "slow");
        try {
          const running = job(slow, ["1"], "s-own-run");
          const waiting = job(slow, ["2"], "s-own-wait");
          await backend.queue.join(running);
          await sleep(300);
          await backend.queue.join(waiting);
          await sleep(200);
          // A stranger names the owners' event ids (and fn): nothing happens, and it is told so.
          for (const target of [running, waiting]) {
            assert.equal(await backend.queue.cancel(anonymous("s-stranger"), slow.id, target.eventId), false);
            // The right session hash but another signed-in user: still not the owner.
            assert.equal(
              await backend.queue.cancel(
                { sessionHash: target.sessionHash, username: "mallory" },
                slow.id,
                target.eventId,
              ),
              false,
            );
          }
          release();
          const first = await readAll(backend.channels, "s-own-run");
          assert.deepEqual(kinds(first), ["estimation", "process_starts", "process_completed"]);
          assert.deepEqual((first.at(-1) as { output: { data: unknown[] } }).output.data, ["slow 1"]);
          await sleep(300);
          release();
          const second = await readAll(backend.channels, "s-own-wait");
          assert.deepEqual((second.at(-1) as { output: { data: unknown[] } }).output.data, ["slow 2"]);

          // The owners themselves: a waiting event and a running one, each told with an empty completion.
          const ownRunning = job(slow, ["3"], "s-own-run2");
          const ownWaiting = job(slow, ["4"], "s-own-wait2");
          await backend.queue.join(ownRunning);
          await sleep(300);
          await backend.queue.join(ownWaiting);
          await sleep(200);
          assert.equal(await backend.queue.cancel(anonymous("s-own-wait2"), slow.id, ownWaiting.eventId), true);
          assert.deepEqual(kinds(await readAll(backend.channels, "s-own-wait2")), ["estimation", "process_completed"]);
          assert.equal(await backend.queue.cancel(anonymous("s-own-run2"), slow.id, ownRunning.eventId), true);
          const cancelled = await readAll(backend.channels, "s-own-run2");
          assert.deepEqual(kinds(cancelled), ["estimation", "process_starts", "process_completed"]);
          assert.deepEqual((cancelled.at(-1) as { output: unknown }).output, {});
        } finally {
          release();
          await backend.close();
        }
      });

      test(
        "maxSize holds when 60 callers join at once (two replicas on Redis); the others are still served",
        { timeout: 60_000 },
        async () => {
          const app = fullQueueApp();
          const prefix = `full-${Math.random().toString(36).slice(2)}`;
          const replicas =
            kind === "memory"
              ? [await openBackend(kind, app.demo)]
              : await Promise.all([openBackend(kind, app.demo, prefix), openBackend(kind, app.demo, prefix)]);
          const slots = replicas.length;
          try {
            const slow = byName(app.demo, "slow");
            const jobs = Array.from({ length: 60 }, (_, i) => job(slow, [String(i)], `s-full-${i}`));
            const results = await Promise.allSettled(jobs.map(async (j, i) => replicas[i % slots]!.queue.join(j)));
            const accepted = jobs.filter((_, i) => results[i]!.status === "fulfilled");
            const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
            for (const error of refused) {
              assert.ok(error instanceof QueueFullError, String(error));
              assert.equal(error.statusCode, 503);
              assert.match(error.message, /^Queue is full\. Max size is 5 and size is \d+\.$/);
            }
            // Each replica's one slot takes an event; everything else accepted is waiting.
            await until(() => app.started() >= slots);
            await sleep(500);
            assert.equal(app.started(), slots);
            const waitingNow = accepted.length - app.started();
            assert.ok(waitingNow <= 5 && waitingNow >= 1, `accepted ${accepted.length}, started ${app.started()}`);
            assert.equal(refused.length, 60 - accepted.length);
            // Every accepted event runs and completes; then the queue takes new events again.
            app.open();
            const answers = await Promise.all(
              accepted.map(async (j) => (await readAll(replicas[0]!.channels, j.sessionHash, 30_000)).at(-1)),
            );
            answers.forEach((answer, i) =>
              assert.deepEqual((answer as { output: { data: unknown[] } }).output.data, [
                `slow ${accepted[i]!.data[0]}`,
              ]),
            );
            const later = job(byName(app.demo, "greet"), ["Ada"], "s-full-later");
            await replicas[slots - 1]!.queue.join(later);
            assert.deepEqual(
              ((await readAll(replicas[0]!.channels, "s-full-later")).at(-1) as { output: { data: unknown[] } }).output
                .data,
              ["Hello Ada!"],
            );
          } finally {
            app.open();
            for (const replica of replicas) await replica.close();
          }
        },
      );

      test("gr.State: set by one call, read by the next", async () => {
        const { demo, backend, total } = await make();
        try {
          await backend.queue.join(job(byName(demo, "add"), ["2", null], "s-state"));
          await readAll(backend.channels, "s-state");
          await backend.queue.join(job(byName(demo, "add"), ["3", null], "s-state"));
          const seen = await readAll(backend.channels, "s-state");
          assert.deepEqual((seen.at(-1) as { output: { data: unknown[] } }).output.data, [null, "5"]);
          assert.equal(await backend.states.get("s-state", total), 5);
          assert.equal(await backend.states.get("s-other", total), 0);
        } finally {
          await backend.close();
        }
      });

      test("a batch fn: events waiting together run as one call of at most maxBatchSize, each gets its own answer", async () => {
        const { demo, backend, batches } = await make();
        try {
          const names = ["a", "b", "c", "d", "e", "f", "g", "h"];
          const jobs = names.map((n) => job(byName(demo, "batched"), [n], `s-batch-${n}`));
          for (const j of jobs) await backend.queue.join(j);
          const answers = await Promise.all(
            names.map(
              async (n) =>
                (await readAll(backend.channels, `s-batch-${n}`)).find((m) => m.msg === "process_completed") as {
                  output: { data: string[] };
                },
            ),
          );
          answers.forEach((answer, i) => assert.match(answer.output.data[0]!, new RegExp(`^${names[i]}:[1-4]$`)));
          assert.deepEqual(batches.flat().sort(), names);
          assert.ok(
            batches.every((list) => list.length <= 4),
            JSON.stringify(batches),
          );
          assert.ok(
            batches.length <= 4 && batches.some((list) => list.length > 1),
            `expected real batches, got ${JSON.stringify(batches)}`,
          );
          // Each caller is told the size of the call it ran in.
          answers.forEach((answer) =>
            assert.ok(batches.some((list) => list.length === Number(answer.output.data[0]!.split(":")[1]))),
          );
        } finally {
          await backend.close();
        }
      });

      test("a generator's update holds for its later yields and the session's next run, not for other sessions", async () => {
        const { demo, backend } = await make();
        const counter = kind === "redis" ? new Redis(redis!.url) : null;
        const propReads = async () =>
          Number(/cmdstat_hgetall:calls=(\d+)/.exec((await counter?.info("commandstats")) ?? "")?.[1] ?? 0);
        try {
          const precise = byName(demo, "precise");
          const outputsOf = async (sessionHash: string) => {
            await backend.queue.join({ ...job(precise, ["x"], sessionHash), simpleFormat: true });
            const seen = await readAll(backend.channels, sessionHash);
            return seen.flatMap((m) => ("output" in m && m.output && "data" in m.output ? [m.output.data[0]] : []));
          };
          const readsBefore = await propReads();
          const first = await outputsOf("s-precise");
          assert.deepEqual(first.slice(0, 2), [1.26, { precision: 1, value: 1.3, __type__: "update" }]);
          assert.deepEqual(first.slice(2), [2.4, 3.6, 4.9, 4.9]);
          // With Redis the session's props are read when the event starts, not again for every yield.
          if (counter) assert.ok((await propReads()) - readsBefore <= 2, `${(await propReads()) - readsBefore} reads`);
          assert.equal((await outputsOf("s-precise"))[0], 1.3, "the session keeps its update");
          assert.equal((await outputsOf("s-precise-other"))[0], 1.26, "another session does not see it");
        } finally {
          counter?.disconnect();
          await backend.close();
        }
      });

      test("unknown sessions and the REST route's event binding", async () => {
        const { backend } = await make();
        try {
          assert.equal(await backend.channels.has("nobody"), false);
          assert.equal(await backend.channels.isPending("nobody", "e"), false);
          await backend.channels.bindEvent("e1", { sessionHash: "s1", username: null });
          assert.equal(await backend.channels.takeEvent("e1", null), "s1");
          assert.equal(await backend.channels.takeEvent("e1", null), null);
          // Another user's event is not given out, and stays for its owner.
          await backend.channels.bindEvent("e2", { sessionHash: "s2", username: "alice" });
          assert.equal(await backend.channels.takeEvent("e2", "bob"), null);
          assert.equal(await backend.channels.takeEvent("e2", null), null);
          assert.equal(await backend.channels.takeEvent("e2", "alice"), "s2");
        } finally {
          await backend.close();
        }
      });
    },
  );
}
