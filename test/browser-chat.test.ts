/**
 * ChatInterface and Chatbot end to end in headless Chromium: streaming tokens render as they arrive,
 * Markdown is sanitized, code is highlighted, LaTeX becomes MathML, retry/undo/clear, feedback, and a
 * multimodal chat with an attached image.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser } from "playwright-core";
import { browserSuite, onPage } from "../frontend/e2e/harness.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let browser: Browser;
const start = browserSuite((launched) => (browser = launched));

describe("a streaming ChatInterface", () => {
  let url: string;
  let calls = 0;
  const liked: unknown[] = [];
  before(async () => {
    const demo = new gr.ChatInterface({
      fn: async function* (message: unknown, history: unknown[]) {
        calls++;
        const text = String(message);
        if (text === "rich") {
          yield '**bold** and <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>\n\n```python\ndef f(x):\n    return 1\n```\n\nEuler: $$e^{i\\pi}+1=0$$';
          return;
        }
        const reply = `You said ${text} (turn ${history.length / 2 + 1}, call ${calls}) and that is all there is to it`;
        const words = reply.split(" ");
        for (let i = 1; i <= words.length; i++) {
          await sleep(60);
          yield words.slice(0, i).join(" ");
        }
      },
      title: "Echo chat",
      examples: ["hello there", "rich"],
    });
    demo.extend(() => {
      demo.chatbot.like({ fn: () => void liked.push(1), inputs: [] } as never);
    });
    url = await start(demo);
  });

  test("tokens stream into the assistant bubble; retry, undo and clear work", async (t) => {
    await onPage(t, browser, url, async (page) => {
      const box = page.getByPlaceholder("Type a message…");
      await box.fill("ping");
      // Record every distinct text the assistant bubble shows while the reply streams.
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { __seen: string[] }).__seen = seen;
        new MutationObserver(() => {
          const text = document.querySelector(".message-assistant .message-text")?.textContent ?? "";
          if (text && seen.at(-1) !== text) seen.push(text);
          // The Stop button shows only while the reply streams: noted here, as a slow poll could miss it.
          const stop = [...document.querySelectorAll("button")].some((b) => b.textContent?.trim() === "Stop");
          if (stop) (window as unknown as { __stopShown: boolean }).__stopShown = true;
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      await box.press("Enter");
      await page.locator(".message-user").filter({ hasText: "ping" }).waitFor();
      await page
        .locator(".message-assistant .message-text")
        .filter({ hasText: /that is all there is to it/ })
        .waitFor();
      assert.ok(await page.evaluate(() => (window as unknown as { __stopShown?: boolean }).__stopShown), "Stop shown");
      const seen = await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
      assert.ok(seen.length >= 5, `expected incremental renders, saw ${seen.length}: ${JSON.stringify(seen)}`);
      const full = "You said ping (turn 1, call 1) and that is all there is to it";
      assert.ok(
        seen.every((text) => full.startsWith(text.trim())),
        `each render is a prefix of the reply: ${JSON.stringify(seen)}`,
      );
      assert.equal(await box.inputValue(), "", "the textbox empties after sending");
      await page.getByRole("button", { name: "Submit" }).waitFor();

      // Retry: runs the last user message again (a new call number), same number of messages.
      await page.getByRole("button", { name: "Retry" }).click();
      await page
        .locator(".message-assistant .message-text")
        .filter({ hasText: /call 2\) and that is all there is to it/ })
        .waitFor();
      assert.equal(await page.locator(".message").count(), 2);

      // Undo: takes the turn back and puts the text in the box again.
      await page.getByRole("button", { name: "Undo" }).click();
      await page.locator(".message").first().waitFor({ state: "detached" });
      await page.waitForFunction(
        () =>
          (document.querySelector<HTMLInputElement>(
            "input[placeholder='Type a message…'], textarea[placeholder='Type a message…']",
          )?.value ?? "") === "ping",
      );

      // Two turns, then Clear empties the chat.
      await page.getByRole("button", { name: "Submit" }).click();
      await page
        .locator(".message-assistant .message-text")
        .filter({ hasText: /turn 1, call 3\) and that is all there is to it/ })
        .waitFor();
      await box.fill("again");
      await box.press("Enter");
      await page
        .locator(".message-assistant .message-text")
        .filter({ hasText: /again \(turn 2, call 4\) and that is all there is to it/ })
        .waitFor();
      assert.equal(await page.locator(".message").count(), 4);
      await page.getByRole("button", { name: "Clear" }).click();
      await page.locator(".message").first().waitFor({ state: "detached" });
    });
  });

  test("markdown is sanitized, code highlighted, LaTeX drawn as MathML; examples and feedback", async (t) => {
    await onPage(t, browser, url, async (page) => {
      await page.getByRole("row", { name: /Example 2/ }).click();
      await page.getByRole("button", { name: "Submit" }).click();
      const bubble = page.locator(".message-assistant");
      await bubble.locator("strong", { hasText: "bold" }).waitFor();
      await bubble.locator("math").waitFor();
      await bubble.locator("code.language-python .hljs-keyword", { hasText: "def" }).waitFor();
      assert.equal(await bubble.locator("script, [onerror]").count(), 0);
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
      assert.match((await bubble.locator("math").textContent()) ?? "", /e.*i.*π.*1.*=.*0/);
      // The browser sends which message and which choice as the event data (Gradio's LikeData).
      const join = page.waitForRequest(
        (request) => request.url().includes("/queue/join") && (request.postData() ?? "").includes('"liked"'),
      );
      await bubble.getByRole("button", { name: "Like", exact: true }).click();
      const sent = JSON.parse((await join).postData()!) as {
        event_data: { index: number; liked: unknown; value: unknown };
      };
      assert.equal(sent.event_data.index, 1);
      assert.equal(sent.event_data.liked, true);
      assert.match(String(sent.event_data.value), /^\*\*bold\*\*/);
      await page.waitForFunction(
        () => document.querySelector(".message-assistant [aria-pressed='true']")?.textContent === "Like",
      );
      for (let i = 0; i < 50 && liked.length === 0; i++) await sleep(50);
      assert.deepEqual(liked.length, 1);
    });
  });
});

