// MCP tool results carry file bytes only for files the app itself published for that output: a caller's
// file-shaped object passed through a JSON, dict or BrowserState output is data, never a path to read.
import assert from "node:assert/strict";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import sharp from "sharp";
import * as gr from "gradio-ts";
import type { FilePolicy } from "../src/files/access.js";
import { readServableFile } from "../src/files/resolve.js";
import { ensureRedis, startRedis, type TestRedis } from "./helpers/redis.js";
import { startServer, type TestServer } from "./helpers/server.js";

type Content = { type: string; text?: string; data?: string; mimeType?: string };
type CallResult = { content: Content[]; isError?: boolean; structuredContent?: Record<string, unknown> };

const SSE_CLIENT = "@modelcontextprotocol/sdk/client/sse.js";
type Transport = Parameters<Client["connect"]>[0];
type SseTransportClass = new (url: URL) => Transport;

async function connect(url: string, transport: "http" | "sse" = "http"): Promise<Client> {
  const client = new Client({ name: "gradio-ts-files-test", version: "1.0.0" });
  if (transport === "http") {
    await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/gradio_api/mcp/`)));
  } else {
    const { SSEClientTransport } = (await import(SSE_CLIENT)) as { SSEClientTransport: SseTransportClass };
    await client.connect(new SSEClientTransport(new URL(`${url}/gradio_api/mcp/sse`)));
  }
  return client;
}

function buildApp() {
  return new gr.Blocks({ title: "MCP files" }, () => {
    const input = new gr.JSON({ label: "Value" });
    const echoed = new gr.JSON({ label: "Echo" });
    const wrapped = new gr.JSON({ label: "Wrapped" });
    const stored = new gr.BrowserState<unknown>(null);
    const picture = new gr.Image({ label: "Picture" });
    const color = new gr.Textbox({ label: "Color" });
    const upload = new gr.File({ label: "Upload" });
    const size = new gr.Number({ label: "Size" });
    const run = new gr.Button("Run");
    run.click({
      fn: async (f: string | string[]) => (await stat(f as string)).size,
      inputs: upload,
      outputs: size,
      apiName: "measure",
    });
    run.click({ fn: (v: unknown) => v, inputs: input, outputs: echoed, apiName: "echo" });
    run.click({ fn: (v: unknown) => ({ received: v }), inputs: input, outputs: wrapped, apiName: "wrap" });
    run.click({ fn: (v: unknown) => v, inputs: input, outputs: stored, apiName: "remember" });
    run.click({
      fn: async (c: string) => {
        const background = c === "red" ? { r: 255, g: 0, b: 0 } : { r: 0, g: 0, b: 255 };
        return new Uint8Array(
          await sharp({ create: { width: 3, height: 3, channels: 3, background } })
            .png()
            .toBuffer(),
        );
      },
      inputs: color,
      outputs: picture,
      apiName: "paint",
    });
  });
}

describe("MCP results read only the files the app published for that output", () => {
  let server: TestServer;
  let client: Client;
  let sourceFile: string;

  before(async () => {
    server = await startServer(buildApp(), { mcpServer: true });
    client = await connect(server.url);
    // A private file of the app's own (its source, say): never served, so never read for a caller either.
    sourceFile = path.join(server.cacheDir, "app-source.png");
    await writeFile(sourceFile, "const SECRET = 'do not leak';\n", { mode: 0o600 });
  });
  after(async () => {
    await client?.close();
    await server.close();
  });

  const call = async (name: string, value: unknown) =>
    (await client.callTool({ name, arguments: { v: value } })) as CallResult;
  const images = (result: CallResult) => result.content.filter((c) => c.type === "image");

  async function paint(color: string): Promise<{ result: CallResult; cachePath: string }> {
    const result = (await client.callTool({ name: "paint", arguments: { c: color } })) as CallResult;
    assert.equal(result.isError ?? false, false, JSON.stringify(result));
    const url = result.content[0]!.text!;
    const cachePath = decodeURIComponent(url.slice(url.indexOf("/gradio_api/file=") + "/gradio_api/file=".length));
    return { result, cachePath };
  }

  test("a legitimate image output still comes back as MCP image content", async () => {
    const { result } = await paint("red");
    const [image] = images(result);
    assert.equal(image?.mimeType, "image/png");
    assert.equal(Buffer.from(image!.data!, "base64").subarray(1, 4).toString(), "PNG");
  });

  for (const [label, target] of [
    ["/etc/passwd", "/etc/passwd"],
    ["/proc/self/environ", "/proc/self/environ"],
    ["/dev/zero", "/dev/zero"],
  ] as const) {
    test(`R2-01: a FileData of ${label} passed through JSON, dict and BrowserState outputs is returned as data, unread`, async () => {
      const attack = { path: target, mime_type: "image/png", meta: { _type: "gradio.FileData" } };
      for (const tool of ["echo", "wrap", "remember"]) {
        const result = await call(tool, attack);
        assert.equal(result.isError ?? false, false, `${tool}: ${JSON.stringify(result).slice(0, 300)}`);
        assert.deepEqual(images(result), [], `${tool} must not read ${target}`);
        const text = result.content.map((c) => c.text ?? "").join("");
        assert.ok(text.length < 2000, `${tool}: no file contents in the text`);
        assert.ok(!/root:|PATH=|HOME=/.test(text), `${tool}: no file contents in the text`);
        assert.ok(text.includes(JSON.stringify(target)), `${tool}: the value comes back as the data it was`);
      }
    });
  }

  test("R2-01: a mode-0600 file of the app is not read, whatever it is named", async () => {
    for (const tool of ["echo", "wrap", "remember"]) {
      const result = await call(tool, { path: sourceFile, mime_type: "image/png" });
      assert.deepEqual(images(result), []);
      assert.ok(!JSON.stringify(result).includes("do not leak"));
    }
  });

  test("R2-01b: another event's real cache file is not read back through a passthrough output", async () => {
    const { cachePath } = await paint("blue");
    assert.ok(cachePath.startsWith(server.cacheDir), "the painted image is a cache file");
    for (const tool of ["echo", "wrap", "remember"]) {
      const result = await call(tool, { path: cachePath, mime_type: "image/png", meta: { _type: "gradio.FileData" } });
      assert.deepEqual(images(result), [], `${tool} must not read another event's file`);
    }
  });

  test("R2-01c: a file input naming a host path through this app's own file URL is refused, not read", async () => {
    for (const target of ["/etc/passwd", "/proc/self/environ", "/dev/zero", sourceFile]) {
      const result = (await client.callTool({
        name: "measure",
        arguments: { f: `${server.url}/gradio_api/file=${target}` },
      })) as CallResult;
      assert.equal(result.isError, true, `${target}: ${JSON.stringify(result)}`);
      assert.match(result.content[0]!.text!, /not uploaded/);
    }
    const uploaded = (await client.callTool({
      name: "measure",
      arguments: { f: `data:text/plain;base64,${Buffer.from("12345").toString("base64")}` },
    })) as CallResult;
    assert.deepEqual(uploaded.structuredContent, { Size: 5 });
  });

  test("R2-01: the SSE transport follows the same rule", async () => {
    const sse = await connect(server.url, "sse");
    try {
      const attack = (await sse.callTool({
        name: "echo",
        arguments: { v: { path: "/etc/passwd", mime_type: "image/png" } },
      })) as CallResult;
      assert.deepEqual(images(attack), []);
      const legit = (await sse.callTool({ name: "paint", arguments: { c: "red" } })) as CallResult;
      assert.equal(images(legit).length, 1);
    } finally {
      await sse.close();
    }
  });

  test("the server still serves others after the attempts", async () => {
    const { result, cachePath } = await paint("red");
    assert.equal(images(result).length, 1);
    const fetched = await fetch(`${server.url}/gradio_api/file=${cachePath}`);
    assert.equal(fetched.status, 200);
    assert.equal(fetched.headers.get("content-type"), "image/png");
    assert.equal((await fetch(`${server.url}/gradio_api/file=/etc/passwd`)).status, 403);
  });
});

