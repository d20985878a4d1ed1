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
