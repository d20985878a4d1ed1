// An event stream sends the frames written in one turn of the event loop as one HTTP chunk (one socket
// write), and every frame still arrives, in order, before the stream ends.
import assert from "node:assert/strict";
import { connect } from "node:net";
import { test } from "node:test";
import Fastify from "fastify";
import { openSse } from "../src/server/sse.js";

/** The raw HTTP/1.1 answer to a GET, as the bytes arrived. */
function rawGet(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
    );
    let raw = "";
    socket.on("data", (chunk: Buffer) => (raw += chunk.toString("latin1")));
    socket.on("end", () => resolve(raw));
    socket.on("error", reject);
  });
}

/** The bodies of the chunks of a chunked transfer encoding, the final empty one left out. */
function chunks(raw: string): string[] {
  let rest = raw.slice(raw.indexOf("\r\n\r\n") + 4);
  const bodies: string[] = [];
  for (;;) {
    const lineEnd = rest.indexOf("\r\n");
    const size = Number.parseInt(rest.slice(0, lineEnd), 16);
    if (!(size > 0)) return bodies;
    bodies.push(rest.slice(lineEnd + 2, lineEnd + 2 + size));
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}

test("frames written in one turn go out as one chunk; a later turn's frames as the next; all before the end", async (t) => {
  const app = Fastify({ forceCloseConnections: true });
  app.get("/stream", async (request, reply) => {
    const stream = openSse(request, reply);
    stream.write("data: 1\n\n");
    stream.write("data: 2\n\n");
    setTimeout(() => {
      stream.write("data: 3\n\n");
      stream.write("data: 4\n\n");
      stream.end();
    }, 20);
    return reply;
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  t.after(() => app.close());
  const { port } = app.server.address() as { port: number };
  const raw = await rawGet(port, "/stream");
  assert.match(raw, /^HTTP\/1\.1 200/);
  assert.match(raw, /transfer-encoding: chunked/i);
  assert.deepEqual(chunks(raw), ["data: 1\n\ndata: 2\n\n", "data: 3\n\ndata: 4\n\n"]);
});

test("nothing is written after the client has gone", async (t) => {
  // Closing the app must not wait out the keep-alive of a connection the client abandoned mid-stream.
  const app = Fastify({ forceCloseConnections: true });
  let afterClose: Promise<void> | undefined;
  app.get("/stream", async (request, reply) => {
    const stream = openSse(request, reply);
    stream.write("data: 1\n\n");
    afterClose = new Promise((resolve) =>
      stream.signal.addEventListener("abort", () => {
        // A write after the client left is dropped quietly, and ending twice is harmless.
        stream.write("data: late\n\n");
        stream.end();
        stream.end();
        resolve();
      }),
    );
    return reply;
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  t.after(() => app.close());
  const { port } = app.server.address() as { port: number };
  const response = await fetch(`http://127.0.0.1:${port}/stream`);
  const reader = response.body!.getReader();
  const first = await reader.read();
  assert.equal(new TextDecoder().decode(first.value), "data: 1\n\n");
  await reader.cancel();
  await afterClose;
});

/** Counts the writes a socket hands to the operating system (a corked batch is one). */
function countSocketWrites(socket: import("node:net").Socket): () => number {
  let writes = 0;
  const internals = socket as unknown as Record<"_write" | "_writev", (...args: unknown[]) => void>;
  for (const method of ["_write", "_writev"] as const) {
    const original = internals[method].bind(socket);
    internals[method] = (...args: unknown[]) => {
      writes++;
      original(...args);
    };
  }
  return () => writes;
}

test("the last frames and the end of the response go out in one socket write, headers included", async (t) => {
  const app = Fastify();
  let writes: (() => number) | undefined;
  app.get("/stream", async (request, reply) => {
    writes = countSocketWrites(request.raw.socket);
    const stream = openSse(request, reply);
    stream.write("event: complete\ndata: [1]\n\n");
    stream.end();
    return reply;
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  t.after(() => app.close());
  const { port } = app.server.address() as { port: number };
  const raw = await rawGet(port, "/stream");
  // A stream whose every frame is known when it opens is one whole response: head, frames and end.
  assert.deepEqual(chunks(raw), ["event: complete\ndata: [1]\n\n"]);
  assert.ok(raw.endsWith("0\r\n\r\n"), "the response ends");
  assert.equal(writes?.(), 1);
});

test("the headers the reply was given before the stream opened go out with it, in their order", async (t) => {
  const app = Fastify();
  app.addHook("onRequest", async (_request, reply) => {
    reply.raw.setHeader("x-content-type-options", "nosniff");
    reply.header("access-control-allow-origin", "https://a.example").header("vary", "Origin");
  });
  app.get("/stream", async (request, reply) => {
    const stream = openSse(request, reply);
    stream.write("data: 1\n\n");
    stream.end();
    return reply;
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  t.after(() => app.close());
  const { port } = app.server.address() as { port: number };
  const raw = await rawGet(port, "/stream");
  const names = raw
    .slice(0, raw.indexOf("\r\n\r\n"))
    .split("\r\n")
    .slice(1)
    .map((line) => line.slice(0, line.indexOf(":")).toLowerCase());
  assert.deepEqual(names.slice(0, 6), [
    "x-content-type-options",
    "access-control-allow-origin",
    "vary",
    "content-type",
    "cache-control",
    "x-accel-buffering",
  ]);
  assert.match(raw, /content-type: text\/event-stream; charset=utf-8\r\n/);
});

test("after frames already sent, the last ones and the end of the chunked response share one socket write", async (t) => {
  const app = Fastify();
  let writes: (() => number) | undefined;
  app.get("/stream", async (request, reply) => {
    writes = countSocketWrites(request.raw.socket);
    const stream = openSse(request, reply);
    stream.write("data: 1\n\n");
    setTimeout(() => {
      stream.write("data: 2\n\n");
      stream.end();
    }, 20);
    return reply;
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  t.after(() => app.close());
  const { port } = app.server.address() as { port: number };
  const raw = await rawGet(port, "/stream");
  assert.deepEqual(chunks(raw), ["data: 1\n\n", "data: 2\n\n"]);
  assert.match(raw, /\r\n0\r\n\r\n$/);
  // The headers with the first frame; the second frame with the chunked encoding's final empty chunk.
  assert.equal(writes?.(), 2);
});
