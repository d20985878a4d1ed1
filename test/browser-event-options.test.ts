/**
 * Event options and table options that change what the page does, in headless Chromium: `queue: false`
 * (the page calls run/predict), `scrollToOutput`, and the Dataframe's wrap, column widths, pinned
 * columns and Markdown/HTML cells.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser } from "playwright-core";
import { browserSuite, fieldShows, onPage } from "../frontend/e2e/harness.js";

let browser: Browser;
const start = browserSuite((launched) => (browser = launched));

describe("event options in the browser", () => {
  test("queue: false: the page calls POST run/predict, not the queue, and shows the result", async (t) => {
    const demo = new gr.Blocks({}, () => {
      const name = new gr.Textbox({ label: "Name" });
      const out = new gr.Textbox({ label: "Out" });
      new gr.Button({ value: "Go" }).click({ fn: (s: string) => `hi ${s}`, inputs: name, outputs: out, queue: false });
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      const paths: string[] = [];
      page.on("request", (request) => paths.push(new URL(request.url()).pathname));
      await page.getByLabel("Name", { exact: true }).fill("Ada");
      const direct = page.waitForRequest(
        (request) => request.url().endsWith("/gradio_api/run/predict") && request.method() === "POST",
      );
      await page.getByRole("button", { name: "Go" }).click();
      await direct;
      await fieldShows(page, "Out", "hi Ada");
      assert.ok(!paths.some((p) => p.endsWith("/queue/join")), `the queue was joined: ${paths.join(", ")}`);
    });
  });

  test("scrollToOutput: the page scrolls to the first output once the event has its result", async (t) => {
    const demo = new gr.Blocks({}, () => {
      const go = new gr.Button({ value: "Go" });
      // A tall column puts the output far below the fold.
      for (let i = 0; i < 12; i++) new gr.Markdown({ value: `filler ${i}\n\n${"line\n\n".repeat(8)}` });
      const out = new gr.Textbox({ label: "Far" });
      const near = new gr.Textbox({ label: "Near" });
      go.click({ fn: () => "done", outputs: out, scrollToOutput: true });
      near.submit({ fn: () => "quiet", outputs: near });
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      assert.equal(await page.evaluate(() => window.scrollY), 0);
      await page.getByRole("button", { name: "Go" }).click();
      await fieldShows(page, "Far", "done");
      await page.waitForFunction(() => {
        const box = [...document.querySelectorAll("textarea")].find((e) => e.labels?.[0]?.textContent === "Far");
        const top = box?.getBoundingClientRect().top ?? -1;
        return window.scrollY > 0 && top >= 0 && top < window.innerHeight;
      });
    });
  });
});

describe("Textbox focus and blur in the browser", () => {
  test("focus and blur run their events", async (t) => {
    const demo = new gr.Blocks({}, () => {
      const name = new gr.Textbox({ label: "Name" });
      const log = new gr.Textbox({ label: "Log" });
      name.focus({ fn: (s: string) => `focus ${s}`, inputs: name, outputs: log });
      gr.on([[name, "blur"]], { fn: (s: string) => `blur ${s}`, inputs: name, outputs: log });
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      await page.getByLabel("Name", { exact: true }).focus();
      await fieldShows(page, "Log", "focus ");
      await page.getByLabel("Name", { exact: true }).fill("Ada");
      await page.getByLabel("Log", { exact: true }).focus();
      await fieldShows(page, "Log", "blur Ada");
    });
  });
});

describe("Dataframe display options in the browser", () => {
  test("wrap, column widths, pinned columns, and sanitized Markdown/HTML cells", async (t) => {
    const long = "a long sentence that would not fit in a narrow column without wrapping onto more lines";
    const demo = new gr.Blocks({}, () => {
      new gr.Dataframe({
        label: "Table",
        headers: ["id", "md", "html", "note", "more"],
        datatype: ["number", "markdown", "html", "str", "str"],
        value: {
          headers: ["id", "md", "html", "note", "more"],
          data: [
            [1, "**bold** and `code`", '<b>strong</b><img src=x onerror="window.pwned=1">', long, "x".repeat(400)],
          ],
        },
        wrap: true,
        columnWidths: [80, "200px", "150px", "160px", "900px"],
        pinnedColumns: 1,
        interactive: false,
      });
    });
    const url = await start(demo);
    await onPage(
      t,
      browser,
      url,
      async (page) => {
        const table = page.getByRole("grid", { name: "Table" });
        await table.waitFor();
        // Markdown cells are rendered, HTML cells sanitized (no handler survives).
        await page.locator("td.df-markdown strong").filter({ hasText: "bold" }).waitFor();
        await page.locator("td.df-markdown code").filter({ hasText: "code" }).waitFor();
        await page.locator("td.df-html b").filter({ hasText: "strong" }).waitFor();
        assert.equal(await page.locator("td.df-html [onerror]").count(), 0);
        assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
        // Column widths: a number is pixels.
        const widths = await page
          .locator("thead th")
          .evaluateAll((cells) => cells.map((cell) => Math.round(cell.getBoundingClientRect().width)));
        assert.deepEqual(widths.slice(0, 4), [80, 200, 150, 160]);
        // Wrap: the long note takes several lines in its 160px column.
        const noteHeight = await page
          .locator("td.df-str")
          .first()
          .evaluate((cell) => cell.getBoundingClientRect().height);
        assert.ok(noteHeight > 40, `the note cell is ${noteHeight}px tall: it did not wrap`);
        // Pinned: after scrolling sideways, the first column is still at the left edge.
        const scroller = page.locator(".df-scroll");
        const before = await page
          .locator("tbody td")
          .first()
          .evaluate((cell) => cell.getBoundingClientRect().left);
        await scroller.evaluate((element) => (element.scrollLeft = 400));
        await page.waitForFunction(() => (document.querySelector(".df-scroll")?.scrollLeft ?? 0) > 0);
        const after = await page
          .locator("tbody td")
          .first()
          .evaluate((cell) => cell.getBoundingClientRect().left);
        assert.equal(Math.round(after), Math.round(before));
        const second = await page
          .locator("tbody td")
          .nth(1)
          .evaluate((cell) => cell.getBoundingClientRect().left);
        assert.ok(second < before, "the unpinned columns scrolled");
      },
      { allowViolation: ({ directive }) => directive === "script-src-attr" },
    );
  });
});
