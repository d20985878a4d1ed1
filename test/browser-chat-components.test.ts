/**
 * In headless Chromium: components inside Chatbot messages appear, shown by the page's own Image and
 * Audio components (loaded on demand), and a button's `icon` image renders beside its label.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser } from "playwright-core";
import { browserSuite, onPage } from "../frontend/e2e/harness.js";

const MEDIA = path.join(import.meta.dirname, "conformance", "media");
let browser: Browser;
const start = browserSuite((launched) => (browser = launched));

describe("a Chatbot whose replies hold an Image and an Audio", () => {
  let url: string;
  before(async () => {
    url = await start(
      new gr.Blocks({}, () => {
        const chatbot = new gr.Chatbot({ label: "Chat" });
        const kind = new gr.Textbox({ label: "Kind" });
        kind.submit({
          fn: function bot(history: gr.ChatMessage[] | null, wanted: string) {
            const content =
              wanted === "audio"
                ? new gr.Audio({ value: path.join(MEDIA, "rising.wav"), label: "Rising tone" })
                : new gr.Image({ value: path.join(MEDIA, "square.png"), label: "Square" });
            return [
              ...(history ?? []),
              { role: "user", content: wanted },
              { role: "assistant", content },
            ] as gr.ChatReturnMessage[];
          },
          inputs: [chatbot, kind],
          outputs: chatbot,
        });
      }),
    );
  });

  test("the image and the audio appear inside the assistant's messages", async (t) => {
    await onPage(t, browser, url, async (page) => {
      const kind = page.getByLabel("Kind");
      await kind.fill("image");
      await kind.press("Enter");
      const image = page.locator(".message-assistant .message-component-image img");
      await image.waitFor();
      await page.waitForFunction(
        () => (document.querySelector(".message-component-image img") as HTMLImageElement | null)?.naturalWidth,
      );
      assert.ok(await image.isVisible());
      assert.match(String(await image.getAttribute("src")), /square\.png$/);
      assert.equal(await page.locator(".message-component-image").getByText("Square").count(), 1, "its label");

      await kind.fill("audio");
      await kind.press("Enter");
      const audio = page.locator(".message-assistant .message-component-audio audio");
      await audio.waitFor({ state: "attached" });
      assert.match(String(await audio.getAttribute("src")), /rising\.wav$/);
      assert.equal(await page.locator(".message-assistant .message-component-image img").count(), 1);
      // The message's component is shown, not editable: no upload controls inside the chat.
      assert.equal(await page.locator(".chat-log input[type=file]").count(), 0);
    });
  });
});

describe("a button's icon", () => {
  let url: string;
  before(async () => {
    url = await start(
      new gr.Blocks({}, () => {
        new gr.Button({ value: "Starred", icon: path.join(MEDIA, "square.png") });
        new gr.UploadButton({ label: "Upload with icon", icon: path.join(MEDIA, "square.png") });
      }),
    );
  });

  test("renders beside the label, served from the app's files", async (t) => {
    await onPage(t, browser, url, async (page) => {
      const icon = page.getByRole("button", { name: "Starred" }).locator("img.button-icon");
      await icon.waitFor();
      await page.waitForFunction(() => (document.querySelector("img.button-icon") as HTMLImageElement)?.naturalWidth);
      assert.match(String(await icon.getAttribute("src")), /gradio_api\/file=.*square\.png$/);
      const uploadIcon = page.getByRole("button", { name: "Upload with icon" }).locator("img.button-icon");
      await uploadIcon.waitFor();
    });
  });
});