describe("a Chatbot with editable messages", () => {
  let url: string;
  const edits: unknown[] = [];
  before(async () => {
    const demo = new gr.Blocks({}, () => {
      const chat = new gr.Chatbot({
        editable: "user",
        value: [
          { role: "user", content: "first question" },
          { role: "assistant", content: "first answer" },
        ],
      });
      chat.edit({
        fn: (history: gr.ChatMessage[], context: gr.EventContext) => {
          edits.push({ eventData: context.eventData, history });
          return [...history, { role: "assistant", content: `edited to ${String(history[0]!.content)}` }];
        },
        inputs: [chat],
        outputs: [chat],
      });
    });
    url = await start(demo);
  });

  test("the reader rewrites their message; the edit event gets Gradio's EditData and the new history", async (t) => {
    await onPage(t, browser, url, async (page) => {
      const user = page.locator(".message-user");
      await user.filter({ hasText: "first question" }).waitFor();
      // editable="user": only the user's message has an Edit button.
      assert.equal(await page.locator(".message-assistant").getByRole("button", { name: "Edit" }).count(), 0);
      await user.getByRole("button", { name: "Edit" }).click();
      const box = page.getByRole("textbox", { name: "Edit message" });
      assert.equal(await box.inputValue(), "first question");
      await box.fill("better question");
      await page.getByRole("button", { name: "Submit" }).click();
      await page.locator(".message-assistant").filter({ hasText: "edited to better question" }).waitFor();
      assert.equal(edits.length, 1);
      const { eventData, history } = edits[0] as { eventData: Record<string, unknown>; history: gr.ChatMessage[] };
      assert.deepEqual(eventData, { index: 0, value: "better question", previous_value: "first question" });
      assert.deepEqual(
        history.map((m) => m.content),
        ["better question", "first answer"],
      );
    });
  });
});
