/**
 * Stop buttons in headless Chromium: a slow generator starts, Stop ends its stream (no more tokens arrive), and
 * the next submit runs to the end. For a ChatInterface (text and multimodal) and an Interface with `stopBtn`.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser, Page } from "playwright-core";
import { browserSuite, onPage } from "../frontend/e2e/harness.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let browser: Browser;
const start = browserSuite((launched) => (browser = launched));

/** Counts up to 100 slowly, or finishes at once for "quick". */
async function* counting(message: unknown) {
  const text = typeof message === "string" ? message : (message as { text: string }).text;
  if (text === "quick") {
    yield "quick reply done";
    return;
  }
  for (let i = 1; i <= 100; i++) {
    await sleep(100);
    yield `${text} ${i}`;
  }
}

const lastReply = (page: Page) => page.locator(".message-assistant .message-text").last();

/** Starts the slow reply, stops it, checks it stays put, then sends "quick" and sees its whole reply. */
async function stopThenSubmitAgain(page: Page, send: () => Promise<void>, stopName: string) {
  const box = page.getByPlaceholder("Type a message…");
  await box.fill("count");
  await box.press("Enter");
  await lastReply(page)
    .filter({ hasText: /count [3-9]/ })
    .waitFor();
  await page.getByRole("button", { name: stopName }).click();
  await page.getByRole("button", { name: stopName }).waitFor({ state: "detached" });
  const stopped = await lastReply(page).textContent();
  await sleep(500);
  assert.equal(await lastReply(page).textContent(), stopped, "no more tokens after Stop");
  await box.fill("quick");
  await send();
  await lastReply(page).filter({ hasText: "quick reply done" }).waitFor();
  assert.equal(await page.locator(".message-user").count(), 2);
}

describe("Stop buttons", () => {
  test("ChatInterface: Stop ends the reply being generated, and the next message gets its reply", async (t) => {
    const url = await start(new gr.ChatInterface({ fn: counting }));
    await onPage(t, browser, url, async (page) => {
      await stopThenSubmitAgain(page, () => page.getByRole("button", { name: "Submit" }).click(), "Stop");
    });
  });

  test("multimodal ChatInterface: the textbox's Stop ends the reply; the next message gets its reply", async (t) => {
    const url = await start(new gr.ChatInterface({ fn: counting, multimodal: true }));
    await onPage(t, browser, url, async (page) => {
      await stopThenSubmitAgain(page, () => page.getByPlaceholder("Type a message…").press("Enter"), "Stop");
    });
  });

  test("Interface stopBtn: its Stop button replaces Submit while the generator runs and cancels it", async (t) => {
    const url = await start(
      new gr.Interface({
        fn: async function* (text: string) {
          for (let i = 1; i <= 100; i++) {
            await sleep(100);
            yield `${text} ${i}`;
          }
        },
        inputs: new gr.Textbox({ label: "Text" }),
        outputs: new gr.Textbox({ label: "Count" }),
        stopBtn: "Halt",
      }),
    );
    await onPage(t, browser, url, async (page) => {
      const output = page.getByLabel("Count");
      await page.getByLabel("Text").fill("go");
      await page.getByRole("button", { name: "Submit" }).click();
      await page.waitForFunction(() =>
        /go [3-9]/.test(document.querySelector<HTMLTextAreaElement>("[readonly]")?.value ?? ""),
      );
      assert.equal(await page.getByRole("button", { name: "Submit" }).count(), 0, "Submit hidden while it runs");
      await page.getByRole("button", { name: "Halt" }).click();
      await page.getByRole("button", { name: "Submit" }).waitFor();
      const stopped = await output.inputValue();
      await sleep(500);
      assert.equal(await output.inputValue(), stopped, "no more values after Halt");
      assert.equal(await page.getByRole("button", { name: "Halt" }).count(), 0, "Halt hidden again");
      // The next run starts from 1 and goes on.
      await page.getByRole("button", { name: "Submit" }).click();
      await page.waitForFunction(() =>
        /go [2-9]/.test(document.querySelector<HTMLTextAreaElement>("[readonly]")?.value ?? ""),
      );
      await page.getByRole("button", { name: "Halt" }).click();
    });
  });
});
