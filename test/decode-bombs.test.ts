// Decompression bombs: small files that decode to gigabytes. Every decoder (WAV, MP3, FLAC, Ogg Vorbis,
// images) stops at its limit while decoding, whatever the header claims, and says which limit; the
// server's memory stays bounded, /healthz answers, and others are still served. Fixtures are built here.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { decodeAudio, declaredSamples } from "../src/components/audio-decode.js";
import { decodeWav } from "../src/components/wav.js";
import { InputValidationError } from "../src/errors.js";
import {
  flacFile,
  mp3Silence,
  oggVorbisBomb,
  pngBomb,
  pngHeaderClaims,
  wavLyingHeader,
} from "./helpers/media-bombs.js";
import { readSse, startServer, type TestServer } from "./helpers/server.js";

const fixture = (name: string) => readFile(new URL(`./fixtures/audio/${name}`, import.meta.url));

/** 500 frames of 65535 samples × 8 channels, 26 bytes each: 13 KB that decode to 262 M samples (1 GB). */
const flacBomb = () =>
  flacFile({
    channels: 8,
    bitsPerSample: 8,
    sampleRate: 16000,
    blockSize: 65535,
    frames: 500,
    declaredSamples: 0,
    content: 0,
  });
/** A byte that tone.ogg's setup header reads as a whole silent audio packet. */
const SILENT_VORBIS_PACKET = 0x0e;
const MB = 1024 * 1024;

/** Peak growth of the process's resident memory (the server runs in this process) while `run` runs. */
async function peakGrowth<T>(run: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    const result = await run();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growth: peak - baseline };
  } finally {
    clearInterval(sample);
  }
}

describe("audio bombs, decoded directly", () => {
  test("a FLAC claiming 'unknown length' that decodes to 262 M samples stops at the limit", async () => {
    const bomb = flacBomb();
    assert.ok(bomb.length < 14_000, `${bomb.length} bytes`);
    assert.equal(declaredSamples("flac", bomb), null);
    const { result, growth } = await peakGrowth(() =>
      decodeAudio(bomb, 5_000_000).then(
        () => null,
        (error: unknown) => error,
      ),
    );
    assert.ok(growth < 300 * MB, `grew ${Math.round(growth / MB)} MB`);
    assert.ok(result instanceof InputValidationError, String(result));
    assert.match(result.message, /more than the 5000000 allowed \(maxSamples\)/);
  });

  test("a FLAC with real content in many small frames decodes exactly, across chunk boundaries", async () => {
    const block = 1152;
    const value = (frame: number, channel: number, i: number) =>
      ((frame * 7919 + i * 104729 + channel * 31) % 65536) - 32768;
    const content = (frame: number, channel: number) =>
      Int32Array.from({ length: block }, (_, i) => value(frame, channel, i));
    const flac = flacFile({
      channels: 2,
      bitsPerSample: 16,
      sampleRate: 44100,
      blockSize: block,
      frames: 80,
      declaredSamples: 0,
      content,
    });
    const decoded = await decodeAudio(flac, 80 * block * 2);
    assert.equal(decoded.channels, 2);
    assert.equal(decoded.sampleRate, 44100);
    assert.equal(decoded.data.length, 80 * block * 2);
    for (const [frame, i] of [
      [0, 0],
      [17, 1151],
      [40, 600],
      [79, 1151],
    ] as const) {
      for (const channel of [0, 1]) {
        const got = decoded.data[(frame * block + i) * 2 + channel]!;
        assert.ok(Math.abs(got - value(frame, channel, i) / 32768) < 1e-4, `frame ${frame} sample ${i}: ${got}`);
      }
    }
    // One sample fewer allowed than it holds: refused.
    await assert.rejects(() => decodeAudio(flac, 80 * block * 2 - 1), /more than the 184319 allowed/);
  });

  test("an Ogg Vorbis of one-byte silent packets whose pages claim nothing stops at the limit", async () => {
    const bomb = oggVorbisBomb(await fixture("tone.ogg"), 2000, SILENT_VORBIS_PACKET);
    const { result, growth } = await peakGrowth(() =>
      decodeAudio(bomb, 1_000_000).then(
        () => null,
        (error: unknown) => error,
      ),
    );
    assert.ok(growth < 300 * MB, `grew ${Math.round(growth / MB)} MB`);
    assert.ok(result instanceof InputValidationError, String(result));
    assert.match(result.message, /more than the 1000000 allowed \(maxSamples\)/);
    // A few pages of the same are under the limit and decode.
    const small = await decodeAudio(oggVorbisBomb(await fixture("tone.ogg"), 2, SILENT_VORBIS_PACKET), 1_000_000);
    const loudest = small.data.reduce((most, v) => Math.max(most, Math.abs(v)), 0);
    assert.ok(small.data.length > 1000 && loudest < 0.01, `${small.data.length} samples, loudest ${loudest}`);
  });

  test("Ogg Vorbis with more than 8 channels is refused before decoding", async () => {
    const ogg = Buffer.from(await fixture("tone.ogg"));
    const id = 27 + ogg[26]!;
    ogg[id + 11] = 255;
    await assert.rejects(() => decodeAudio(ogg, 50_000_000), /255 channels cannot be decoded here/);
  });

  test("an MP3 of empty frames stops at the limit", async () => {
    await assert.rejects(
      () => decodeAudio(mp3Silence(5000), 1_000_000),
      /more than the 1000000 allowed \(maxSamples\)/,
    );
    const fine = await decodeAudio(mp3Silence(20, false), 1_000_000);
    assert.equal(fine.channels, 1);
    assert.equal(fine.sampleRate, 48000);
  });

  test("a WAV's data size of 0xFFFFFFFF counts only the bytes really there", () => {
    const wav = wavLyingHeader(1001);
    const decoded = decodeWav(wav, 1000);
    assert.equal(decoded.data.length, 500);
    assert.throws(
      () => decodeWav(wavLyingHeader(2002), 1000),
      /1001 samples, more than the 1000 allowed \(maxSamples\)/,
    );
    // Stereo: an odd trailing sample is not a frame.
    assert.equal(decodeWav(wavLyingHeader(4 * 10 + 2, 2), 1000).data.length, 20);
  });

  test("a WAV whose format the reader cannot read is refused before any sample is allocated", () => {
    const noChannels = wavLyingHeader(100);
    noChannels.writeUInt16LE(0, 22);
    assert.throws(() => decodeWav(noChannels), /claims 0 channels/);
    const twelveBits = wavLyingHeader(100);
    twelveBits.writeUInt16LE(12, 34);
    assert.throws(() => decodeWav(twelveBits), /unsupported WAV sample size 12 bits/);
    const alaw = wavLyingHeader(100);
    alaw.writeUInt16LE(6, 20);
    assert.throws(() => decodeWav(alaw), /unsupported WAV encoding \(format code 6\)/);
  });
});

