/**
 * Slow and greedy clients against a real server: headers and bodies that trickle are cut after the
 * (shortened) timeouts and leave no temp file; one client cannot hold more than its share of streams
 * or uploads (429 with Retry-After) while others are still served; what is legitimately long (an upload
 * that keeps sending, an event stream that only beats) is never cut.
 */
import assert from "node:assert/strict";
import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { resolveLimits } from "../src/server/limits.js";
import { resolveSettings } from "../src/server/settings.js";
import { ensureRedis, startRedis, type TestRedis } from "./helpers/redis.js";
import { readSse, startServer, type TestServer } from "./helpers/server.js";
import { selfSignedCert } from "./helpers/tls.js";

const BOUNDARY = "----limits-test-boundary";

function echoApp() {
  return new gr.Blocks({ title: "limits" }, () => {
    const input = new gr.Textbox({ label: "In" });
    const output = new gr.Textbox({ label: "Out" });
    new gr.Button("Go").click({
      fn: function echo(s: string) {
        return s;
      },
      inputs: input,
      outputs: output,
      apiName: "echo",
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface OpenResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The whole body for a refusal; what has arrived so far for a stream. */
  body: string;
  close(): void;
  closed: Promise<void>;
}

/** Opens a request and resolves once the answer's head is in (a stream stays open until `close`). */
function open(
  base: string,
  route: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<OpenResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${base}${route}`,
      { method: options.method ?? "GET", headers: options.headers },
      (response) => {
        const answer: OpenResponse = {
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: "",
          close: () => request.destroy(),
          closed: new Promise((done) => response.once("close", () => done())),
        };
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (answer.body += chunk));
        response.on("error", () => undefined);
        if (answer.status >= 400) response.once("end", () => resolve(answer));
        else resolve(answer);
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

/** A raw connection that records what the server answers and when it closes. */
function rawConnection(base: string): Promise<{ socket: net.Socket; received: () => string; closed: Promise<void> }> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    let text = "";
    const socket = net.connect(Number(port), "127.0.0.1", () => resolve({ socket, received: () => text, closed }));
    const closed = new Promise<void>((done) => socket.once("close", () => done()));
    socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
    socket.on("error", () => undefined);
    socket.once("error", reject);
  });
}

/** Writes `piece` every `everyMs` until the socket closes or `limitMs` passes; resolves with how long it lasted. */
async function trickle(
  socket: net.Socket,
  closed: Promise<void>,
  piece: string,
  everyMs: number,
  limitMs: number,
): Promise<number> {
  const started = Date.now();
  let isClosed = false;
  void closed.then(() => (isClosed = true));
  while (!isClosed && Date.now() - started < limitMs) {
    socket.write(piece);
    await Promise.race([sleep(everyMs), closed]);
  }
  return Date.now() - started;
}

function uploadHead(port: string, bodyLength: number, extraHeaders = ""): string {
  return (
    `POST /gradio_api/upload HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
    `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${bodyLength}\r\n${extraHeaders}\r\n`
  );
}

const partHead = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="slow.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
const partTail = `\r\n--${BOUNDARY}--\r\n`;

async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** The server answers an ordinary request (after a refusal, it must still serve others). */
async function stillServes(base: string, headers: Record<string, string> = {}): Promise<void> {
  const response = await fetch(`${base}/config`, { headers });
  assert.equal(response.status, 200);
  await response.arrayBuffer();
}

async function eventually(check: () => Promise<boolean>, what: string, limitMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > limitMs) assert.fail(`${what} did not happen within ${limitMs} ms`);
    await sleep(50);
  }
}

describe("slow clients (timeouts)", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(echoApp(), { limits: { headersTimeoutSeconds: 1, bodyIdleTimeoutSeconds: 1 } });
  });
  after(async () => server.close());

  test("headers that trickle a line at a time are cut after the headers timeout", async () => {
    const connection = await rawConnection(server.url);
    connection.socket.write("GET /config HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    const lasted = await trickle(connection.socket, connection.closed, "X-Slow: a\r\n", 200, 20_000);
    assert.ok(lasted < 15_000, `the connection was closed (after ${lasted} ms)`);
    assert.match(connection.received(), /^HTTP\/1\.1 408/);
    await stillServes(server.url);
  });

  test("an upload body that trickles below the idle bound is cut: 408, connection closed, no temp file left", async () => {
    const { port } = new URL(server.url);
    const connection = await rawConnection(server.url);
    const total = partHead.length + 1_000_000 + partTail.length;
    connection.socket.write(uploadHead(port, total) + partHead + "x".repeat(1000));
    // One byte every 2 s: the pen test's trickle, only faster than the default bound.
    const lasted = await trickle(connection.socket, connection.closed, "x", 2000, 20_000);
    assert.ok(lasted < 15_000, `the connection was closed (after ${lasted} ms)`);
    assert.match(connection.received(), /^HTTP\/1\.1 408/);
    assert.match(connection.received(), /stopped arriving/);
    assert.doesNotMatch(connection.received(), /\/tmp|gradio-ts-test-cache/);
    await eventually(async () => (await filesIn(server.cacheDir)).length === 0, "temp file removal");
    await stillServes(server.url);
  });

  test("a JSON body that stops half-way is cut too (every route, not just uploads)", async () => {
    const { port } = new URL(server.url);
    const connection = await rawConnection(server.url);
    connection.socket.write(
      `POST /gradio_api/queue/join HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"data": [`,
    );
    await Promise.race([connection.closed, sleep(15_000)]);
    assert.ok(connection.socket.destroyed || connection.socket.readableEnded, "closed");
    assert.match(connection.received(), /^HTTP\/1\.1 408/);
    await stillServes(server.url);
  });

  test("a body trickling a byte more often than the idle bound (the pen test's attack) is cut all the same", async () => {
    const { port } = new URL(server.url);
    const connection = await rawConnection(server.url);
    connection.socket.write(
      `POST /gradio_api/queue/join HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`,
    );
    // A byte every 200 ms: never silent for the 1 s bound, but far under 1 KiB per second.
    const lasted = await trickle(connection.socket, connection.closed, " ", 200, 20_000);
    assert.ok(lasted < 15_000, `the connection was closed (after ${lasted} ms)`);
    assert.match(connection.received(), /^HTTP\/1\.1 408/);
    await stillServes(server.url);
  });

  test("an upload that keeps sending, for several times the idle bound, is not cut", async () => {
    const { port } = new URL(server.url);
    const connection = await rawConnection(server.url);
    const chunk = "y".repeat(64 * 1024);
    const chunks = 12;
    connection.socket.write(uploadHead(port, partHead.length + chunk.length * chunks + partTail.length) + partHead);
    // 12 chunks, 300 ms apart: about 3.6 s in all, over three times the 1 s bound.
    for (let i = 0; i < chunks; i++) {
      assert.equal(connection.socket.destroyed, false, `still open before chunk ${i}`);
      connection.socket.write(chunk);
      await sleep(300);
    }
    connection.socket.write(partTail);
    await eventually(async () => /\r\n\r\n\[/.test(connection.received()), "the upload's answer");
    assert.match(connection.received(), /^HTTP\/1\.1 200/);
    connection.socket.destroy();
  });
});

