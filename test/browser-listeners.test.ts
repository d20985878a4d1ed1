/**
 * Listeners the page fires, in headless Chromium: a function value with `inputs` runs on page load and
 * again when its input changes.
 */
import { describe, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser } from "playwright-core";
import { browserSuite, fieldShows, onPage } from "../frontend/e2e/harness.js";

let browser: Browser;
const start = browserSuite((launched) => (browser = launched));

describe("listeners in the browser", () => {
  test("a function value with inputs runs on load and when its input changes", async (t) => {
    const demo = new gr.Blocks({}, () => {
      const name = new gr.Textbox({ label: "Name", value: "Ada" });
      new gr.Textbox({ label: "Greeting", value: (who: string) => `hi ${who}`, inputs: [name] });
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      await fieldShows(page, "Greeting", "hi Ada");
      await page.getByLabel("Name", { exact: true }).fill("Bo");
      await fieldShows(page, "Greeting", "hi Bo");
    });
  });
});
