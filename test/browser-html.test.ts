// gr.HTML in Chromium under the strict CSP: templates filled from value and props, a scoped cssTemplate,
// jsOnLoad from the app's jsModule changing the value and firing a custom event that reaches the server.
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser } from "playwright-core";
import { browserSuite, onPage } from "../frontend/e2e/harness.js";

let browser: Browser;
const start = browserSuite((launched) => (browser = launched));

describe("gr.HTML templates, cssTemplate, jsOnLoad and events", () => {
  let url: string;
  const rated: number[] = [];

  before(async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-html-"));
    const module = path.join(dir, "stars.js");
    await writeFile(
      module,
      [
        // Listeners on `element` itself: a re-render replaces the nodes inside it.
        "export function starRating({ element, props, trigger }) {",
        "  element.addEventListener('click', (event) => {",
        "    const star = event.target.closest('.star');",
        "    if (star) props.value = [...element.querySelectorAll('.star')].indexOf(star) + 1;",
        "    if (event.target.closest('#submit-btn')) trigger('submit', { from: 'page' });",
        "  });",
        "  element.dataset.ready = 'yes';",
        "}",
      ].join("\n"),
    );
    const demo = new gr.Blocks({ jsModule: module }, () => {
      const stars = new gr.HTML<number>({
        value: 2,
        htmlTemplate:
          "{{#each stars}}<span class='star'>*</span>{{/each}}<b class='count'>${value}</b>" +
          "<i class='note'>{{note}}</i><button id='submit-btn'>Submit rating</button>",
        cssTemplate: ".count { color: ${color} } font-style: normal;",
        jsOnLoad: "starRating",
        props: { stars: [1, 2, 3, 4, 5], color: "rgb(255, 0, 0)", note: "<img onerror=alert(1)>" },
      });
      const out = new gr.Textbox({ label: "Submitted" });
      stars.on("submit", {
        fn: (n: number) => {
          rated.push(n);
          return `rated ${n}`;
        },
        inputs: stars,
        outputs: out,
      });
      const shown = new gr.HTML("<p class='plain'>plain <img onerror=alert(2)> html</p>");
      const clicked = new gr.Textbox({ label: "Clicked" });
      shown.click({ fn: () => "clicked", outputs: clicked });
    });
    url = await start(demo);
  });

  test("the template shows the value and props; what {{}} inserts is escaped, nothing runs", async (t) => {
    await onPage(t, browser, url, async (page) => {
      await page.waitForSelector(".count");
      assert.equal(await page.locator(".star").count(), 5);
      assert.equal(await page.locator(".count").textContent(), "2");
      assert.equal(await page.locator(".note").textContent(), "<img onerror=alert(1)>");
      assert.equal(await page.locator(".plain img[onerror]").count(), 0);
      const color = await page.locator(".count").evaluate((b) => getComputedStyle(b).color);
      assert.equal(color, "rgb(255, 0, 0)");
      // The sheet is scoped: another block's <b> keeps the page's colour.
      const outside = await page.evaluate(() => {
        const b = document.createElement("b");
        b.className = "count";
        document.body.append(b);
        return getComputedStyle(b).color;
      });
      assert.notEqual(outside, "rgb(255, 0, 0)");
    });
  });

  test("jsOnLoad sets the value (the template re-renders) and trigger() reaches the server listener", async (t) => {
    await onPage(t, browser, url, async (page) => {
      // jsOnLoad has run once it marks the element.
      await page.waitForSelector("[data-ready=yes] .star");
      await page.locator(".star").nth(3).click();
      await page.waitForFunction(() => document.querySelector(".count")?.textContent === "4");
      await page.getByRole("button", { name: "Submit rating" }).click();
      await page.waitForFunction(() =>
        [...document.querySelectorAll("textarea")].some((area) => area.value === "rated 4"),
      );
    });
    assert.deepEqual(rated, [4]);
  });

  test("a click on a plain HTML fires its click event (Gradio's default jsOnLoad)", async (t) => {
    await onPage(t, browser, url, async (page) => {
      await page.locator(".plain").click();
      await page.waitForFunction(() =>
        [...document.querySelectorAll("textarea")].some((area) => area.value === "clicked"),
      );
    });
  });
});