describe("request timeout and event streams", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(echoApp(), {
      limits: { headersTimeoutSeconds: 1, requestTimeoutSeconds: 1, bodyIdleTimeoutSeconds: 30 },
    });
  });
  after(async () => server.close());

  test("the total request timeout applies to receiving a request (a body still arriving after it is cut)", async () => {
    const { port } = new URL(server.url);
    const connection = await rawConnection(server.url);
    connection.socket.write(uploadHead(port, partHead.length + 1_000_000 + partTail.length) + partHead);
    const lasted = await trickle(connection.socket, connection.closed, "z".repeat(100), 200, 20_000);
    assert.ok(lasted < 15_000, `the connection was closed (after ${lasted} ms)`);
    await eventually(async () => (await filesIn(server.cacheDir)).length === 0, "temp file removal");
    await stillServes(server.url);
  });

  test("an event stream open (only heartbeats) for longer than the request timeout is not cut", async () => {
    const stream = await open(server.url, "/gradio_api/heartbeat/longer-than-timeout");
    assert.equal(stream.status, 200);
    let cut = false;
    void stream.closed.then(() => (cut = true));
    await sleep(3500);
    assert.equal(cut, false, "the stream is still open after 3.5 s with a 1 s request timeout");
    assert.match(stream.body, /ALIVE/);
    stream.close();
  });
});

