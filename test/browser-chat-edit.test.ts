/**
 * ChatInterface `editable` in headless Chromium: after two turns, editing the first user message cuts the
 * conversation there and the reply is generated again from the edited text.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser } from "playwright-core";
import { browserSuite, onPage } from "../frontend/e2e/harness.js";

let browser: Browser;
const start = browserSuite((launched) => (browser = launched));

describe("an editable ChatInterface", () => {
  test("editing an earlier user message regenerates the reply from there", async (t) => {
    const url = await start(
      new gr.ChatInterface({
        fn: async function* (message: unknown, history: unknown[]) {
          yield `echo ${String(message)} after ${history.length}`;
        },
        editable: true,
      }),
    );
    await onPage(t, browser, url, async (page) => {
      const box = page.getByPlaceholder("Type a message…");
      for (const [message, reply] of [
        ["one", "echo one after 0"],
        ["two", "echo two after 2"],
      ]) {
        await box.fill(message!);
        await box.press("Enter");
        await page.locator(".message-assistant").filter({ hasText: reply! }).waitFor();
      }
      const first = page.locator(".message-user").first();
      await first.hover();
      await first.getByRole("button", { name: "Edit" }).click();
      await first.getByLabel("Edit message").fill("uno");
      await first.getByRole("button", { name: "Submit" }).click();
      await page.locator(".message-assistant").filter({ hasText: "echo uno after 0" }).waitFor();
      await page.locator(".message-user").filter({ hasText: "two" }).waitFor({ state: "detached" });
      const shown = await page.locator(".message .message-text").allTextContents();
      assert.deepEqual(
        shown.map((text) => text.trim()),
        ["uno", "echo uno after 0"],
      );
    });
  });
});