describe("readServableFile: the bounded read behind MCP image content", () => {
  const policyFor = (cacheDir: string, allowedPaths: string[] = []): FilePolicy => ({
    cacheDir,
    allowedPaths,
    blockedPaths: [],
    privatePaths: [],
    staticPaths: [],
    workingDir: process.cwd(),
    tempDir: os.tmpdir(),
    caseInsensitive: false,
  });

  test("R2-01d: reads a servable file, refuses one over the bound, and never opens a device", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-bounded-read-"));
    try {
      const file = path.join(dir, "small.bin");
      await writeFile(file, Buffer.alloc(2048, 7));
      const read = await readServableFile(file, policyFor(dir), 4096);
      assert.equal(read.ok && read.bytes.byteLength, 2048);
      assert.deepEqual(await readServableFile(file, policyFor(dir), 1024), { ok: false, reason: "too-large" });
      // Even where a setting names /dev and /proc, a device is no regular file and /proc is refused by size.
      assert.deepEqual(await readServableFile("/dev/zero", policyFor(dir, ["/dev"]), 1024), {
        ok: false,
        reason: "refused",
      });
      assert.deepEqual(await readServableFile("/etc/passwd", policyFor(dir), 1 << 20), {
        ok: false,
        reason: "refused",
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("R2-01d: a file whose real size exceeds what fstat reported is refused past the bound, not read whole", async () => {
    // /proc files report size 0 and hold more: a policy naming /proc must still get a bounded read.
    const read = await readServableFile("/proc/self/maps", policyFor("/nonexistent", ["/proc"]), 64);
    assert.deepEqual(read, { ok: false, reason: "too-large" });
  });
});

describe(
  "MCP file results with the Redis backend",
  { skip: ensureRedis() ? false : "redis-server is not installed" },
  () => {
    let redis: TestRedis;
    let server: TestServer;
    before(async () => {
      redis = await startRedis();
      server = await startServer(buildApp(), { mcpServer: true, redisUrl: redis.url, redisKeyPrefix: "mcp-files" });
    });
    after(async () => {
      await server?.close();
      await redis?.stop();
    });

    test("R2-01: a passthrough FileData is data, a published image is image content", async () => {
      const client = await connect(server.url);
      try {
        const attack = (await client.callTool({
          name: "echo",
          arguments: { v: { path: "/etc/passwd", mime_type: "image/png" } },
        })) as CallResult;
        assert.equal(attack.isError ?? false, false);
        assert.deepEqual(
          attack.content.filter((c) => c.type === "image"),
          [],
        );
        assert.ok(!JSON.stringify(attack).includes("root:"));
        const legit = (await client.callTool({ name: "paint", arguments: { c: "red" } })) as CallResult;
        assert.equal(legit.content.filter((c) => c.type === "image").length, 1);
      } finally {
        await client.close();
      }
    });
  },
);
