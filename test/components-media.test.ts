// Media components: preprocess, postprocess and validation with a real FileProcessor (no mocks).
import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import sharp from "sharp";
import * as gr from "gradio-ts";
import { InputValidationError } from "../src/errors.js";
import { FileNotCacheableError } from "../src/files/file-processor.js";
import { decodeWav, encodeWav } from "../src/components/wav.js";
import { processContext, type TestContext } from "./components-context.js";

let ctx: TestContext;
let png: Buffer;
let outDir: string;

before(async () => {
  ctx = await processContext();
  png = await sharp({ create: { width: 4, height: 3, channels: 3, background: { r: 255, g: 0, b: 0 } } })
    .png()
    .toBuffer();
  outDir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-media-out-"));
});
after(() => ctx.close());

describe("Image", () => {
  test("filepath: an uploaded file becomes its cache path; a path outside the cache is refused (C12)", async () => {
    const image = new gr.Image();
    const payload = await ctx.upload(png, "red.png");
    assert.equal(await image.preprocess(payload, ctx), payload.path);
    await assert.rejects(
      () => image.preprocess({ path: "/etc/passwd", meta: { _type: "gradio.FileData" } }, ctx),
      InputValidationError,
    );
    await assert.rejects(() => image.preprocess({ path: "/etc/passwd" }, ctx), InputValidationError);
    await assert.rejects(() => image.preprocess("/etc/passwd", ctx), InputValidationError);
  });

  test("pixels: decoded RGB pixels; buffer: the bytes", async () => {
    const payload = await ctx.upload(png, "red.png");
    const pixels = await new gr.Image({ type: "pixels" }).preprocess(payload, ctx);
    assert.deepEqual([pixels!.width, pixels!.height, pixels!.channels], [4, 3, 3]);
    assert.deepEqual([...pixels!.data.slice(0, 3)], [255, 0, 0]);
    const grey = await new gr.Image({ type: "pixels", imageMode: "L" }).preprocess(payload, ctx);
    assert.equal(grey!.channels, 1);
    const bytes = await new gr.Image({ type: "buffer" }).preprocess(payload, ctx);
    assert.deepEqual(bytes, png);
  });

  test("a non-image upload decoded as pixels is refused clearly", async () => {
    const payload = await ctx.upload("not an image", "fake.png");
    await assert.rejects(() => new gr.Image({ type: "pixels" }).preprocess(payload, ctx), /not an image/);
  });

  test("postprocess: pixels and bytes are encoded with sharp into the chosen format; paths are published", async () => {
    const image = new gr.Image({ format: "webp" });
    const data = new Uint8Array(2 * 2 * 4).fill(200);
    const fromPixels = await image.postprocess({ width: 2, height: 2, data }, ctx);
    assert.equal(fromPixels!.mime_type, "image/webp");
    assert.ok(fromPixels!.url!.startsWith("http://127.0.0.1:7860/gradio_api/file="));
    assert.equal((await sharp(fromPixels!.path).metadata()).format, "webp");
    const fromBytes = await image.postprocess(png, ctx);
    assert.equal((await sharp(fromBytes!.path).metadata()).format, "webp");
    const file = path.join(outDir, "out.png");
    await writeFile(file, png);
    const fromPath = await new gr.Image().postprocess(file, ctx);
    assert.equal(fromPath!.mime_type, "image/png");
    assert.deepEqual(await readFile(fromPath!.path), png);
    await assert.rejects(() => image.postprocess({ width: 3, height: 3, data }, ctx), /do not fit/);
    await assert.rejects(() => image.postprocess("/etc/passwd", ctx), FileNotCacheableError);
  });

  test("api info is Gradio's FileData schema", () => {
    const info = new gr.Image().apiInfo();
    assert.equal(info.title, "FileData");
    assert.deepEqual(
      (info.$defs as Record<string, { properties: { _type: { const: string } } }>).FileDataMeta!.properties._type.const,
      "gradio.FileData",
    );
  });
});

describe("Audio", () => {
  test("WAV round trip through { sampleRate, data }", async () => {
    const audio = new gr.Audio({ type: "samples" });
    const published = await audio.postprocess({ sampleRate: 8000, data: new Float32Array([0, 0.5, -0.5, 1]) }, ctx);
    assert.equal(published!.mime_type, "audio/wav");
    const payload = await ctx.upload(await readFile(published!.path), "a.wav");
    const samples = await audio.preprocess(payload, ctx);
    assert.equal(samples!.sampleRate, 8000);
    assert.equal(samples!.channels, 1);
    assert.ok(Math.abs(samples!.data[1]! - 0.5) < 0.001);
    assert.equal(await new gr.Audio().preprocess(payload, ctx), payload.path);
  });

  test("audio that is not really audio is refused as samples; bad sample rates are refused", async () => {
    const payload = await ctx.upload("ID3 not an mp3", "a.mp3");
    await assert.rejects(
      () => new gr.Audio({ type: "samples" }).preprocess(payload, ctx),
      /holds no samples|could not be decoded/,
    );
    assert.throws(() => encodeWav([0], -1), /sampleRate/);
    const stereo = decodeWav(encodeWav(new Int16Array([1000, -1000, 2000, -2000]), 44100, 2));
    assert.equal(stereo.channels, 2);
    assert.equal(stereo.data.length, 4);
  });
});

