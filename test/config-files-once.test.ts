/**
 * A page load does not copy the developer's files again (R2-07): a default value and an example of
 * 8 MB are copied into the cache once; 20 `GET /config` later the copy is the same file (same inode,
 * same modification time), the process wrote far less than one more copy, and the URL in the config
 * still serves the bytes. Editing the file is picked up by the next config. A real server, real HTTP.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { startServer, type TestServer } from "./helpers/server.js";

const SIZE = 8 * 1024 * 1024;
const LOADS = 20;
let root = "";
let video = "";
let server: TestServer;

interface FileValue {
  path: string;
  url: string;
}

interface ConfigShape {
  components: { type: string; props: { value?: FileValue | null; samples?: (FileValue | null)[][] } }[];
}

/** The files the config hands out: the File's default value, the Dataset's sample, the Image's value. */
async function configFiles(): Promise<{ value: FileValue; sample: FileValue; image: FileValue }> {
  const response = await fetch(`${server.url}/config`);
  assert.equal(response.status, 200);
  const config = (await response.json()) as ConfigShape;
  const value = config.components.find((c) => c.type === "file")!.props.value!;
  const sample = config.components.find((c) => c.type === "dataset")!.props.samples![0]![0]!;
  const image = config.components.find((c) => c.type === "image")!.props.value!;
  return { value, sample, image };
}

/** Bytes this process has passed to write(2) so far (files and sockets alike). */
async function bytesWritten(): Promise<number> {
  const io = await readFile("/proc/self/io", "utf8");
  return Number(/^wchar: (\d+)$/m.exec(io)![1]);
}

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-config-once-"));
  video = path.join(root, "example.mp4");
  await writeFile(video, randomBytes(SIZE));
  const demo = new gr.Blocks({}, () => {
    const file = new gr.File({ label: "video", value: video });
    new gr.Dataset({ components: [file], samples: [[video]] });
    // Pixels as a default: encoded on each load, but the same bytes are not written again.
    new gr.Image({
      label: "pixels",
      value: { width: 256, height: 256, channels: 3, data: randomBytes(256 * 256 * 3) },
    });
  });
  server = await startServer(demo);
});
after(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe("developer files are copied once, not on every page load (R2-07)", () => {
  test(`${LOADS} page loads: the same cached copy, no new copy written`, async () => {
    const first = await configFiles();
    assert.equal(first.value.path, first.sample.path, "the default and the example share one copy");
    const before = await stat(first.value.path);
    const imageBefore = await stat(first.image.path);
    const written = existsSync("/proc/self/io") ? await bytesWritten() : null;
    for (let i = 0; i < LOADS; i++) {
      const again = await configFiles();
      assert.equal(again.value.path, first.value.path);
      assert.equal(again.sample.path, first.value.path);
      assert.equal(again.image.path, first.image.path);
    }
    const after = await stat(first.value.path);
    assert.equal(after.ino, before.ino, "the cached file was not replaced");
    assert.equal(after.mtimeMs, before.mtimeMs, "the cached file was not rewritten");
    const imageAfter = await stat(first.image.path);
    assert.deepEqual(
      [imageAfter.ino, imageAfter.mtimeMs],
      [imageBefore.ino, imageBefore.mtimeMs],
      "the encoded image was not rewritten",
    );
    if (written !== null) {
      const delta = (await bytesWritten()) - written;
      assert.ok(delta < SIZE / 2, `${LOADS} page loads wrote ${delta} bytes; one copy is ${SIZE}`);
    }
  });

  test("the URL in the config serves the file", async () => {
    const { value } = await configFiles();
    const response = await fetch(value.url);
    assert.equal(response.status, 200);
    assert.ok(Buffer.from(await response.arrayBuffer()).equals(await readFile(video)));
  });

  test("an edited file is copied anew on the next page load", async () => {
    const old = await configFiles();
    const replacement = randomBytes(1024);
    await writeFile(video, replacement);
    const edited = await configFiles();
    assert.notEqual(edited.value.path, old.value.path);
    const response = await fetch(edited.value.url);
    assert.equal(response.status, 200);
    assert.ok(Buffer.from(await response.arrayBuffer()).equals(replacement));
  });

  test("a cached copy removed from disk is copied again, and the server still serves", async () => {
    const { value } = await configFiles();
    await rm(path.dirname(value.path), { recursive: true, force: true });
    const again = await configFiles();
    const response = await fetch(again.value.url);
    assert.equal(response.status, 200);
    assert.equal((await response.arrayBuffer()).byteLength, 1024);
  });
});

describe("an example loaded on click reuses the copy the config made (R2-07)", () => {
  test("5 clicks on a cached example: the same cached file, not rewritten", async () => {
    const example = path.join(root, "clip.bin");
    await writeFile(example, randomBytes(SIZE));
    const demo = new gr.Interface({
      fn: (file: string | string[] | null) => (file ? "seen" : "none"),
      inputs: new gr.File({ label: "clip" }),
      outputs: new gr.Textbox({ label: "result" }),
      examples: [[example]],
      cacheExamples: true,
    });
    const app = await startServer(demo);
    try {
      const config = (await (await fetch(`${app.url}/config`)).json()) as ConfigShape;
      const sample = config.components.find((c) => c.type === "dataset")!.props.samples![0]![0]!;
      const before = await stat(sample.path);
      for (let i = 0; i < 5; i++) {
        const post = await fetch(`${app.url}/gradio_api/call/load_example`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ data: [0] }),
        });
        assert.equal(post.status, 200);
        const { event_id: eventId } = (await post.json()) as { event_id: string };
        const text = await (await fetch(`${app.url}/gradio_api/call/load_example/${eventId}`)).text();
        const [loaded] = JSON.parse(/event: complete\ndata: (.*)\n/.exec(text)![1]!) as [FileValue, string];
        assert.equal(loaded.path, sample.path);
      }
      const after = await stat(sample.path);
      assert.deepEqual([after.ino, after.mtimeMs], [before.ino, before.mtimeMs]);
    } finally {
      await app.close();
    }
  });
});
