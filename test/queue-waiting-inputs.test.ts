// A waiting event holds only what the caller sent: inputs are checked at join (cheap, no decoding,
// no downloads) and prepared once, when the event starts, on both backends. The queue has a default bound.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readFile, realpath, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import sharp from "sharp";
import * as gr from "gradio-ts";
import { GradioRequest } from "../src/blocks/request.js";
import type { Dependency } from "../src/blocks/events.js";
import { AppConfigError } from "../src/errors.js";
import { FileCache } from "../src/files/cache.js";
import { FileProcessor } from "../src/files/file-processor.js";
import { isPublicAddress, UrlFetcher, type UrlFetchSettings } from "../src/files/url-fetch.js";
import { memoryBackend, redisBackend, type QueueBackend } from "../src/queue/backend.js";
import type { MessageChannels } from "../src/queue/channels.js";
import { validateInputs } from "../src/queue/inputs.js";
import type { QueuedCall } from "../src/queue/queued-call.js";
import type { QueueMessage } from "../src/protocol/messages.js";
import { Runner } from "../src/queue/runner.js";
import { ensureRedis, startRedis, type TestRedis } from "./helpers/redis.js";
import { startServer, type TestServer } from "./helpers/server.js";

type Message = { msg: string; success?: boolean; output?: { data?: unknown[]; error?: string | null } };

