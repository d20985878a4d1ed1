// What goes over the wire: the page's assets precompressed and negotiated, large JSON answers
// compressed, event streams and user files never compressed on the fly.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import * as gr from "gradio-ts";
import { startServer, type TestServer } from "./helpers/server.js";

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET that shows the bytes as sent (fetch would decode them). */
function rawGet(
  url: string,
  acceptEncoding?: string,
  extraHeaders: http.OutgoingHttpHeaders = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers =
      acceptEncoding === undefined ? extraHeaders : { ...extraHeaders, "accept-encoding": acceptEncoding };
    http
      .get(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on("error", reject);
  });
}

function decode(response: RawResponse): Buffer {
  const encoding = response.headers["content-encoding"];
  if (encoding === "br") return brotliDecompressSync(response.body);
  if (encoding === "gzip") return gunzipSync(response.body);
  return response.body;
}

function echoApp() {
  return new gr.Blocks({ title: "compression" }, () => {
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

describe("compression on the wire", () => {
  let server: TestServer;
  let scriptPath: string;
  let scriptBytes: Buffer;

  before(async () => {
    server = await startServer(echoApp());
    const page = await (await fetch(`${server.url}/`)).text();
    const script = /<script[^>]+src="\.?\/?(assets\/[^"]+\.js)"/.exec(page);
    assert.ok(script, "the page names its script");
    scriptPath = script[1]!;
    scriptBytes = await readFile(path.join(import.meta.dirname, "..", "frontend", "dist", scriptPath));
  });
  after(async () => server.close());

  test("assets are sent as brotli, gzip or plain by what the browser accepts, always the same bytes", async () => {
    const cases: [string | undefined, string | undefined][] = [
      ["gzip, deflate, br, zstd", "br"],
      ["gzip", "gzip"],
      ["identity", undefined],
      [undefined, undefined],
    ];
    for (const [accept, expected] of cases) {
      const response = await rawGet(`${server.url}/${scriptPath}`, accept);
      assert.equal(response.status, 200);
      assert.equal(response.headers["content-encoding"], expected, `accept-encoding: ${accept}`);
      assert.match(String(response.headers.vary), /accept-encoding/i);
      assert.match(String(response.headers["content-type"]), /javascript/);
      assert.match(String(response.headers["cache-control"]), /immutable/);
      assert.ok(decode(response).equals(scriptBytes), `byte-identical after decoding (${accept})`);
      if (expected) assert.ok(response.body.length < scriptBytes.length / 2, "compressed to well under half");
    }
  });

  test("only the build's own assets are served: no compressed file by name, no dot-file, no climbing out", async () => {
    for (const name of [
      `${scriptPath}.br`,
      `${scriptPath}.gz`,
      "assets/.hidden.js",
      "assets/../index.html",
      "assets/%2e%2e/index.html",
      "assets/",
    ]) {
      const response = await rawGet(`${server.url}/${name}`, "br");
      assert.ok(response.status === 404 || response.status === 403, `${name}: ${response.status}`);
    }
  });

  test("large JSON answers are compressed; the decoded JSON is what an uncompressed caller gets", async () => {
    for (const route of ["/gradio_api/openapi.json", "/config"]) {
      const plain = await rawGet(`${server.url}${route}`, "identity");
      const compressed = await rawGet(`${server.url}${route}`, "br, gzip");
      assert.equal(plain.headers["content-encoding"], undefined);
      assert.equal(compressed.headers["content-encoding"], "br", route);
      assert.match(String(compressed.headers.vary), /accept-encoding/i);
      assert.deepEqual(JSON.parse(decode(compressed).toString("utf8")), JSON.parse(plain.body.toString("utf8")));
    }
  });

  test("the caller's ratings choose the encoding; x-no-compression and small answers are sent plain", async () => {
    const plain = (await rawGet(`${server.url}/config`, "identity")).body.toString("utf8");
    const cases: [string, (string | undefined)[]][] = [
      ["gzip;q=1, br;q=0.5", ["gzip"]],
      ["br;q=0, gzip", ["gzip"]],
      ["br;q=0.000, gzip;q=0", [undefined]],
      // Any coding will do: either of ours.
      ["*", ["br", "gzip"]],
      ["x-gzip", ["gzip"]],
      ["deflate, zstd", [undefined]],
    ];
    for (const [accept, expected] of cases) {
      const response = await rawGet(`${server.url}/config`, accept);
      const encoding = response.headers["content-encoding"];
      assert.ok(expected.includes(encoding), `accept-encoding: ${accept} got ${String(encoding)}`);
      assert.deepEqual(JSON.parse(decode(response).toString("utf8")), JSON.parse(plain), accept);
    }
    const refused = await rawGet(`${server.url}/config`, "br", { "x-no-compression": "1" });
    assert.equal(refused.headers["content-encoding"], undefined, "x-no-compression");
    const small = await rawGet(`${server.url}/gradio_api/app_id`, "br");
    assert.equal(small.headers["content-encoding"], undefined, "an answer under 1 KB");
    assert.ok(JSON.parse(small.body.toString("utf8")).app_id !== undefined);
  });

  test("event streams are never compressed, so each message arrives as it is sent", async () => {
    const join = await fetch(`${server.url}/gradio_api/call/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ data: ["hi".repeat(2000)] }),
    });
    const { event_id: eventId } = (await join.json()) as { event_id: string };
    const stream = await rawGet(`${server.url}/gradio_api/call/echo/${eventId}`, "gzip, br");
    assert.equal(stream.headers["content-encoding"], undefined);
    assert.match(stream.body.toString("utf8"), /event: complete/);
  });
});