describe("per-client caps on open streams and uploads", () => {
  let server: TestServer;
  const MAX_STREAMS = 3;
  const MAX_UPLOADS = 2;
  before(async () => {
    server = await startServer(echoApp(), {
      mcpServer: true,
      limits: { maxStreamsPerClient: MAX_STREAMS, maxUploadsPerClient: MAX_UPLOADS },
    });
  });
  after(async () => server.close());

  test("the N+1-th stream of one client gets 429 with Retry-After, on every stream route; others are served", async () => {
    const held = await Promise.all(
      Array.from({ length: MAX_STREAMS }, (_, i) => open(server.url, `/gradio_api/heartbeat/tab${i}`)),
    );
    assert.deepEqual(
      held.map((s) => s.status),
      [200, 200, 200],
    );
    for (const route of [
      "/gradio_api/heartbeat/one-more",
      "/gradio_api/queue/data?session_hash=one-more",
      "/gradio_api/mcp/sse",
    ]) {
      const refused = await open(server.url, route);
      assert.equal(refused.status, 429, route);
      assert.ok(Number(refused.headers["retry-after"]) >= 1, "Retry-After");
      assert.match((JSON.parse(refused.body) as { detail: string }).detail, /Too many open streams/);
    }
    // Another client (behind the trusted loopback proxy, so its forwarded address decides) is served.
    const other = await open(server.url, "/gradio_api/heartbeat/other", {
      headers: { "x-forwarded-for": "203.0.113.7" },
    });
    assert.equal(other.status, 200);
    await stillServes(server.url);

    // Closing a stream frees its slot.
    held[0]!.close();
    await eventually(async () => {
      const next = await open(server.url, "/gradio_api/heartbeat/after-close");
      if (next.status === 200) next.close();
      return next.status === 200;
    }, "a freed slot");
    for (const stream of [...held, other]) stream.close();
  });

  test("the N+1-th concurrent upload of one client gets 429 while another client uploads", async () => {
    const { port } = new URL(server.url);
    const total = partHead.length + 100 + partTail.length;
    const slow = await Promise.all(Array.from({ length: MAX_UPLOADS }, () => rawConnection(server.url)));
    for (const connection of slow) connection.socket.write(uploadHead(port, total) + partHead + "a".repeat(10));
    await sleep(300);

    const form = () => {
      const body = new FormData();
      body.append("files", new Blob(["hello"]), "hello.txt");
      return body;
    };
    const refused = await fetch(`${server.url}/gradio_api/upload`, { method: "POST", body: form() });
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get("retry-after")) >= 1);
    assert.match(((await refused.json()) as { detail: string }).detail, /Too many open uploads/);
    const other = await fetch(`${server.url}/gradio_api/upload`, {
      method: "POST",
      body: form(),
      headers: { "x-forwarded-for": "203.0.113.8" },
    });
    assert.equal(other.status, 200);
    await other.arrayBuffer();

    // Finishing one frees its slot.
    slow[0]!.socket.write("a".repeat(90) + partTail);
    await eventually(async () => /\r\n\r\n\[/.test(slow[0]!.received()), "the slow upload's answer");
    const next = await fetch(`${server.url}/gradio_api/upload`, { method: "POST", body: form() });
    assert.equal(next.status, 200);
    await next.arrayBuffer();
    for (const connection of slow) connection.socket.destroy();
  });
});

describe("per-client caps count signed-in users by name", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(echoApp(), {
      auth: [
        ["alice", "pw"],
        ["bob", "pw"],
      ],
      limits: { maxStreamsPerClient: 1 },
    });
  });
  after(async () => server.close());

  async function signIn(username: string): Promise<string> {
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username, password: "pw" }),
      redirect: "manual",
    });
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    assert.ok(cookie, "signed in");
    return cookie;
  }

  test("two users on one address each have their own slots", async () => {
    const alice = await signIn("alice");
    const bob = await signIn("bob");
    const aliceStream = await open(server.url, "/gradio_api/heartbeat/a", { headers: { cookie: alice } });
    assert.equal(aliceStream.status, 200);
    assert.equal((await open(server.url, "/gradio_api/heartbeat/a2", { headers: { cookie: alice } })).status, 429);
    const bobStream = await open(server.url, "/gradio_api/heartbeat/b", { headers: { cookie: bob } });
    assert.equal(bobStream.status, 200);
    aliceStream.close();
    bobStream.close();
  });
});