describe("Video, Model3D, UploadButton, DownloadButton", () => {
  test("Video wire value is { video, subtitles }", async () => {
    const file = path.join(outDir, "clip.mp4");
    await writeFile(file, "fake mp4");
    const video = new gr.Video();
    const out = await video.postprocess(file, ctx);
    assert.equal(out!.video.mime_type, "video/mp4");
    assert.equal(out!.subtitles, null);
    const payload = await ctx.upload("fake", "c.mp4");
    assert.equal(await video.preprocess({ video: payload, subtitles: null }, ctx), payload.path);
    await assert.rejects(
      () => video.preprocess({ video: { path: "/etc/hostname", meta: { _type: "gradio.FileData" } } }, ctx),
      InputValidationError,
    );
    assert.equal(video.apiInfo().title, "VideoData");
  });

  test("DownloadButton never hands a third-party URL to the page (S06) and refuses host files", async () => {
    const button = new gr.DownloadButton("Get");
    // Without the app's guarded fetcher a remote file is refused, never passed through as a link.
    await assert.rejects(() => button.postprocess("https://example.com/x.pdf", ctx), /not downloaded here/);
    await assert.rejects(() => button.postprocess("/etc/passwd", ctx), FileNotCacheableError);
    const up = new gr.UploadButton({ fileCount: "multiple" });
    const payload = await ctx.upload("x", "x.txt");
    assert.deepEqual(await up.preprocess([payload], ctx), [payload.path]);
    assert.equal(new gr.Model3D().type, "model3d");
  });
});

describe("Gallery", () => {
  test("items in and out; bare path strings (JS client) are checked as uploads", async () => {
    const gallery = new gr.Gallery();
    const payload = await ctx.upload(png, "g.png");
    assert.deepEqual(
      await gallery.preprocess(
        [
          { image: payload, caption: "red" },
          { image: payload.path, caption: null },
        ],
        ctx,
      ),
      [
        [payload.path, "red"],
        [payload.path, null],
      ],
    );
    await assert.rejects(
      () => gallery.preprocess([{ image: "/etc/passwd", caption: null }], ctx),
      InputValidationError,
    );
    await assert.rejects(() => gallery.preprocess("nope", ctx), InputValidationError);
    const file = path.join(outDir, "g.png");
    await writeFile(file, png);
    const out = await gallery.postprocess(
      [[file, "a"], png, { video: path.join(outDir, "clip.mp4"), caption: "v" }],
      ctx,
    );
    assert.equal(out!.length, 3);
    assert.equal((out![0] as { caption: string }).caption, "a");
    assert.ok("image" in out![1]!);
    assert.ok("video" in out![2]!);
  });
});

describe("AnnotatedImage and ImageEditor", () => {
  test("boxes become coloured RGBA masks of the image's size", async () => {
    const file = path.join(outDir, "base.png");
    await writeFile(file, png);
    const annotated = new gr.AnnotatedImage({ colorMap: { car: "#00ff00" } });
    const out = await annotated.postprocess([file, [[[0, 0, 2, 2], "car"]]], ctx);
    assert.equal(out!.annotations[0]!.label, "car");
    const { data, info } = await sharp(out!.annotations[0]!.image.path).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([info.width, info.height, info.channels], [4, 3, 4]);
    assert.deepEqual([...data.slice(0, 4)], [0, 255, 0, 255]);
    assert.equal(data[3 * 4 + 3], 0);
    await assert.rejects(() => annotated.postprocess("nope" as never, ctx), /must return/);
  });

  test("ImageEditor: EditorData in and out", async () => {
    const editor = new gr.ImageEditor();
    const payload = await ctx.upload(png, "bg.png");
    assert.deepEqual(await editor.preprocess({ background: payload, layers: [payload], composite: null }, ctx), {
      background: payload.path,
      layers: [payload.path],
      composite: null,
    });
    const out = await editor.postprocess(png, ctx);
    assert.ok(out!.background && out!.composite);
    await assert.rejects(() => editor.preprocess({ background: { path: "/etc/passwd" } }, ctx), InputValidationError);
  });
});
