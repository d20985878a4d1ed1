/**
 * ChatInterface `additionalOutputs` in headless Chromium, after Gradio's chatinterface_artifacts demo: asking
 * for Python shows the reply in the chat and the code in a Code component beside it.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser } from "playwright-core";
import { browserSuite, onPage } from "../frontend/e2e/harness.js";

let browser: Browser;
const start = browserSuite((launched) => (browser = launched));

const PYTHON_CODE = "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)";

describe("a ChatInterface with additional outputs", () => {
  test("the fn's extra value goes to the Code component; a bare reply leaves it as it is", async (t) => {
    const url = await start(
      new gr.ChatInterface({
        fn: async function* chat(message: unknown) {
          if (String(message).toLowerCase().includes("python")) {
            yield ["Type Python or JavaScript to see the code.", gr.update({ language: "python", value: PYTHON_CODE })];
            return;
          }
          yield "Please ask about Python or JavaScript.";
        },
        additionalOutputs: [new gr.Code({ label: "Artifact" })],
      }),
    );
    await onPage(t, browser, url, async (page) => {
      const box = page.getByPlaceholder("Type a message…");
      await box.fill("Python please");
      await box.press("Enter");
      await page.locator(".message-assistant").filter({ hasText: "to see the code" }).waitFor();
      await page.getByText("def fib(n):").waitFor();
      await box.fill("hello");
      await box.press("Enter");
      await page.locator(".message-assistant").filter({ hasText: "Please ask about" }).waitFor();
      assert.equal(await page.getByText("def fib(n):").count(), 1, "the code stays");
    });
  });
});
