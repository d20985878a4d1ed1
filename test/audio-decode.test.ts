// Audio({ type: "samples" }) decodes MP3, FLAC and Ogg Vorbis as well as WAV, told apart by their bytes,
// with the sample limit enforced before (or while) decoding; over HTTP with @gradio/client too.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import { Client, handle_file } from "@gradio/client";
import * as gr from "gradio-ts";
import { audioFormat, decodeAudio, declaredSamples } from "../src/components/audio-decode.js";
import { InputValidationError } from "../src/errors.js";
import { processContext, type TestContext } from "./components-context.js";
import { startServer, type TestServer } from "./helpers/server.js";

const fixture = (name: string) => readFile(new URL(`./fixtures/audio/${name}`, import.meta.url));

/** Zero crossings per second / 2 over the middle of the clip (encoders pad the ends with near-silence). */
function frequency(data: Float32Array, sampleRate: number): number {
  const middle = data.subarray(Math.floor(data.length / 4), Math.floor((data.length * 3) / 4));
  let crossings = 0;
  for (let i = 1; i < middle.length; i++) if (middle[i - 1]! < 0 !== middle[i]! < 0) crossings++;
  return crossings / 2 / (middle.length / sampleRate);
}

describe("decoding audio into samples", () => {
  let ctx: TestContext;
  before(async () => (ctx = await processContext()));
  after(() => ctx.close());

  for (const [name, format] of [
    ["tone.mp3", "mp3"],
    ["tone.flac", "flac"],
    ["tone.ogg", "vorbis"],
  ] as const) {
    test(`${format}: half a second of 440 Hz at 16 kHz, mono`, async () => {
      const bytes = await fixture(name);
      assert.equal(audioFormat(bytes), format);
      const decoded = await decodeAudio(bytes, 1_000_000);
      assert.equal(decoded.sampleRate, 16000);
      assert.equal(decoded.channels, 1);
      // Encoders pad a little; the length is within 0.2 s of the original 0.5 s.
      assert.ok(Math.abs(decoded.data.length - 8000) < 3200, `got ${decoded.data.length} samples`);
      const hz = frequency(decoded.data, decoded.sampleRate);
      assert.ok(Math.abs(hz - 440) < 40, `heard ${hz} Hz`);
      assert.ok(decoded.data.every((v) => v >= -1 && v <= 1));
    });

    test(`${format}: more samples than allowed is refused`, async () => {
      await assert.rejects(
        () => decodeAudio(bytes(name), 1000),
        (error: Error) => error instanceof InputValidationError && /more than the 1000 allowed/.test(error.message),
      );
    });
  }

  test("the format comes from the bytes, not the file name", async () => {
    const payload = await ctx.upload(await fixture("tone.flac"), "sneaky.wav");
    const samples = await new gr.Audio({ type: "samples" }).preprocess(payload, ctx);
    assert.equal(samples!.sampleRate, 16000);
  });

  test("a FLAC that claims billions of samples is refused before anything is decoded", () => {
    const flac = Buffer.alloc(64);
    flac.write("fLaC", 0, "ascii");
    flac[4] = 0x80; // last metadata block, STREAMINFO
    flac[8 + 12] = 0x01; // two channels
    flac[8 + 13] = 0x0f; // top bits of the sample count
    flac.writeUInt32BE(0xffffffff, 8 + 14);
    assert.ok(declaredSamples("flac", flac)! > 2 ** 35);
    return assert.rejects(() => decodeAudio(flac, 50_000_000), /more than the 50000000 allowed/);
  });

  test("Opus, unknown and damaged audio get clear refusals", async () => {
    const opus = Buffer.concat([Buffer.from("OggS"), Buffer.alloc(24), Buffer.from("OpusHead"), Buffer.alloc(20)]);
    await assert.rejects(() => decodeAudio(opus, 1000), /Opus audio cannot be decoded/);
    await assert.rejects(
      () => decodeAudio(Buffer.from("just some text, not audio"), 1000),
      /not WAV, MP3, FLAC or Ogg Vorbis/,
    );
    const damaged = Buffer.from(await fixture("tone.ogg"));
    damaged.fill(0x55, 200);
    await assert.rejects(() => decodeAudio(damaged, 1_000_000), InputValidationError);
  });
});

let cached: Record<string, Buffer> = {};
function bytes(name: string): Buffer {
  return cached[name]!;
}
before(async () => {
  cached = Object.fromEntries(
    await Promise.all(["tone.mp3", "tone.flac", "tone.ogg"].map(async (name) => [name, await fixture(name)] as const)),
  );
});

describe("audio samples over HTTP", () => {
  let server: TestServer;
  before(async () => {
    const demo = new gr.Interface({
      fn: function describe_audio(audio: { sampleRate: number; channels: number; data: Float32Array }) {
        return `${audio.sampleRate} Hz, ${audio.channels} channel(s), ${(audio.data.length / audio.sampleRate / audio.channels).toFixed(1)} s`;
      },
      inputs: new gr.Audio({ type: "samples", label: "Clip" }),
      outputs: "text",
    });
    server = await startServer(demo);
  });
  after(() => server.close());

  test("@gradio/client uploads an MP3 and the fn gets its samples; a text file is refused with 422 and a reason", async () => {
    const client = await Client.connect(server.url);
    const result = await client.predict("/describe_audio", [
      handle_file(new Blob([new Uint8Array(bytes("tone.mp3"))])),
    ]);
    assert.match(String((result.data as unknown[])[0]), /^16000 Hz, 1 channel\(s\), 0\.[4-7] s$/);
    await assert.rejects(
      client.predict("/describe_audio", [handle_file(new Blob([Buffer.from("hello")]))]),
      /not WAV, MP3, FLAC or Ogg Vorbis/,
    );
    client.close();
  });
});
