/**
 * Streaming inputs in headless Chromium: a streaming webcam Image sends a frame every `stream_every`
 * seconds to one running `.stream()` event, whose fn counts them; Stop ends the event.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser, Page } from "playwright-core";
import { ensureFrontendBuilt, launchBrowser, onPage, serve } from "../frontend/e2e/harness.js";

let browser: Browser;
let served: { url: string; close: () => Promise<void> };
let frames = 0;
let sounds = 0;

before(async () => {
  await ensureFrontendBuilt();
  browser = await launchBrowser({ fakeMedia: true });
  const demo = new gr.Blocks({}, () => {
    const cam = new gr.Image({ label: "Camera", sources: ["webcam"], streaming: true, type: "pixels" });
    const count = new gr.Textbox({ label: "Frames" });
    cam.stream({
      fn: (frame: { width: number; height: number } | null) => {
        frames++;
        return `${frames} frames of ${frame ? `${frame.width}x${frame.height}` : "nothing"}`;
      },
      inputs: cam,
      outputs: count,
      streamEvery: 0.2,
      timeLimit: 30,
    });
    const mic = new gr.Audio({ label: "Mic", sources: ["microphone"], streaming: true, type: "samples" });
    const heard = new gr.Textbox({ label: "Heard" });
    mic.stream({
      fn: (chunk: { sampleRate: number } | null) => `${++sounds} chunks at ${chunk ? chunk.sampleRate : 0} Hz`,
      inputs: mic,
      outputs: heard,
      streamEvery: 0.3,
    });
  });
  served = await serve(demo);
});

after(async () => {
  await browser?.close();
  await served?.close();
});

const countOf = async (page: Page, label: string) =>
  Number(/^(\d+)/.exec(await page.getByLabel(label).inputValue())?.[1] ?? 0);
async function countReaches(page: Page, label: string, least: number, timeoutMs = 15000): Promise<number> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const count = await countOf(page, label);
    if (count >= least) return count;
    if (Date.now() > end) throw new Error(`${label} stayed at ${count}, expected ${least}+`);
    await page.waitForTimeout(100);
  }
}

describe("streaming inputs", () => {
  test("a streaming webcam sends frames to one .stream() event; the count grows until Stop", async (t) => {
    await onPage(t, browser, served.url, async (page) => {
      await page.waitForFunction(
        () => (document.querySelector<HTMLVideoElement>(".webcam video")?.videoWidth ?? 0) > 0,
      );
      await page.getByRole("button", { name: "Start streaming" }).first().click();
      const first = await countReaches(page, "Frames", 3);
      await countReaches(page, "Frames", first + 1, 10000);
      assert.match(await page.getByLabel("Frames").inputValue(), /frames of \d+x\d+$/);
      // The camera view stays while streaming (no preview replaces it).
      assert.equal(await page.locator(".webcam video").count(), 1);
      await page.getByRole("button", { name: "Stop streaming" }).first().click();
      await page.waitForTimeout(800);
      const stopped = frames;
      await page.waitForTimeout(800);
      assert.equal(frames, stopped, "no frame is processed after Stop");
      assert.ok(stopped >= 4);
    });
  });

  test("a streaming microphone sends WAV chunks", async (t) => {
    await onPage(t, browser, served.url, async (page) => {
      // The microphone can take a moment to open under load: the test waits until streaming has
      // begun (the button turns into Stop), pressing Start again if the first press came too early.
      for (let attempt = 1; ; attempt++) {
        await page.getByRole("button", { name: "Start streaming" }).last().click();
        const started = await page
          .getByRole("button", { name: "Stop streaming" })
          .waitFor({ timeout: 4000 })
          .then(
            () => true,
            () => false,
          );
        if (started) break;
        if (attempt === 3) throw new Error("the microphone never started streaming");
      }
      await countReaches(page, "Heard", 3);
      assert.match(await page.getByLabel("Heard").inputValue(), /chunks at \d{4,} Hz$/);
      await page.getByRole("button", { name: "Stop streaming" }).click();
    });
  });
});
