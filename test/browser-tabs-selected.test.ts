// In Chromium: Tabs({ selected }) opens on the Tab whose `id` it names, and a fn returning
// gr.update({ selected }) for the Tabs moves to that tab, also after the user chose another one, as in
// Gradio. Proves TabsOptions.selected and TabOptions.id; their wire names are Gradio's (`selected`, `id`).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser } from "playwright-core";
import { ensureFrontendBuilt, launchBrowser, onPage, serve } from "../frontend/e2e/harness.js";

let browser: Browser;
let app: { url: string; close: () => Promise<void> };

before(async () => {
  await ensureFrontendBuilt();
  browser = await launchBrowser();
  app = await serve(
    new gr.Blocks({}, () => {
      const tabs = gr.Tabs({ selected: "b" }, () => {
        gr.Tab("A", { id: "a" }, () => void new gr.Textbox({ label: "first" }));
        gr.Tab("B", { id: "b" }, () => void new gr.Textbox({ label: "second" }));
        gr.Tab("C", { id: "c" }, () => void new gr.Textbox({ label: "third" }));
      });
      const back = new gr.Button("Back to A");
      back.click({ fn: () => gr.update({ selected: "a" }), outputs: tabs });
    }),
  );
});

after(async () => {
  await browser?.close();
  await app?.close();
});

test("the config names them as Gradio does", async () => {
  const config = (await (await fetch(new URL("config", app.url))).json()) as {
    components: { type: string; props: Record<string, unknown> }[];
  };
  assert.deepEqual(
    config.components.filter((c) => c.type === "tabs").map((c) => c.props.selected),
    ["b"],
  );
  assert.deepEqual(
    config.components.filter((c) => c.type === "tabitem").map((c) => c.props.id),
    ["a", "b", "c"],
  );
});

test("the page opens on the selected tab, and a fn's update of selected moves it", async (t) => {
  await onPage(t, browser, app.url, async (page) => {
    await page.getByLabel("second").waitFor({ state: "visible" });
    assert.equal(await page.getByLabel("first").isVisible(), false);
    assert.equal(await page.getByRole("tab", { name: "B" }).getAttribute("aria-selected"), "true");
    // The user's own choice first: the update must win over it.
    await page.getByRole("tab", { name: "C" }).click();
    await page.getByLabel("third").waitFor({ state: "visible" });
    await page.getByRole("button", { name: "Back to A" }).click();
    await page.getByLabel("first").waitFor({ state: "visible" });
    assert.equal(await page.getByLabel("third").isVisible(), false);
    assert.equal(await page.getByRole("tab", { name: "A" }).getAttribute("aria-selected"), "true");
  });
});