describe("HTTP/2 (TLS): streams per connection, caps and stalled bodies", () => {
  let dir: string;
  let server: TestServer;
  let session: http2.ClientHttp2Session;
  let ca: Buffer;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-limits-tls-"));
    const { key, cert } = await selfSignedCert(dir);
    const limits = { maxStreamsPerClient: 2, bodyIdleTimeoutSeconds: 1, headersTimeoutSeconds: 1 };
    server = await startServer(echoApp(), { sslKeyfile: key, sslCertfile: cert, limits });
    ca = await readFile(cert);
    session = http2.connect(server.url, { ca });
    session.on("error", () => undefined);
    await new Promise((resolve) => session.once("remoteSettings", resolve));
  });
  after(async () => {
    session?.destroy();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** One HTTP/2 request on the shared connection; resolves at the answer's head (status and headers). */
  function h2(headers: http2.OutgoingHttpHeaders, body?: string) {
    const stream = session.request(headers, { endStream: body === undefined });
    if (body !== undefined) stream.write(body);
    let text = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => (text += chunk));
    stream.on("error", () => undefined);
    const ended = new Promise<void>((resolve) => stream.once("close", () => resolve()));
    const head = new Promise<http2.IncomingHttpHeaders>((resolve) => stream.once("response", resolve));
    return { stream, head, ended, text: () => text };
  }

  test("the server caps concurrent streams per connection (Node would allow about four billion)", () => {
    assert.equal(session.remoteSettings.maxConcurrentStreams, 128);
  });

  test("the per-client stream cap holds over one multiplexed connection; another client is served", async () => {
    const held = [h2({ ":path": "/gradio_api/heartbeat/h2a" }), h2({ ":path": "/gradio_api/heartbeat/h2b" })];
    for (const stream of held) assert.equal((await stream.head)[":status"], 200);
    const refused = h2({ ":path": "/gradio_api/heartbeat/h2c" });
    const refusedHead = await refused.head;
    await refused.ended;
    assert.equal(refusedHead[":status"], 429);
    assert.ok(Number(refusedHead["retry-after"]) >= 1);
    assert.match(refused.text(), /Too many open streams/);
    const other = h2({ ":path": "/gradio_api/heartbeat/h2d", "x-forwarded-for": "203.0.113.9" });
    assert.equal((await other.head)[":status"], 200);
    for (const stream of [...held, other]) stream.stream.close();
  });

  test("HTTP/1.1 beside HTTP/2 on the TLS port: trickled headers and a stalled body are cut too", async () => {
    const { port } = new URL(server.url);
    const connect = () =>
      new Promise<{ socket: tls.TLSSocket; received: () => string; closed: Promise<void> }>((resolve, reject) => {
        let text = "";
        const socket = tls.connect({ host: "127.0.0.1", port: Number(port), ca, ALPNProtocols: ["http/1.1"] }, () =>
          resolve({ socket, received: () => text, closed }),
        );
        const closed = new Promise<void>((done) => socket.once("close", () => done()));
        socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
        socket.on("error", () => undefined);
        socket.once("error", reject);
      });
    const slowHeaders = await connect();
    slowHeaders.socket.write("GET /config HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    const lasted = await trickle(
      slowHeaders.socket as unknown as net.Socket,
      slowHeaders.closed,
      "X-Slow: a\r\n",
      200,
      20_000,
    );
    assert.ok(lasted < 15_000, `the connection was closed (after ${lasted} ms)`);

    const slowBody = await connect();
    slowBody.socket.write(uploadHead(port, partHead.length + 100_000 + partTail.length) + partHead + "x".repeat(100));
    await Promise.race([slowBody.closed, sleep(15_000)]);
    assert.match(slowBody.received(), /^HTTP\/1\.1 408/);
    await eventually(async () => (await filesIn(server.cacheDir)).length === 0, "temp file removal");
  });

  test("a stalled upload body on an HTTP/2 stream is cut (408) and leaves no temp file; the connection still serves", async () => {
    const upload = h2(
      { ":method": "POST", ":path": "/gradio_api/upload", "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
      partHead + "x".repeat(1000),
    );
    const head = await Promise.race([upload.head, sleep(15_000).then(() => null)]);
    assert.ok(head, "answered");
    assert.equal(head[":status"], 408);
    await upload.ended;
    assert.match(upload.text(), /stopped arriving/);
    await eventually(async () => (await filesIn(server.cacheDir)).length === 0, "temp file removal");
    const config = h2({ ":path": "/config" });
    assert.equal((await config.head)[":status"], 200);
  });
});

