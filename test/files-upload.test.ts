/**
 * Uploads against a real server (U01–U07 of security-rules.md): the size limit while streaming,
 * names never used as paths, multipart abuse answered fast with a 4xx, and uploaded content served
 * so that nothing in it can run on the app's origin.
 */
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";

let root = "";
let cacheDir = "";
let app: gr.RunningApp;
const LIMIT = gr.FileSize.MB * 5;

/** Sends a multipart body in chunks (never whole in memory) and resolves with the answer, even when the server closes early. */
function postRaw(body: Iterable<Buffer>, contentType: string): Promise<{ status: number; body: string; ms: number }> {
  const { port } = new URL(app.url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let settled = false;
    const request = http.request(
      { host: "127.0.0.1", port, path: "/gradio_api/upload", method: "POST", headers: { "content-type": contentType } },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString()));
        response.on("end", () => {
          settled = true;
          resolve({ status: response.statusCode ?? 0, body: text, ms: performance.now() - started });
        });
      },
    );
    request.on("error", (error) => {
      // The server may close the socket while we are still writing: that is the refusal working.
      if (!settled) setTimeout(() => (settled ? undefined : reject(error)), 200);
    });
    const chunks = body[Symbol.iterator]();
    const pump = () => {
      for (let next = chunks.next(); !next.done; next = chunks.next()) {
        if (request.destroyed) return;
        if (!request.write(next.value)) return void request.once("drain", pump);
      }
      request.end();
    };
    pump();
  });
}

const BOUNDARY = "----gradio-ts-test-boundary";
const CONTENT_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

function* filePart(
  name: string,
  size: number,
  header = `Content-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: application/octet-stream`,
): Generator<Buffer> {
  yield Buffer.from(`--${BOUNDARY}\r\n${header}\r\n\r\n`);
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  for (let sent = 0; sent < size; sent += chunk.length) yield chunk.subarray(0, Math.min(chunk.length, size - sent));
  yield Buffer.from("\r\n");
}

function* multipartBody(...parts: Iterable<Buffer>[]): Generator<Buffer> {
  for (const part of parts) yield* part;
  yield Buffer.from(`--${BOUNDARY}--\r\n`);
}

async function upload(name: string, content: BlobPart, type = "application/octet-stream"): Promise<string> {
  const form = new FormData();
  form.append("files", new Blob([content], { type }), name);
  const response = await fetch(`${app.url}/gradio_api/upload`, { method: "POST", body: form });
  assert.equal(response.status, 200, await response.clone().text());
  const [stored] = (await response.json()) as [string];
  return stored;
}

async function cacheFiles(): Promise<string[]> {
  const found: string[] = [];
  for (const area of ["files", "incoming"]) {
    const dir = path.join(cacheDir, area);
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])) {
      if (entry.isFile()) found.push(path.join(entry.parentPath, entry.name));
    }
  }
  return found;
}

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-files-upload-"));
  cacheDir = path.join(root, "cache");
  const demo = new gr.Interface({ fn: (p) => p, inputs: "file", outputs: "file" });
  // U04 loads one client with 1,000 parallel uploads: the per-client cap (tested on its own) is lifted here.
  const limits = { maxUploadsPerClient: 1000 };
  app = await demo.launch({ serverPort: 0, quiet: true, logLevel: "silent", maxFileSize: "5mb", cacheDir, limits });
});

after(async () => {
  await app?.close();
  await rm(root, { recursive: true, force: true });
});

