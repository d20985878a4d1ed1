// In Chromium: bare Tabs (no gr.Tabs around them) show as tabs, one tab's content at a time, as in
// Gradio; an Interface shows its Flag button by default.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import os from "node:os";
import path from "node:path";
import { mkdtemp, rm } from "node:fs/promises";
import * as gr from "gradio-ts";
import type { Browser } from "playwright-core";
import { ensureFrontendBuilt, launchBrowser, onPage, serve } from "../frontend/e2e/harness.js";

let browser: Browser;
let tabs: { url: string; close: () => Promise<void> };
let iface: { url: string; close: () => Promise<void> };
let flagDir = "";

before(async () => {
  await ensureFrontendBuilt();
  browser = await launchBrowser();
  tabs = await serve(
    new gr.Blocks({}, () => {
      gr.Tab("One", () => void new gr.Textbox({ label: "first" }));
      gr.Tab("Two", () => void new gr.Textbox({ label: "second" }));
      new gr.Markdown({ value: "between the tabs" });
      gr.Tab("Three", () => void new gr.Textbox({ label: "third" }));
    }),
  );
  flagDir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-browser-flags-"));
  iface = await serve(
    new gr.Interface({
      fn: function shout(text: string) {
        return text.toUpperCase();
      },
      inputs: "text",
      outputs: "text",
      flaggingDir: flagDir,
    }),
  );
});

after(async () => {
  await browser?.close();
  await tabs?.close();
  await iface?.close();
  await rm(flagDir, { recursive: true, force: true });
});

test("bare Tabs: one tab's content shows at a time, and the tabs switch it", async (t) => {
  await onPage(t, browser, tabs.url, async (page) => {
    await page.getByText("between the tabs").waitFor();
    assert.equal(await page.getByRole("tab").count(), 3);
    assert.equal(await page.getByRole("tablist").count(), 2);
    assert.equal(await page.getByLabel("first").isVisible(), true);
    assert.equal(await page.getByLabel("second").isVisible(), false);
    // "Three" is the first (and only) tab of its own group, after the Markdown.
    assert.equal(await page.getByLabel("third").isVisible(), true);
    await page.getByRole("tab", { name: "Two" }).click();
    await page.getByLabel("second").waitFor({ state: "visible" });
    assert.equal(await page.getByLabel("first").isVisible(), false);
  });
});

test("an Interface shows a Flag button by default", async (t) => {
  await onPage(t, browser, iface.url, async (page) => {
    await page.getByRole("button", { name: "Flag" }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Submit" }).count(), 1);
  });
});
