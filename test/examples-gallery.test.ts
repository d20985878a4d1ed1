// The gallery `npm start` serves, run as a user runs it (its own process, the CLI's environment), then
// used through the official client and in Chromium: each app does its real work offline.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { Client, handle_file } from "@gradio/client";
import sharp from "sharp";
import type { Browser, Page } from "playwright-core";
import { ensureFrontendBuilt, launchBrowser, onPage } from "../frontend/e2e/harness.js";
import { startReplica, type Replica } from "./helpers/redis.js";

const GALLERY = fileURLToPath(new URL("../examples/gallery.ts", import.meta.url));

describe("the example gallery", () => {
  let app: Replica;
  let url: string;
  let browser: Browser;

  before(async () => {
    await ensureFrontendBuilt();
    app = await startReplica({}, GALLERY);
    url = app.url.endsWith("/") ? app.url : `${app.url}/`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.kill("SIGTERM");
  });

  test("photo lab, sentiment, the grammar bot and the digits answer @gradio/client", { timeout: 30_000 }, async () => {
    const client = await Client.connect(url);
    const picture = await sharp({ create: { width: 8, height: 4, channels: 3, background: { r: 200, g: 40, b: 40 } } })
      .png()
      .toBuffer();
    const [result] = (await client.predict("/photo_lab", [handle_file(new Blob([picture])), "grayscale", 1])).data as [
      { url: string },
    ];
    const { info, data } = await sharp(Buffer.from(await (await fetch(result.url)).arrayBuffer()))
      .raw()
      .toBuffer({ resolveWithObject: true });
    assert.equal(info.width, 8);
    assert.ok(info.channels === 1 || (data[0] === data[1] && data[1] === data[2]), "grey pixels");

    const [tone, , score] = (await client.predict("/sentiment", ["What a wonderful, happy day!"])).data as [
      { label: string },
      unknown,
      number,
    ];
    assert.equal(tone.label, "positive");
    assert.ok(score > 0);

    const [reply] = (await client.predict("/grammar_bot", ["Ada Lovelace wrote the first program in London."]))
      .data as [string];
    assert.match(reply, /\*\*People:\*\* .*ada lovelace/i);
    assert.match(reply, /\*\*Places:\*\* .*london/i);

    const seven = await readFile(fileURLToPath(new URL("../examples/digits/samples/7-1496.png", import.meta.url)));
    const [digit] = (await client.predict("/classify_digit", [handle_file(new Blob([new Uint8Array(seven)]))]))
      .data as [{ label: string }];
    assert.equal(digit.label, "7");
    client.close();
  });

  test(
    "the sentence workshop lays out one row per sentence (gr.render) and rewrites each one",
    { timeout: 60_000 },
    async (t) => {
      const sentence = (page: Page, n: number) => page.getByLabel(`Sentence ${n}`, { exact: true });
      await onPage(t, browser, url, async (page) => {
        await page.getByRole("tab", { name: "Sentence workshop" }).click();
        await sentence(page, 2).waitFor();
        assert.equal(await sentence(page, 1).inputValue(), "We walk to the old harbour.");
        assert.equal(await sentence(page, 3).count(), 0);

        await page.getByRole("button", { name: "Past" }).first().click();
        await page.waitForFunction(() =>
          [...document.querySelectorAll("textarea, input")].some(
            (el) => (el as HTMLInputElement).value === "We walked to the old harbour.",
          ),
        );
        await page.getByRole("button", { name: "Negative" }).nth(1).click();
        await page.waitForFunction(() =>
          [...document.querySelectorAll("textarea, input")].some(
            (el) => (el as HTMLInputElement).value === "She does not write a long letter.",
          ),
        );

        await page
          .getByLabel("Text", { exact: true })
          .fill("I bake fresh bread. The children play in the park. We walk home.");
        await sentence(page, 3).waitFor();
        assert.equal(await sentence(page, 1).inputValue(), "I bake fresh bread.");
        assert.equal(await sentence(page, 3).inputValue(), "We walk home.");
        await page.getByRole("button", { name: "Future" }).nth(2).click();
        await page.waitForFunction(() =>
          [...document.querySelectorAll("textarea, input")].some(
            (el) => (el as HTMLInputElement).value === "We will walk home.",
          ),
        );
      });
    },
  );
});