describe("uploads (U01–U07)", () => {
  test('the size setting: "5mb" and gr.FileSize.MB * 5 are the same 1024-based limit', async () => {
    const config = (await (await fetch(`${app.url}/config`)).json()) as { max_file_size: number };
    assert.equal(config.max_file_size, LIMIT);
    assert.equal(LIMIT, 5 * 1024 * 1024);
  });

  test("U01 a 6 MB upload to a 5 MB app: 413, and no file left behind", async () => {
    const before = await cacheFiles();
    const response = await postRaw(multipartBody(filePart("big.bin", 6 * 1024 * 1024)), CONTENT_TYPE);
    assert.equal(response.status, 413);
    assert.match(response.body, /maximum allowed size of 5242880 bytes/);
    assert.deepEqual(await cacheFiles(), before);
  });

  test("U01 a file exactly at the limit is accepted", async () => {
    const response = await postRaw(multipartBody(filePart("exact.bin", LIMIT)), CONTENT_TYPE);
    assert.equal(response.status, 200);
    const [stored] = JSON.parse(response.body) as [string];
    assert.equal((await readFile(stored)).length, LIMIT);
  });

  test("U01 a small file then a big one in the same request: 413, and neither is kept", async () => {
    const before = await cacheFiles();
    const response = await postRaw(
      multipartBody(filePart("small-unique.bin", 1234), filePart("big.bin", 6 * 1024 * 1024)),
      CONTENT_TYPE,
    );
    assert.equal(response.status, 413);
    assert.deepEqual(await cacheFiles(), before);
  });

  test("U02 names are never paths: stored under a generated folder with a safe last segment", async () => {
    for (const [name, expected] of [
      ["../../x", "x"],
      ["/etc/x", "x"],
      ["..\\..\\x", "x"],
      ["..", null],
      ["a:b?c#d%e.txt", "abcde.txt"],
    ] as const) {
      const stored = await upload(name, `content of ${name}`);
      const folder = path.dirname(stored);
      assert.equal(path.dirname(folder), path.join(cacheDir, "files"), `${name} stored outside the cache: ${stored}`);
      assert.match(path.basename(folder), /^[0-9a-f]{64}$/);
      if (expected) assert.equal(path.basename(stored), expected);
      else assert.match(path.basename(stored), /^tmp[0-9a-f]{10}$/);
      assert.equal(await readFile(stored, "utf8"), `content of ${name}`);
    }
    const outside = await readdir(root);
    assert.deepEqual(outside.sort(), ["cache"], "nothing written beside the cache");
  });

  test("U03 a boundary longer than 70 characters: 400 fast", async () => {
    const long = "b".repeat(5000);
    const response = await postRaw(
      [
        Buffer.from(
          `--${long}\r\nContent-Disposition: form-data; name="files"; filename="a"\r\n\r\nx\r\n--${long}--\r\n`,
        ),
      ],
      `multipart/form-data; boundary=${long}`,
    );
    assert.equal(response.status, 400);
  });

  test("U03 a missing boundary and a malformed body: 4xx, never 500", async () => {
    const noBoundary = await postRaw([Buffer.from("hello")], "multipart/form-data");
    assert.ok(noBoundary.status >= 400 && noBoundary.status < 500, String(noBoundary.status));
    const garbage = await postRaw([Buffer.from(`--${BOUNDARY}\r\nthis is not a header block`)], CONTENT_TYPE);
    assert.ok(garbage.status >= 400 && garbage.status < 500, `${garbage.status} ${garbage.body}`);
    const notMultipart = await fetch(`${app.url}/gradio_api/upload`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "x",
    });
    assert.ok(notMultipart.status >= 400 && notMultipart.status < 500);
  });

  test("U03 thousands of parts: 413 fast, nothing kept", async () => {
    const before = await cacheFiles();
    const fields = Array.from({ length: 5000 }, (_, i) =>
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`),
    );
    const manyFields = await postRaw(multipartBody(fields), CONTENT_TYPE);
    assert.equal(manyFields.status, 413);
    const files = Array.from({ length: 1500 }, (_, i) => filePart(`f${i}.txt`, 3));
    const manyFiles = await postRaw(multipartBody(...files), CONTENT_TYPE);
    assert.equal(manyFiles.status, 413);
    assert.ok(manyFields.ms < 5000 && manyFiles.ms < 5000, "answered quickly");
    assert.deepEqual(await cacheFiles(), before);
  });

  test("U04 1,000 parallel uploads: all accounted for, server alive", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, i) => upload(`p${i}.txt`, `parallel ${i}`)),
    );
    for (const [i, result] of results.entries()) {
      if (result.status === "fulfilled") assert.equal(await readFile(result.value, "utf8"), `parallel ${i}`);
    }
    assert.ok(results.filter((r) => r.status === "fulfilled").length >= 990, "nearly all uploads succeed");
    assert.equal((await fetch(`${app.url}/config`)).status, 200);
  });

  test("U05 an HTML page uploaded as an image is served with nosniff as an attachment", async () => {
    const stored = await upload("cat.png", "<html><script>alert(document.cookie)</script></html>", "image/png");
    const response = await fetch(`${app.url}/gradio_api/file=${stored}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
    assert.equal(response.headers.get("content-type"), "application/octet-stream");
    assert.match(response.headers.get("content-disposition") ?? "", /^attachment/);
    assert.match(response.headers.get("content-security-policy") ?? "", /sandbox/);
  });

  test("U05 a real PNG is served inline as image/png", async () => {
    const png = Buffer.from(
      "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
      "hex",
    );
    const stored = await upload("dot.png", png, "image/png");
    const response = await fetch(`${app.url}/gradio_api/file=${stored}`);
    assert.equal(response.headers.get("content-type"), "image/png");
    assert.match(response.headers.get("content-disposition") ?? "", /^inline/);
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), png);
  });

  test("U06 a 1 MB file name, field name or part type: 413 fast", async () => {
    const huge = "n".repeat(1024 * 1024);
    for (const header of [
      `Content-Disposition: form-data; name="files"; filename="${huge}"`,
      `Content-Disposition: form-data; name="files"; filename="a.txt"\r\nContent-Type: ${huge}`,
      `Content-Disposition: form-data; name="${huge}"; filename="a.txt"`,
    ]) {
      const response = await postRaw(multipartBody(filePart("", 10, header)), CONTENT_TYPE);
      assert.equal(response.status, 413, response.body);
      assert.ok(response.ms < 5000);
    }
  });

  test("U07 uploaded .html, .svg and .js are served as attachments, sandboxed", async () => {
    for (const [name, content] of [
      ["page.html", "<script>alert(1)</script>"],
      ["image.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
      ["code.js", "alert(1)"],
      ["page.htm", "<script>alert(1)</script>"],
      ["page.xhtml", "<script>alert(1)</script>"],
    ]) {
      const stored = await upload(name!, content!, "text/html");
      const response = await fetch(`${app.url}/gradio_api/file=${stored}`);
      assert.equal(response.headers.get("content-type"), "application/octet-stream", name);
      assert.match(response.headers.get("content-disposition") ?? "", /^attachment/, name);
      assert.equal(response.headers.get("x-content-type-options"), "nosniff");
      assert.match(response.headers.get("content-security-policy") ?? "", /default-src 'none'; sandbox/);
    }
  });

  test("U08 bidi and invisible characters never reach a stored name, an orig_name or a download's file name", async () => {
    const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b\ufeff\u0000-\u001f\u007f-\u009f]/;
    const name = "invoice\u202egnp.exe";
    const stored = await upload(name, "not really an exe");
    assert.equal(path.basename(stored), "invoicegnp.exe");
    const post = await fetch(`${app.url}/gradio_api/call/lambda`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        data: [{ path: stored, orig_name: `\u2067${name}\u200f`, meta: { _type: "gradio.FileData" } }],
      }),
    });
    assert.equal(post.status, 200);
    const { event_id: eventId } = (await post.json()) as { event_id: string };
    const text = await (await fetch(`${app.url}/gradio_api/call/lambda/${eventId}`)).text();
    const match = /event: complete\ndata: (.*)\n/.exec(text);
    assert.ok(match, text);
    const [output] = JSON.parse(match[1]!) as [{ orig_name: string; url: string }];
    assert.doesNotMatch(output.orig_name, BIDI);
    assert.equal(output.orig_name, "invoicegnp.exe");
    const download = await fetch(output.url);
    assert.equal(download.status, 200);
    const disposition = download.headers.get("content-disposition") ?? "";
    assert.doesNotMatch(decodeURIComponent(disposition), BIDI);
    assert.match(disposition, /filename\*=UTF-8''invoicegnp\.exe/);
    assert.equal(await download.text(), "not really an exe");
  });

  test("ranges and HEAD on an uploaded file", async () => {
    const stored = await upload("r.txt", "0123456789");
    const ranged = await fetch(`${app.url}/gradio_api/file=${stored}`, { headers: { range: "bytes=2-5" } });
    assert.equal(ranged.status, 206);
    assert.equal(await ranged.text(), "2345");
    const head = await fetch(`${app.url}/gradio_api/file=${stored}`, { method: "HEAD" });
    assert.equal(head.headers.get("content-length"), "10");
    const bad = await fetch(`${app.url}/gradio_api/file=${stored}`, { headers: { range: "bytes=50-60" } });
    assert.equal(bad.status, 416);
  });
});
