// In Chromium: a multipage app (demo.route) shows each page at its path with a nav bar linking them,
// shaped by the page's gr.Navbar; gr.I18n shows the app's text in the browser's language, with
// fallbacks (fr-CA → fr, an unknown language → English).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser } from "playwright-core";
import { ensureFrontendBuilt, launchBrowser, onPage } from "../frontend/e2e/harness.js";
import { startServer, type TestServer } from "./helpers/server.js";

let browser: Browser;
let multipage: TestServer;
let translated: TestServer;

const i18n = gr.I18n({
  en: { name: "Your name", greet: "Greet", page: "Settings" },
  fr: { name: "Votre nom", greet: "Saluer", page: "Réglages" },
});

before(async () => {
  await ensureFrontendBuilt();
  browser = await launchBrowser();
  const demo = new gr.Blocks({}, () => {
    new gr.Navbar({ mainPageName: "Start", value: [["Docs", "https://example.com/docs"]] });
    const name = new gr.Textbox({ label: "Main text" });
    new gr.Button("Shout").click({ fn: (s: string) => s.toUpperCase(), inputs: [name], outputs: [name] });
  });
  demo.route("Settings", "/settings", (page) => {
    const n = new gr.Number({ label: "Count", value: 1 });
    const loaded = new gr.Textbox({ label: "Loaded" });
    page.load({ fn: () => "settings loaded", outputs: [loaded] });
    new gr.Button("Add one").click({ fn: (x: number) => x + 1, inputs: [n], outputs: [n] });
  });
  demo.route("Hidden", { path: "hidden", showInNavbar: false }, () => {
    new gr.Navbar({ visible: false });
    new gr.Markdown("Hidden page");
  });
  multipage = await startServer(demo);

  const app = new gr.Blocks({}, () => {
    const name = new gr.Textbox({ label: i18n("name") });
    new gr.Button(i18n("greet")).click({ fn: (s: string) => `${s}!`, inputs: [name], outputs: [name] });
  });
  app.route(i18n("page"), "/settings", () => void new gr.Markdown("settings"));
  translated = await startServer(app, { i18n });
});

after(async () => {
  await browser?.close();
  await multipage?.close();
  await translated?.close();
});

test("the main page shows its own blocks and a nav bar with the pages and the Navbar's links", async (t) => {
  await onPage(t, browser, multipage.url, async (page) => {
    await page.getByLabel("Main text").waitFor({ state: "visible" });
    assert.equal(await page.getByLabel("Count").count(), 0);
    const nav = page.getByRole("navigation", { name: "Pages" });
    assert.deepEqual(await nav.getByRole("link").allInnerTexts(), ["Start", "Settings", "Docs"]);
    assert.equal(await nav.getByRole("link", { name: "Start" }).getAttribute("aria-current"), "page");
    assert.equal(await nav.getByRole("link", { name: "Docs" }).getAttribute("href"), "https://example.com/docs");
  });
});

test("a page's path shows that page, whose events run", async (t) => {
  await onPage(t, browser, multipage.url, async (page) => {
    await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(/\/settings$/);
    const count = page.getByLabel("Count");
    await count.waitFor({ state: "visible" });
    // The page's own load event ran.
    await page.waitForFunction(() =>
      [...document.querySelectorAll("input, textarea")].some(
        (el) => (el as HTMLInputElement).value === "settings loaded",
      ),
    );
    assert.equal(await page.getByLabel("Main text").count(), 0);
    assert.equal(await page.getByRole("link", { name: "Settings" }).getAttribute("aria-current"), "page");
    await page.getByRole("button", { name: "Add one" }).click();
    await page.waitForFunction(() => (document.querySelector("input[type=number]") as HTMLInputElement)?.value === "2");
  });
});

test("a page whose Navbar is hidden shows no nav bar", async (t) => {
  await onPage(t, browser, `${multipage.url.replace(/\/$/, "")}/hidden`, async (page) => {
    await page.getByText("Hidden page").waitFor({ state: "visible" });
    assert.equal(await page.getByRole("navigation", { name: "Pages" }).count(), 0);
  });
});

for (const [locale, expected] of [
  ["fr-CA", { name: "Votre nom", greet: "Saluer", page: "Réglages", lang: "fr" }],
  ["de-DE", { name: "Your name", greet: "Greet", page: "Settings", lang: "en" }],
] as const) {
  test(`gr.I18n in a browser speaking ${locale}`, async (t) => {
    await onPage(
      t,
      browser,
      translated.url,
      async (page) => {
        await page.getByLabel(expected.name).waitFor({ state: "visible" });
        assert.equal(await page.getByRole("button", { name: expected.greet }).count(), 1);
        assert.equal(await page.getByRole("link", { name: expected.page }).count(), 1);
        assert.equal(await page.locator("html").getAttribute("lang"), expected.lang);
        assert.equal(await page.getByText("__i18n__").count(), 0);
      },
      { locale },
    );
  });
}