describe(
  "per-client stream cap with the Redis backend (each open queue stream holds a Redis connection)",
  { skip: ensureRedis() ? false : "redis-server is not installed" },
  () => {
    let redis: TestRedis;
    let server: TestServer;
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));

    before(async () => {
      redis = await startRedis();
      const demo = new gr.Blocks({ title: "limits-redis" }, () => {
        const input = new gr.Textbox({ label: "In" });
        const output = new gr.Textbox({ label: "Out" });
        const wait = async (s: string) => {
          await gate;
          return s;
        };
        new gr.Button("Go").click({ fn: wait, inputs: input, outputs: output, apiName: "wait", concurrencyLimit: 10 });
      });
      server = await startServer(demo, {
        redisUrl: redis.url,
        redisKeyPrefix: "limits-test",
        limits: { maxStreamsPerClient: 2 },
      });
    });
    after(async () => {
      release();
      await server?.close();
      await redis?.stop();
    });

    const join = async (session: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${server.url}/gradio_api/queue/join`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ data: [session], fn_index: 0, session_hash: session }),
      });
      assert.equal(response.status, 200);
      await response.arrayBuffer();
    };

    test(
      "the third queue stream of one client is refused; another client's runs; the held ones complete",
      { timeout: 60_000 },
      async () => {
        for (const session of ["r1", "r2", "r3"]) await join(session);
        const held = ["r1", "r2"].map((session) =>
          fetch(`${server.url}/gradio_api/queue/data?session_hash=${session}`),
        );
        const heldResponses = await Promise.all(held);
        assert.deepEqual(
          heldResponses.map((r) => r.status),
          [200, 200],
        );
        const refused = await fetch(`${server.url}/gradio_api/queue/data?session_hash=r3`);
        assert.equal(refused.status, 429);
        assert.match(((await refused.json()) as { detail: string }).detail, /Too many open streams/);
        const otherClient = { "x-forwarded-for": "198.51.100.4" };
        await join("o1", otherClient);
        const other = await fetch(`${server.url}/gradio_api/queue/data?session_hash=o1`, { headers: otherClient });
        assert.equal(other.status, 200);
        release();
        for (const response of [...heldResponses, other]) {
          const messages = (await readSse(response)) as { msg: string }[];
          assert.ok(
            messages.some((m) => m.msg === "process_completed"),
            "the event completed on its stream",
          );
        }
      },
    );
  },
);

describe("limits options", () => {
  test("defaults, environment overrides, and an explicit option wins", () => {
    assert.deepEqual(resolveLimits(undefined), {
      maxStreamsPerClient: 100,
      maxUploadsPerClient: 20,
      headersTimeoutSeconds: 30,
      bodyIdleTimeoutSeconds: 30,
      requestTimeoutSeconds: 3600,
    });
    const env = { GRADIO_MAX_STREAMS_PER_CLIENT: "7" };
    assert.equal(resolveSettings(env, {}).limits.maxStreamsPerClient, 7);
    assert.equal(resolveSettings(env, { limits: { maxStreamsPerClient: 9 } }).limits.maxStreamsPerClient, 9);
  });

  test("wrong values stop the launch with a clear message", async () => {
    assert.throws(() => resolveLimits({ maxStreamsPerClient: 0 }), /maxStreamsPerClient must be a whole number/);
    assert.throws(() => resolveLimits({ bodyIdleTimeoutSeconds: -1 }), /bodyIdleTimeoutSeconds must be seconds > 0/);
    assert.throws(() => resolveLimits({ headersTimeoutSeconds: 60, requestTimeoutSeconds: 10 }), /cannot be longer/);
    await assert.rejects(
      () => echoApp().launch({ serverPort: 0, quiet: true, logLevel: "silent", limits: { maxUploadsPerClient: 1.5 } }),
      /maxUploadsPerClient/,
    );
  });
});
