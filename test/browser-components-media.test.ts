/**
 * Image, Audio and Video in headless Chromium: upload, clipboard paste, webcam capture/recording and
 * microphone recording through Chromium's fake media devices, and playback.
 */
import assert from "node:assert/strict";
import { stat } from "node:fs/promises";
import path from "node:path";
import { before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import sharp from "sharp";
import type { Browser, Page } from "playwright-core";
import { browserSuite, onPage } from "../frontend/e2e/harness.js";

let browser: Browser;
const start = browserSuite((launched) => (browser = launched), { fakeMedia: true });

// A 3×2 red PNG.
const PNG = await sharp({ create: { width: 3, height: 2, channels: 3, background: "#ff0000" } })
  .png()
  .toBuffer();

const result = (page: Page) => page.getByLabel("Result");
async function resultIs(page: Page, pattern: RegExp) {
  await page.waitForFunction(
    (source) => new RegExp(source).test(document.querySelector<HTMLTextAreaElement>("[readonly]")?.value ?? ""),
    pattern.source,
  );
  return result(page).inputValue();
}

describe("Image", () => {
  let url: string;
  before(async () => {
    url = await start(
      new gr.Interface({
        fn: (image: { width: number; height: number } | null) => (image ? `${image.width}x${image.height}` : "none"),
        inputs: new gr.Image({ label: "Photo", type: "pixels" }),
        outputs: new gr.Textbox({ label: "Result" }),
      }),
    );
  });

  test("upload shows a preview; Remove clears it", async (t) => {
    await onPage(t, browser, url, async (page) => {
      await page
        .getByLabel("Photo", { exact: true })
        .setInputFiles({ name: "tiny.png", mimeType: "image/png", buffer: PNG });
      await page.getByRole("img", { name: "Photo: tiny.png" }).waitFor();
      await page.waitForFunction(() => document.querySelector<HTMLImageElement>("figure img")?.naturalWidth === 3);
      await page.getByRole("button", { name: "Submit" }).click();
      assert.equal(await resultIs(page, /^3x2$/), "3x2");
      await page.getByRole("button", { name: "Remove tiny.png" }).click();
      await page.locator(".dropzone").waitFor();
    });
  });

  test("a pasted image uploads and previews", async (t) => {
    await onPage(t, browser, url, async (page) => {
      await page.getByRole("button", { name: "Paste", exact: true }).click();
      const zone = page.getByRole("button", { name: "Paste an image into Photo" });
      await zone.focus();
      await zone.evaluate(
        (element, bytes) => {
          const data = new DataTransfer();
          data.items.add(new File([new Uint8Array(bytes)], "clip.png", { type: "image/png" }));
          element.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
        },
        [...PNG],
      );
      await page.getByRole("img", { name: "Photo: clip.png" }).waitFor();
      await page.getByRole("button", { name: "Submit" }).click();
      assert.equal(await resultIs(page, /^3x2$/), "3x2");
    });
  });

  test("webcam: capture a frame from the fake camera", async (t) => {
    await onPage(t, browser, url, async (page) => {
      await page.getByRole("button", { name: "Webcam" }).click();
      await page.waitForFunction(
        () => (document.querySelector<HTMLVideoElement>(".webcam video")?.videoWidth ?? 0) > 0,
      );
      await page.getByRole("button", { name: "Capture" }).click();
      await page.getByRole("img", { name: "Photo: webcam.png" }).waitFor();
      await page.getByRole("button", { name: "Submit" }).click();
      assert.match(await resultIs(page, /^\d+x\d+$/), /^(640x480|\d{3,4}x\d{3,4})$/);
      assert.equal(await page.locator(".webcam video").count(), 0, "the camera view closes after the capture");
    });
  });
});

describe("Audio", () => {
  test("record from the fake microphone, see the waveform, play it back", async (t) => {
    let played = 0;
    const demo = new gr.Blocks({}, () => {
      const mic = new gr.Audio({ label: "Voice", sources: ["microphone"], type: "samples" });
      const out = new gr.Textbox({ label: "Result" });
      const echo = new gr.Audio({ label: "Echo" });
      const button = new gr.Button({ value: "Analyse" });
      button.click({
        fn: (audio: { sampleRate: number; channels: number; data: Float32Array } | null) => {
          if (!audio) return ["none", null];
          const seconds = audio.data.length / audio.channels / audio.sampleRate;
          const peak = audio.data.reduce((max, v) => Math.max(max, Math.abs(v)), 0);
          return [
            `${seconds >= 0.5 ? "long" : "short"} ${peak > 0.05 ? "loud" : "silent"}`,
            { sampleRate: audio.sampleRate, data: audio.data, channels: audio.channels },
          ];
        },
        inputs: [mic],
        outputs: [out, echo],
      } as never);
      echo.play({ fn: () => void played++, inputs: [] } as never);
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      await page.getByRole("button", { name: "Start recording" }).click();
      await page.getByRole("button", { name: "Stop recording" }).waitFor();
      await page.waitForTimeout(1200);
      await page.getByRole("button", { name: "Stop recording" }).click();
      await page.locator("audio[aria-label='Voice: recording.wav']").waitFor();
      await page.waitForFunction(() => Number(document.querySelector(".waveform")?.getAttribute("data-peaks")) > 0);
      await page.getByRole("button", { name: "Analyse" }).click();
      assert.equal(await resultIs(page, /^(long|short) (loud|silent)$/), "long loud");
      const echo = page.locator("audio[aria-label^='Echo: ']");
      await echo.waitFor();
      await echo.evaluate((element: HTMLAudioElement) => element.play());
      await page.waitForFunction(
        () => (document.querySelector<HTMLAudioElement>("audio[aria-label^='Echo: ']")?.currentTime ?? 0) > 0.2,
      );
      for (let i = 0; i < 40 && played === 0; i++) await page.waitForTimeout(50);
      assert.equal(played, 1, "the play event reached the server");
    });
  });

  test("upload a WAV file", async (t) => {
    const url = await start(
      new gr.Interface({
        fn: (audio: { sampleRate: number; data: Float32Array } | null) =>
          audio ? `${audio.sampleRate} Hz, ${audio.data.length} samples` : "none",
        inputs: new gr.Audio({ label: "Clip", type: "samples" }),
        outputs: new gr.Textbox({ label: "Result" }),
      }),
    );
    // 100 samples of silence, 8 kHz mono 16-bit.
    const header = Buffer.alloc(44);
    header.write("RIFF", 0);
    header.writeUInt32LE(36 + 200, 4);
    header.write("WAVEfmt ", 8);
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(1, 22);
    header.writeUInt32LE(8000, 24);
    header.writeUInt32LE(16000, 28);
    header.writeUInt16LE(2, 32);
    header.writeUInt16LE(16, 34);
    header.write("data", 36);
    header.writeUInt32LE(200, 40);
    await onPage(t, browser, url, async (page) => {
      await page.getByLabel("Clip", { exact: true }).setInputFiles({
        name: "quiet.wav",
        mimeType: "audio/wav",
        buffer: Buffer.concat([header, Buffer.alloc(200)]),
      });
      await page.locator("audio[aria-label='Clip: quiet.wav']").waitFor();
      await page.getByRole("button", { name: "Submit" }).click();
      assert.equal(await resultIs(page, /Hz/), "8000 Hz, 100 samples");
    });
  });
});

describe("Video", () => {
  test("record from the fake webcam, then play the recording back", async (t) => {
    const url = await start(
      new gr.Interface({
        fn: async (video: string) => [`${(await stat(video)).size > 1000 ? "has" : "no"} bytes`, video],
        inputs: new gr.Video({ label: "Clip", sources: ["webcam"] }),
        outputs: [new gr.Textbox({ label: "Result" }), new gr.Video({ label: "Replay" })],
      }),
    );
    await onPage(t, browser, url, async (page) => {
      await page.waitForFunction(
        () => (document.querySelector<HTMLVideoElement>(".webcam video")?.videoWidth ?? 0) > 0,
      );
      await page.getByRole("button", { name: "Start recording" }).click();
      await page.waitForTimeout(1200);
      await page.getByRole("button", { name: "Stop recording" }).click();
      await page.locator("video[aria-label='Clip: recording.webm']").waitFor();
      await page.getByRole("button", { name: "Submit" }).click();
      assert.equal(await resultIs(page, /bytes/), "has bytes");
      const replay = page.locator("video[aria-label^='Replay: ']");
      await replay.waitFor();
      await replay.evaluate((element: HTMLVideoElement) => element.play());
      await page.waitForFunction(() => {
        const video = document.querySelector<HTMLVideoElement>("video[aria-label^='Replay: ']");
        return !!video && video.videoWidth > 0 && video.currentTime > 0.1;
      });
    });
  });
});

describe("Submit pressed while files upload", () => {
  test("the event waits for the uploads and the fn gets both files", async (t) => {
    const url = await start(
      new gr.Interface({
        fn: (file: unknown, photo: gr.ImagePixels | null) =>
          `${typeof file === "string" ? path.basename(file) : "no file"}, ${photo ? `${photo.width}x${photo.height}` : "no photo"}`,
        inputs: [new gr.File({ label: "Doc" }), new gr.Image({ label: "Photo", type: "pixels" })],
        outputs: new gr.Textbox({ label: "Result" }),
      }),
    );
    await onPage(t, browser, url, async (page) => {
      // Every upload takes a second to reach the server, as on a slow link.
      await page.route("**/gradio_api/upload*", async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await route.continue();
      });
      await page.getByLabel("Doc", { exact: true }).setInputFiles({
        name: "notes.txt",
        mimeType: "text/plain",
        buffer: Buffer.from("some notes"),
      });
      await page
        .getByLabel("Photo", { exact: true })
        .setInputFiles({ name: "tiny.png", mimeType: "image/png", buffer: PNG });
      await page.getByRole("button", { name: "Submit" }).click();
      assert.equal(await resultIs(page, /x|no/), "notes.txt, 3x2");
    });
  });
});