describe("bombs through the queue", () => {
  let server: TestServer;
  let tone: Buffer;
  let smallPng: Buffer;
  /** 42 M white pixels in a few hundred KB: over the 40 M default, under sharp's own 268 M. */
  let whitePng: Buffer;

  before(async () => {
    tone = await fixture("tone.flac");
    smallPng = await pngBomb(16, 8);
    whitePng = await pngBomb(7000, 6000);
    const demo = new gr.Blocks({}, () => {
      const clip = new gr.Audio({ type: "samples", label: "Clip", maxSamples: 5_000_000 });
      const photo = new gr.Image({ type: "pixels", label: "Photo" });
      const raw = new gr.Image({ type: "buffer", label: "Raw" });
      const converted = new gr.Image({ format: "jpeg", label: "Converted" });
      const info = new gr.Textbox({ label: "Info" });
      new gr.Button("Listen").click({
        fn: (audio: { sampleRate: number; channels: number; data: Float32Array }) =>
          `${audio.sampleRate} Hz, ${audio.channels} ch, ${audio.data.length}`,
        inputs: clip,
        outputs: info,
        apiName: "listen",
      });
      new gr.Button("Look").click({
        fn: (image: { width: number; height: number }) => `${image.width}×${image.height}`,
        inputs: photo,
        outputs: info,
        apiName: "look",
      });
      // Hands a caller's bytes back: converting them to JPEG decodes them on the way out.
      new gr.Button("Convert").click({
        fn: (bytes: Buffer) => bytes,
        inputs: raw,
        outputs: converted,
        apiName: "convert",
      });
    });
    // showError: the fn-output refusal (last test) is otherwise hidden from callers, as Gradio does.
    server = await startServer(demo, { showError: true });
  });
  after(() => server.close());

  async function upload(content: Buffer, name: string): Promise<Record<string, unknown>> {
    const form = new FormData();
    form.append("files", new Blob([new Uint8Array(content)]), name);
    const response = await fetch(`${server.url}/gradio_api/upload`, { method: "POST", body: form });
    assert.equal(response.status, 200, await response.clone().text());
    const [path] = (await response.json()) as [string];
    return { path, orig_name: name, meta: { _type: "gradio.FileData" } };
  }

  let sessions = 0;
  /** Calls an event through the queue; a refusal comes back at join (422) or in the event's own outcome. */
  async function call(fnIndex: number, file: Record<string, unknown>): Promise<{ ok: boolean; text: string }> {
    const session = `bomb-${++sessions}`;
    const join = await fetch(`${server.url}/gradio_api/queue/join`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ data: [file], fn_index: fnIndex, session_hash: session }),
    });
    if (join.status === 422) return { ok: false, text: JSON.stringify(await join.json()) };
    assert.equal(join.status, 200, await join.clone().text());
    const messages = (await readSse(await fetch(`${server.url}/gradio_api/queue/data?session_hash=${session}`))) as {
      msg: string;
      success?: boolean;
      output?: unknown;
    }[];
    const done = messages.find((m) => m.msg === "process_completed");
    assert.ok(done, JSON.stringify(messages));
    return { ok: done.success === true, text: JSON.stringify(done.output) };
  }

  /** Sends a bomb while /healthz is asked; checks the refusal, the memory, and that others are served. */
  async function refused(fnIndex: number, file: Record<string, unknown>, message: RegExp): Promise<void> {
    const { result, growth } = await peakGrowth(() =>
      Promise.all([call(fnIndex, file), fetch(`${server.url}/healthz`)]),
    );
    const [outcome, health] = result;
    assert.ok(growth < 300 * MB, `the server grew ${Math.round(growth / MB)} MB`);
    assert.equal(health.status, 200);
    assert.equal(outcome.ok, false, outcome.text);
    assert.match(outcome.text, message);
    assert.doesNotMatch(outcome.text, /\/tmp\/|gradio-ts-test-cache/);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    const legit = await call(0, await upload(tone, "tone.flac"));
    assert.equal(legit.ok, true, legit.text);
    assert.match(legit.text, /16000 Hz, 1 ch, \d+/);
  }

  test("the legitimate calls work", async () => {
    const listened = await call(0, await upload(tone, "tone.flac"));
    assert.equal(listened.ok, true, listened.text);
    assert.match(listened.text, /16000 Hz, 1 ch, \d+/);
    const looked = await call(1, await upload(smallPng, "small.png"));
    assert.match(looked.text, /16×8/);
    const converted = await call(2, await upload(smallPng, "small.png"));
    assert.equal(converted.ok, true, converted.text);
    assert.match(converted.text, /image\/jpeg/);
  });

  test("R2-02 a 13 KB FLAC of 262 M samples: refused at the limit, naming the input", async () => {
    await refused(
      0,
      await upload(flacBomb(), "bomb.flac"),
      /Clip: the audio has \d+ samples, more than the 5000000 allowed \(maxSamples\)/,
    );
  });

  test("R2-02 an Ogg Vorbis of silent packets with lying granule positions: refused at the limit", async () => {
    const bomb = oggVorbisBomb(await fixture("tone.ogg"), 2000, SILENT_VORBIS_PACKET);
    await refused(0, await upload(bomb, "bomb.ogg"), /Clip: the audio has \d+ samples, more than the 5000000 allowed/);
  });

  test("R2-02 an MP3 of empty frames: refused at the limit", async () => {
    await refused(
      0,
      await upload(mp3Silence(5000), "bomb.mp3"),
      /Clip: the audio has \d+ samples, more than the 5000000 allowed/,
    );
  });

  test("R2-02 a WAV whose data size says 0xFFFFFFFF: refused from the bytes really sent", async () => {
    await refused(
      0,
      await upload(wavLyingHeader(12_000_000), "bomb.wav"),
      /Clip: the WAV file has 6000000 samples, more than the 5000000 allowed/,
    );
  });

  test("R2-02 a tiny PNG claiming 30000×30000: refused from its header", async () => {
    await refused(
      1,
      await upload(await pngHeaderClaims(30000, 30000), "bomb.png"),
      /Photo: the uploaded file was refused: it is 30000×30000 = 900000000 pixels, more than the 40000000 allowed \(maxPixels\)/,
    );
  });

  test("R2-02 a real, highly compressed 7000×6000 PNG: refused before decoding", async () => {
    assert.ok(whitePng.length < 1_000_000, `${whitePng.length} bytes`);
    await refused(
      1,
      await upload(whitePng, "white.png"),
      /it is 7000×6000 = 42000000 pixels, more than the 40000000 allowed/,
    );
  });

  test("R2-02 an SVG is not rendered into pixels", async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="20000" height="20000"><rect width="100%" height="100%"/></svg>',
    );
    await refused(1, await upload(svg, "drawing.svg"), /SVG images are not decoded here/);
  });

  test("R2-02 a PNG bomb handed back by the fn is not decoded to convert it", async () => {
    await refused(
      2,
      await upload(whitePng, "white.png"),
      /the image the fn returned was refused: it is 7000×6000 = 42000000 pixels/,
    );
    await refused(
      2,
      await upload(await pngHeaderClaims(30000, 30000), "bomb.png"),
      /the image the fn returned was refused: it is 30000×30000/,
    );
  });
});
