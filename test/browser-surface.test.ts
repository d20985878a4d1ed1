/** TextArea, ClearButton, Sidebar and blocks placed later with `.render()`, in headless Chromium. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser } from "playwright-core";
import { browserSuite, fieldShows, onPage } from "../frontend/e2e/harness.js";

let browser: Browser;
const start = browserSuite((launched) => (browser = launched));

describe("newer components and layouts in the page", () => {
  test("a TextArea is 7 rows tall; a ClearButton empties its components and resets a State", async (t) => {
    const demo = new gr.Blocks({}, () => {
      const notes = new gr.TextArea({ label: "Notes", value: "some text" });
      const level = new gr.Slider({ label: "Level", minimum: 2, maximum: 9, value: 7 });
      const seen = new gr.State({ value: 0 });
      const count = new gr.Textbox({ label: "Count" });
      new gr.Button({ value: "Count" }).click({
        fn: (n: number) => [n + 1, String(n + 1)],
        inputs: [seen],
        outputs: [seen, count],
      });
      new gr.ClearButton({ components: [notes, level, seen, count], value: "Wipe" });
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      const notes = page.getByLabel("Notes", { exact: true });
      assert.equal(await notes.getAttribute("rows"), "7");
      await page.getByRole("button", { name: "Count" }).click();
      await fieldShows(page, "Count", "1");
      await page.getByRole("button", { name: "Count" }).click();
      await fieldShows(page, "Count", "2");
      await page.getByRole("button", { name: "Wipe" }).click();
      await fieldShows(page, "Notes", "");
      await fieldShows(page, "Count", "");
      assert.equal(await page.getByRole("slider", { name: "Level" }).inputValue(), "2");
      // The State went back to 0 on the server: the next count is 1 again.
      await page.getByRole("button", { name: "Count" }).click();
      await fieldShows(page, "Count", "1");
    });
  });

  test("a Sidebar opens and closes from its toggle, firing expand and collapse", async (t) => {
    const demo = new gr.Blocks({}, () => {
      const said = new gr.Textbox({ label: "Said" });
      const side = gr.Sidebar({ open: false, width: 250 }, () => new gr.Markdown("Inside the sidebar"));
      side.expand({ fn: () => "expanded", outputs: [said] });
      side.collapse({ fn: () => "collapsed", outputs: [said] });
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      const inside = page.getByText("Inside the sidebar");
      const toggle = page.getByRole("button", { name: "Open sidebar" });
      await toggle.waitFor();
      assert.equal(await toggle.getAttribute("aria-expanded"), "false");
      assert.equal(await inside.isVisible(), false);
      await toggle.click();
      await inside.waitFor({ state: "visible" });
      await fieldShows(page, "Said", "expanded");
      // The panel slides in (a 0.2 s transform): measure it once it has arrived.
      await page.waitForFunction(() => {
        const panel = document.querySelector(".sidebar");
        return panel !== null && Math.round(panel.getBoundingClientRect().x) === 0;
      });
      const box = await page.locator(".sidebar").boundingBox();
      assert.equal(Math.round(box!.width), 250);
      assert.equal(Math.round(box!.x), 0);
      await page.getByRole("button", { name: "Close sidebar" }).click();
      await inside.waitFor({ state: "hidden" });
      await fieldShows(page, "Said", "collapsed");
    });
  });

  test("blocks made with render: false appear where .render() puts them, and Examples made earlier fill them", async (t) => {
    const demo = new gr.Blocks({}, () => {
      const late = new gr.Textbox({ label: "Late", render: false });
      const panel = gr.Column({ render: false, elemId: "late-panel" }, () => new gr.Markdown("In the panel"));
      new gr.Examples({ examples: [["from the example"]], inputs: [late] });
      new gr.Markdown("Heading");
      late.render();
      panel.render();
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      await page.getByText("In the panel").waitFor();
      const inOrder = await page.evaluate(() => {
        const heading = [...document.querySelectorAll(".block-markdown")].find((e) =>
          e.textContent?.includes("Heading"),
        )!;
        const late = document.querySelector("[data-testid^=textbox-]")!;
        const panel = document.getElementById("late-panel")!;
        const following = Node.DOCUMENT_POSITION_FOLLOWING;
        return (
          Boolean(heading.compareDocumentPosition(late) & following) &&
          Boolean(late.compareDocumentPosition(panel) & following)
        );
      });
      assert.ok(inOrder, "Heading, then the Late textbox, then the panel");
      await page.getByText("from the example").click();
      await fieldShows(page, "Late", "from the example");
    });
  });
});