async function upload(url: string, bytes: Buffer, name: string): Promise<string> {
  const form = new FormData();
  form.append("files", new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${url}/gradio_api/upload`, { method: "POST", body: form });
  assert.equal(response.status, 200);
  return ((await response.json()) as [string])[0];
}

const fileData = (filePath: string) => ({ path: filePath, meta: { _type: "gradio.FileData" } });

async function join(
  url: string,
  session: string,
  fnIndex: number,
  data: unknown[],
): Promise<{ status: number; body: string }> {
  const response = await fetch(`${url}/gradio_api/queue/join`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ data, fn_index: fnIndex, session_hash: session }),
  });
  return { status: response.status, body: await response.text() };
}

async function completed(url: string, session: string): Promise<Message> {
  const text = await (await fetch(`${url}/gradio_api/queue/data?session_hash=${session}`)).text();
  const done = text
    .split("\n\n")
    .filter((frame) => frame.startsWith("data: "))
    .map((frame) => JSON.parse(frame.slice(6)) as Message)
    .find((m) => m.msg === "process_completed");
  assert.ok(done, `no completion in ${text}`);
  return done;
}

describe("R2-03: waiting events hold no decoded inputs", () => {
  const WIDTH = 4000;
  const HEIGHT = 3000;
  let server: TestServer;
  let release: () => void = () => {};
  let firstStarted = false;
  const seen: string[] = [];
  const batches: number[] = [];

  before(async () => {
    const demo = new gr.Blocks({}, () => {
      const image = new gr.Image({ type: "pixels", label: "Picture" });
      const out = new gr.Textbox();
      new gr.Button("Go").click({
        fn: async (pixels: Required<gr.ImagePixels>) => {
          if (!firstStarted) {
            firstStarted = true;
            await new Promise<void>((resolve) => (release = resolve));
          }
          const size = `${pixels.width}x${pixels.height}x${pixels.channels}:${pixels.data.byteLength}`;
          seen.push(size);
          return size;
        },
        inputs: image,
        outputs: out,
        apiName: "measure",
        concurrencyLimit: 1,
      });
      new gr.Button("Batch").click({
        fn: (async (list: Required<gr.ImagePixels>[]) => {
          batches.push(list.length);
          await new Promise((resolve) => setTimeout(resolve, 300));
          return [list.map((pixels) => `${pixels.width}x${pixels.height}`)];
        }) as never,
        inputs: image,
        outputs: out,
        apiName: "batched",
        batch: true,
        maxBatchSize: 4,
        concurrencyLimit: 1,
      });
    });
    server = await startServer(demo);
  });
  after(async () => {
    release();
    await server.close();
  });

  test(
    "12 joins naming one PNG: RSS stays small while they wait, and each still gets its pixels when it starts",
    { timeout: 120_000 },
    async () => {
      // A flat 12-megapixel PNG: a few KB on the wire, 36 MB once decoded.
      const png = await sharp({
        create: { width: WIDTH, height: HEIGHT, channels: 3, background: { r: 10, g: 200, b: 30 } },
      })
        .png()
        .toBuffer();
      assert.ok(png.length < 200_000, `the PNG is small (${png.length} bytes)`);
      const uploaded = await upload(server.url, png, "flat.png");
      globalThis.gc?.();
      const rssBefore = process.memoryUsage().rss;
      const sessions = Array.from({ length: 12 }, (_, i) => `px-${i}`);
      for (const session of sessions)
        assert.equal((await join(server.url, session, 0, [fileData(uploaded)])).status, 200);
      // The first is running (and holds its one decoded copy); eleven wait.
      for (let i = 0; i < 250 && !firstStarted; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.ok(firstStarted, "the first event started");
      await new Promise((resolve) => setTimeout(resolve, 300));
      const grownMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
      // Eleven decoded copies would be ~400 MB; the one running event's copy (and noise) stays well below this.
      assert.ok(grownMb < 200, `RSS grew by ${grownMb.toFixed(0)} MB while 11 events waited`);
      release();
      const results = await Promise.all(sessions.map((session) => completed(server.url, session)));
      const expected = `${WIDTH}x${HEIGHT}x3:${WIDTH * HEIGHT * 3}`;
      for (const result of results) assert.deepEqual(result.output?.data, [expected], JSON.stringify(result));
      assert.equal(seen.length, 12);
    },
  );

  test(
    "a file that fails to decode when its event starts is that event's error on its stream; others are still served",
    { timeout: 30_000 },
    async () => {
      release();
      const notAnImage = await upload(server.url, Buffer.from("this is not an image at all"), "fake.png");
      // Join checks only that the file may be used: it is accepted, and refused when the event starts.
      assert.equal((await join(server.url, "bad-px", 0, [fileData(notAnImage)])).status, 200);
      const failed = await completed(server.url, "bad-px");
      assert.equal(failed.success, false);
      assert.match(String(failed.output?.error), /not an image this server can decode/);
      assert.ok(!String(failed.output?.error).includes(server.cacheDir), "no host path in the message");
      // A file the access policy refuses is still refused at join, with the usual 422.
      const refused = await join(server.url, "etc-px", 0, [fileData("/etc/passwd")]);
      assert.equal(refused.status, 422, refused.body);
      const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: "#fff" } })
        .png()
        .toBuffer();
      assert.equal(
        (await join(server.url, "ok-px", 0, [fileData(await upload(server.url, png, "ok.png"))])).status,
        200,
      );
      assert.deepEqual((await completed(server.url, "ok-px")).output?.data, ["2x2x3:12"]);
    },
  );

  test(
    "in a batch, an item whose file fails to decode at start fails alone; the others run",
    { timeout: 30_000 },
    async () => {
      const png = await sharp({ create: { width: 3, height: 2, channels: 3, background: "#000" } })
        .png()
        .toBuffer();
      const good = fileData(await upload(server.url, png, "good.png"));
      const bad = fileData(await upload(server.url, Buffer.from("not an image"), "bad.png"));
      // The first call holds the batch fn, so the next two wait and run together.
      assert.equal((await join(server.url, "b-warm", 1, [good])).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal((await join(server.url, "b-bad", 1, [bad])).status, 200);
      assert.equal((await join(server.url, "b-good", 1, [good])).status, 200);
      const [warm, failed, ok] = await Promise.all(
        ["b-warm", "b-bad", "b-good"].map((session) => completed(server.url, session)),
      );
      assert.deepEqual(warm!.output?.data, ["3x2"]);
      assert.equal(failed!.success, false);
      assert.match(String(failed!.output?.error), /not an image this server can decode/);
      assert.deepEqual(ok!.output?.data, ["3x2"]);
      assert.equal(
        batches.reduce((sum, n) => sum + n, 0),
        2,
        `only the good items reached the fn: ${JSON.stringify(batches)}`,
      );
    },
  );
});

describe("R2-03: the queue has a default bound", () => {
  test("the default is DEFAULT_MAX_QUEUE_SIZE; null and Infinity turn it off; nonsense is refused at build time", () => {
    assert.equal(new gr.Blocks().queueSettings.maxSize, gr.DEFAULT_MAX_QUEUE_SIZE);
    assert.ok(gr.DEFAULT_MAX_QUEUE_SIZE >= 1000 && gr.DEFAULT_MAX_QUEUE_SIZE < 10_000);
    assert.equal(new gr.Blocks().queue({ maxSize: null }).queueSettings.maxSize, null);
    assert.equal(
      new gr.Blocks().queue({ maxSize: Number.POSITIVE_INFINITY }).queueSettings.maxSize,
      Number.POSITIVE_INFINITY,
    );
    assert.equal(new gr.Blocks().queue({ maxSize: 20_000 }).queueSettings.maxSize, 20_000);
    for (const bad of [-1, 1.5, Number.NaN])
      assert.throws(() => new gr.Blocks().queue({ maxSize: bad }), AppConfigError);
  });
});

const silent = { error() {}, warn() {}, info() {} };
const redisReady = ensureRedis();

describe("R2-03: a URL input is fetched once per event, when it starts, on both backends", () => {
  let redis: TestRedis | null = null;
  let site: http.Server;
  let port = 0;
  let hits = 0;
  let dir = "";
  let files: FileProcessor;

  before(async () => {
    if (redisReady) redis = await startRedis();
    site = http.createServer((_request, response) => {
      hits++;
      response.end("remote bytes");
    });
    await new Promise<void>((done) => site.listen(0, "127.0.0.1", done));
    port = (site.address() as AddressInfo).port;
    dir = await realpath(await mkdtemp(path.join(os.tmpdir(), "gradio-ts-fetch-once-")));
    const cache = new FileCache(dir);
    await cache.init();
    // `public.test` names this test's own server, which the address check lets through as if it were public.
    const fetcher = new UrlFetcher({
      resolve: async (name) => (name === "public.test" ? [{ address: "127.0.0.1", family: 4 }] : []),
      isAllowedAddress: (ip) => ip === "127.0.0.1" || isPublicAddress(ip),
    });
    const settings: UrlFetchSettings = { enabled: true, maxBytes: 1000, timeoutMs: 5000, fetcher };
    const policy = {
      cacheDir: await realpath(cache.filesDir),
      allowedPaths: [],
      blockedPaths: [],
      privatePaths: [],
      staticPaths: [],
      workingDir: dir,
      tempDir: dir,
      caseInsensitive: false,
    };
    files = new FileProcessor(cache, policy, settings);
  });
  after(async () => {
    site.closeAllConnections();
    await new Promise((done) => site.close(done));
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const buildApp = () => {
    const demo = new gr.Blocks({}, () => {
      const file = new gr.File({ label: "Document" });
      const out = new gr.Textbox();
      new gr.Button("Go").click({
        fn: async (filePath) => readFile(filePath as string, "utf8"),
        inputs: file,
        outputs: out,
        apiName: "read",
        concurrencyLimit: 1,
      });
    });
    return { demo, dependency: demo.dependencies[0]! };
  };

  async function backendFor(kind: "memory" | "redis", demo: gr.Blocks): Promise<QueueBackend> {
    const factory =
      kind === "memory"
        ? memoryBackend()
        : redisBackend({ url: redis!.url, prefix: `fetch-once-${Math.random().toString(36).slice(2)}` });
    return factory({
      app: demo,
      files,
      logger: silent,
      makeRunner: (parts) => new Runner({ ...parts, files, logger: silent, showError: false }),
    });
  }

  function jobFor(dependency: Dependency, data: unknown[], sessionHash: string): QueuedCall {
    const request = new GradioRequest({ headers: {}, clientIp: "127.0.0.1", sessionHash, username: null });
    return {
      eventId: `ev-${sessionHash}`,
      sessionHash,
      dependency,
      data,
      request,
      eventData: null,
      rootUrl: "http://127.0.0.1",
      simpleFormat: false,
      abort: new AbortController(),
      joinedAt: Date.now(),
    };
  }

  async function readAll(channels: MessageChannels, sessionHash: string): Promise<QueueMessage[]> {
    const messages: QueueMessage[] = [];
    for await (const message of channels.read(sessionHash, AbortSignal.timeout(15_000))) messages.push(message);
    return messages;
  }

  for (const kind of ["memory", "redis"] as const) {
    test(
      `${kind}: join checks the URL without fetching it; each event fetches it exactly once`,
      { skip: kind === "redis" && !redisReady ? "redis-server is not installed" : false, timeout: 30_000 },
      async () => {
        const { demo, dependency } = buildApp();
        const backend = await backendFor(kind, demo);
        try {
          hits = 0;
          const sessions = ["u1", "u2", "u3"].map((s) => `${kind}-${s}`);
          const data = [{ path: `http://public.test:${port}/doc.txt`, meta: { _type: "gradio.FileData" } }];
          for (const session of sessions) {
            // What the join route does before queueing: the cheap checks, then the queue keeps the wire values.
            await validateInputs(dependency, data, { files, rootUrl: "http://127.0.0.1" }, session, backend.states);
            await backend.queue.join(jobFor(dependency, data, session));
          }
          for (const session of sessions) {
            const done = (await readAll(backend.channels, session)).find((m) => m.msg === "process_completed") as
              Message | undefined;
            assert.deepEqual(done?.output?.data, ["remote bytes"], JSON.stringify(done));
          }
          assert.equal(hits, sessions.length, "one download per event, none at join");
          // A refused target is still refused at join, with nothing fetched.
          const refused = [{ path: `http://127.0.0.2:${port}/doc.txt`, meta: { _type: "gradio.FileData" } }];
          await assert.rejects(
            validateInputs(dependency, refused, { files, rootUrl: "http://127.0.0.1" }, "refused", backend.states),
            /Document/,
          );
          assert.equal(hits, sessions.length);
        } finally {
          await backend.close();
        }
      },
    );
  }
});
