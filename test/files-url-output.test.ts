/**
 * Remote media in outputs: a fn returning an http(s) URL for an Image, Audio, Video or File output gets
 * the file downloaded into the cache through the one guarded fetcher (as Gradio does), so the page only
 * loads the app's own files. Only 127.0.0.1 traffic: the allow path goes through the fetcher's test hooks
 * (`public.test` → 127.0.0.1), which no launch option can set; the HTTP tests use the real fetcher, which
 * refuses 127.0.0.1.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { FileProcessor, RemoteOutputError } from "../src/files/file-processor.js";
import { isPublicAddress, UrlFetcher } from "../src/files/url-fetch.js";
import { processContext, type TestContext } from "./components-context.js";
import { readSse, startServer } from "./helpers/server.js";

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 7)]);
const WAV = Buffer.concat([Buffer.from("RIFF\0\0\0\0WAVEfmt "), Buffer.alloc(32)]);

describe("remote files in outputs, through the guarded fetcher", () => {
  let server: http.Server;
  let port = 0;
  let base: TestContext;
  let ctx: TestContext;
  const hung: http.ServerResponse[] = [];

  before(async () => {
    server = http.createServer((request, response) => {
      const url = request.url ?? "/";
      if (url === "/cat.png") return void response.writeHead(200, { "content-type": "image/png" }).end(PNG);
      if (url === "/photo?id=3") return void response.writeHead(200, { "content-type": "image/png" }).end(PNG);
      if (url === "/sound.wav") return void response.writeHead(200, { "content-type": "audio/wav" }).end(WAV);
      if (url === "/page.png") return void response.writeHead(200, { "content-type": "text/html" }).end("<p>hi</p>");
      if (url === "/notes.txt") return void response.writeHead(200, { "content-type": "text/plain" }).end("notes");
      if (url === "/big.png")
        return void response.writeHead(200, { "content-type": "image/png" }).end(Buffer.alloc(4096));
      if (url === "/private") {
        response.writeHead(302, { location: "http://10.0.0.9/secret" });
        return void response.end();
      }
      if (url === "/slow.png") return void hung.push(response);
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
    base = await processContext();
    const fetcher = new UrlFetcher({
      resolve: async (name) => (name === "public.test" ? [{ address: "127.0.0.1", family: 4 }] : []),
      isAllowedAddress: (ip) => ip === "127.0.0.1" || isPublicAddress(ip),
    });
    const files = new FileProcessor(base.files.cache, base.files.policy, {
      enabled: true,
      maxBytes: 1024,
      timeoutMs: 500,
      fetcher,
    });
    ctx = { ...base, files };
  });

  after(async () => {
    for (const response of hung) response.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await base.close();
  });

  const at = (file: string) => `http://public.test:${port}${file}`;

  test("an Image URL becomes a cached file served from the app's own file route", async () => {
    const out = await new gr.Image().postprocess(at("/cat.png"), ctx);
    assert.ok(out);
    assert.ok(out.url!.startsWith("http://127.0.0.1:7860/gradio_api/file="), out.url!);
    assert.doesNotMatch(out.url!, /public\.test/);
    assert.equal(out.mime_type, "image/png");
    assert.equal(out.orig_name, "cat.png");
    assert.deepEqual(await readFile(out.path), PNG);
  });

  test("a URL without an extension gets the one its type and bytes agree on, so it is served inline", async () => {
    const out = await new gr.Image().postprocess(at("/photo?id=3"), ctx);
    assert.ok(out!.path.endsWith(".png"), out!.path);
    assert.equal(out!.mime_type, "image/png");
  });

  test("Audio and File outputs download too; a File takes any type", async () => {
    const audio = await new gr.Audio().postprocess(at("/sound.wav"), ctx);
    assert.equal(audio!.mime_type, "audio/wav");
    const file = (await new gr.File().postprocess(at("/notes.txt"), ctx)) as gr.FileData;
    assert.equal(await readFile(file.path, "utf8"), "notes");
  });

  test("refused: a file that is not what the output shows (an HTML page named .png for an Image)", async () => {
    await assert.rejects(new gr.Image().postprocess(at("/page.png"), ctx), (error: unknown) => {
      assert.ok(error instanceof RemoteOutputError);
      assert.match(error.message, /not an image/);
      return true;
    });
    await assert.rejects(new gr.Audio().postprocess(at("/cat.png"), ctx), /not a audio|not an? audio/);
  });

  test("refused: larger than the app accepts", async () => {
    await assert.rejects(new gr.Image().postprocess(at("/big.png"), ctx), /larger than this app accepts/);
  });

  test("refused: a redirect to a private address", async () => {
    await assert.rejects(new gr.Image().postprocess(at("/private"), ctx), /public http\(s\) addresses/);
  });

  test("refused: a server that never answers, after the timeout", async () => {
    await assert.rejects(new gr.Image().postprocess(at("/slow.png"), ctx), /timed out/);
  });

  test("refused: an HTTP error", async () => {
    await assert.rejects(new gr.File().postprocess(at("/missing.png"), ctx), /HTTP 404/);
  });
});

describe("over HTTP, the app's own fetcher", () => {
  test("a private or loopback URL an output names is refused, the error names the output, the app keeps serving", async () => {
    const demo = new gr.Interface({
      fn: (url: string) => url,
      inputs: new gr.Textbox(),
      outputs: new gr.Image({ label: "Picture" }),
      apiName: "show",
    });
    const server = await startServer(demo, { showError: false });
    try {
      for (const url of ["http://127.0.0.1:1/cat.png", "http://169.254.169.254/latest/meta-data/x.png"]) {
        const started = await fetch(`${server.url}/gradio_api/call/show`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ data: [url] }),
        });
        const { event_id: eventId } = (await started.json()) as { event_id: string };
        const result = await fetch(`${server.url}/gradio_api/call/show/${eventId}`);
        const text = await result.text();
        assert.match(text, /event: error/);
        assert.match(text, /Output 1 \\"Picture\\" \(image\): Cannot download the file: only files at public/);
        assert.doesNotMatch(text, /169\.254|127\.0\.0\.1/);
      }
      const info = await fetch(`${server.url}/gradio_api/info`);
      assert.equal(info.status, 200);
    } finally {
      await server.close();
    }
  });

  test("the SSE queue reports the same error to a browser-style caller", async () => {
    const demo = new gr.Interface({ fn: () => "http://10.1.2.3/a.mp4", inputs: [], outputs: new gr.Video() });
    const server = await startServer(demo);
    try {
      const hash = "remote-output-test";
      const join = await fetch(`${server.url}/gradio_api/queue/join`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ data: [], fn_index: 0, session_hash: hash }),
      });
      assert.equal(join.status, 200);
      const messages = (await readSse(await fetch(`${server.url}/gradio_api/queue/data?session_hash=${hash}`))) as {
        msg?: string;
        output?: { error?: string };
      }[];
      const done = messages.find((m) => m.msg === "process_completed");
      assert.match(String(done?.output?.error), /Output 1 "output" \(video\): Cannot download the file/);
    } finally {
      await server.close();
    }
  });
});
