/**
 * Themes, custom CSS, elem_id/elem_classes, dark mode and styled app HTML, in Chromium: what the page
 * really paints (computed styles), under the harness's stricter CSP where the server's is not needed.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser, Page } from "playwright-core";
import { browserSuite, onPage } from "../frontend/e2e/harness.js";

let browser: Browser;
const start = browserSuite((b) => (browser = b));

const CSS = `
#special { border-color: rgb(0, 128, 0); }
.shout :is(input, textarea) { text-transform: uppercase; }
.dark #special { border-color: rgb(0, 0, 255); }
#myrow { outline: 3px solid rgb(1, 2, 3); }
`;

const STYLED = `<p id="styled" style="color: rgb(0, 0, 255); font-weight: 700; position: fixed; top: 0; left: 0;
background-image: url(https://example.com/track.png)">Styled</p>`;

/** `styledHtml`: only where the page runs under the server's CSP (the harness's refuses style attributes). */
function themedApp(styledHtml = false) {
  const theme = new gr.themes.Soft().set({ buttonPrimaryBackgroundFill: "rgb(255, 0, 0)" });
  return new gr.Blocks({ theme, css: CSS, fillWidth: true }, () => {
    new gr.Textbox({ label: "Special", elemId: "special", elemClasses: ["shout"] });
    gr.Row({ elemId: "myrow", elemClasses: ["rowy"] }, () => {
      new gr.Button({ value: "Go", variant: "primary" });
    });
    if (styledHtml) new gr.HTML(STYLED);
  });
}

const style = (page: Page, selector: string, property: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((element, name) => getComputedStyle(element).getPropertyValue(name), property);

/** "#rrggbb" → "rgb(r, g, b)", as getComputedStyle writes colours. */
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;

describe("themes and custom CSS in the browser", () => {
  test("a theme with a .set() override and the app's CSS are applied, and elem_id/elem_classes target blocks", async (t) => {
    const demo = themedApp();
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      await page.getByRole("button", { name: "Go" }).waitFor();
      assert.equal(await style(page, "button.button-primary", "background-color"), "rgb(255, 0, 0)");
      // As in Gradio, Soft().set(...) puts the background back to white; Soft's own text colour stays.
      assert.equal(demo.theme.computed("body_background_fill"), "white");
      assert.equal(await style(page, "body", "background-color"), "rgb(255, 255, 255)");
      assert.equal(await style(page, "body", "color"), rgb(demo.theme.computed("body_text_color")));
      assert.equal(await style(page, "#special", "border-top-color"), "rgb(0, 128, 0)");
      assert.ok(await page.locator("#special").evaluate((element) => element.classList.contains("shout")));
      assert.equal(await style(page, ".shout :is(input, textarea)", "text-transform"), "uppercase");
      assert.equal(await style(page, "#myrow", "outline-color"), "rgb(1, 2, 3)");
      assert.ok(await page.locator("#myrow").evaluate((element) => element.classList.contains("rowy")));
      // fillWidth: the app is not a centred column.
      assert.equal(await style(page, "main.app", "max-width"), "none");
      const fonts = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--font"));
      assert.match(fonts, /Montserrat/);
    });
  });

  test("?__theme=dark and the system preference turn dark mode on, with the theme's dark values", async (t) => {
    const demo = themedApp();
    const url = await start(demo);
    const darkBody = rgb(demo.theme.computed("body_background_fill_dark"));
    await onPage(t, browser, `${url}?__theme=dark`, async (page) => {
      await page.getByRole("button", { name: "Go" }).waitFor();
      assert.ok(await page.evaluate(() => document.documentElement.classList.contains("dark")));
      assert.equal(await style(page, "body", "background-color"), darkBody);
      assert.equal(await style(page, "#special", "border-top-color"), "rgb(0, 0, 255)");
    });
    await onPage(t, browser, url, async (page) => {
      await page.emulateMedia({ colorScheme: "dark" });
      await page.getByRole("button", { name: "Go" }).waitFor();
      assert.equal(await style(page, "body", "background-color"), darkBody);
      await page.emulateMedia({ colorScheme: "light" });
      await page.waitForFunction(() => !document.documentElement.classList.contains("dark"));
      assert.equal(await style(page, "body", "background-color"), "rgb(255, 255, 255)");
    });
    await onPage(t, browser, `${url}?__theme=light`, async (page) => {
      await page.emulateMedia({ colorScheme: "dark" });
      await page.getByRole("button", { name: "Go" }).waitFor();
      assert.ok(!(await page.evaluate(() => document.documentElement.classList.contains("dark"))));
    });
  });

  test("style attributes in app HTML apply under the server's CSP, minus fixed positioning and fetches", async (t) => {
    const url = await start(themedApp(true));
    await onPage(
      t,
      browser,
      url,
      async (page) => {
        const response = await page.reload();
        const csp = (await response?.headerValue("content-security-policy")) ?? "";
        assert.match(csp, /style-src-attr 'unsafe-inline'/);
        assert.match(csp, /style-src-elem 'self'/);
        await page.locator("#styled").waitFor();
        assert.equal(await style(page, "#styled", "color"), "rgb(0, 0, 255)");
        assert.equal(await style(page, "#styled", "font-weight"), "700");
        assert.equal(await style(page, "#styled", "position"), "static");
        assert.equal(await style(page, "#styled", "background-image"), "none");
        // The HTML's box contains what its styles do.
        assert.equal(await style(page, ".html", "contain"), "paint");
      },
      { serverCsp: true },
    );
  });
});
