/**
 * ChatInterface `saveHistory` in headless Chromium: two conversations are kept in the browser; after a
 * reload both are listed, and clicking one shows its messages again.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser, Page } from "playwright-core";
import { browserSuite, onPage } from "../frontend/e2e/harness.js";

let browser: Browser;
const start = browserSuite((launched) => (browser = launched));

async function say(page: Page, message: string) {
  const box = page.getByPlaceholder("Type a message…");
  await box.fill(message);
  await box.press("Enter");
  await page
    .locator(".message-assistant")
    .filter({ hasText: `echo ${message}` })
    .waitFor();
}

const shownMessages = async (page: Page) =>
  (await page.locator(".message .message-text").allTextContents()).map((text) => text.trim());

describe("a ChatInterface that saves its history", () => {
  test("two conversations survive a reload; clicking one shows its messages", async (t) => {
    const url = await start(
      new gr.ChatInterface({
        fn: async function* (message: unknown) {
          yield `echo ${String(message)}`;
        },
        saveHistory: true,
      }),
    );
    await onPage(t, browser, url, async (page) => {
      await say(page, "first chat");
      await say(page, "more of the first");
      const chats = page.getByRole("table", { name: "Chats" });
      await chats.getByText("first chat").waitFor();
      await page.getByRole("button", { name: "New chat" }).click();
      await page.locator(".message").first().waitFor({ state: "detached" });
      await say(page, "second chat");
      await chats.getByText("second chat").waitFor();

      await page.reload();
      await chats.getByText("second chat").waitFor();
      await chats.getByText("first chat").waitFor();
      assert.equal(await page.locator(".message").count(), 0, "a reload starts a new chat");
      await chats.getByText("first chat").click();
      await page.locator(".message-assistant").filter({ hasText: "echo more of the first" }).waitFor();
      assert.deepEqual(await shownMessages(page), [
        "first chat",
        "echo first chat",
        "more of the first",
        "echo more of the first",
      ]);
      await chats.getByText("second chat").click();
      await page.locator(".message-assistant").filter({ hasText: "echo second chat" }).waitFor();
      assert.deepEqual(await shownMessages(page), ["second chat", "echo second chat"]);
      // Going on in a reopened chat saves it in its place, not as a new one.
      await say(page, "back again");
      await page.reload();
      await chats.getByText("second chat").click();
      await page.locator(".message-assistant").filter({ hasText: "echo back again" }).waitFor();
      assert.equal(await chats.getByRole("row").count(), 2);
    });
  });
});
