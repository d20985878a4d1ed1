/**
 * ChatInterface flagging in headless Chromium: the thumbs under a reply, pressed, add the conversation
 * with the message's index and the choice to the flagging folder's log.csv.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser } from "playwright-core";
import { browserSuite, onPage } from "../frontend/e2e/harness.js";

let browser: Browser;
const start = browserSuite((launched) => (browser = launched));

describe("a ChatInterface with flagging", () => {
  test("pressing Dislike under a reply writes the conversation and the choice to log.csv", async (t) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-chat-flags-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const url = await start(
      new gr.ChatInterface({
        fn: (message: unknown) => `echo ${String(message)}`,
        flaggingMode: "manual",
        flaggingDir: dir,
      }),
    );
    await onPage(t, browser, url, async (page) => {
      const box = page.getByPlaceholder("Type a message…");
      await box.fill("hello");
      await box.press("Enter");
      await page.locator(".message-assistant").filter({ hasText: "echo hello" }).waitFor();
      await page.getByRole("button", { name: "Dislike" }).click();
      let rows: string[][] = [];
      for (let i = 0; i < 100 && rows.length < 2; i++) {
        rows = await gr.readFlags(dir, undefined, { fileName: "log.csv" }).catch(() => []);
        if (rows.length < 2) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(rows.length, 2, "a header and one flag");
      assert.deepEqual(rows[1]!.slice(1, 3), ["1", "Dislike"]);
      assert.match(rows[1]![0]!, /echo hello/);
    });
  });
});
