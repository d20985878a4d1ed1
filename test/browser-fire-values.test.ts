/**
 * Listeners the page fires with Gradio's event data, in headless Chromium: `edit` on Dataframe
 * (EditData), `select` on Textbox, Label and Dataset (SelectData), `copy` on Markdown (CopyData).
 * Each listener writes what its fn received into a Textbox the test reads.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser } from "playwright-core";
import { browserSuite, fieldShows, onPage } from "../frontend/e2e/harness.js";

let browser: Browser;
const start = browserSuite((launched) => (browser = launched));

/** `{ index, value, selected }` of a SelectData, as one line. */
function describeSelect(data: unknown): string {
  const { index, value, selected } = (data ?? {}) as { index?: unknown; value?: unknown; selected?: unknown };
  return `select ${JSON.stringify(value)} at ${JSON.stringify(index)} ${String(selected ?? true)}`;
}

describe("Dataframe edit in the browser", () => {
  test("an edited cell fires edit with its index in the data (not the sorted view), new and old text", async (t) => {
    const demo = new gr.Blocks({}, () => {
      const table = new gr.Dataframe({
        label: "People",
        headers: ["name", "age"],
        datatype: ["str", "number"],
        value: [
          ["Alice", 30],
          ["Bob", 25],
        ],
        interactive: true,
      });
      const got = new gr.Textbox({ label: "Got" });
      table.edit({
        fn: (rows: { data: unknown[][] }, context) => {
          const { index, value, previous_value: previous } = context.eventData!;
          return `edit ${JSON.stringify(index)} ${JSON.stringify(value)} was ${JSON.stringify(previous)}; ${JSON.stringify(rows.data)}`;
        },
        inputs: [table],
        outputs: [got],
      });
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      const grid = page.getByRole("grid", { name: "People" });
      await grid.waitFor();
      // Sorted by age, Bob (row 1 of the data) shows first.
      await grid.getByRole("button", { name: "age" }).click();
      const first = grid.locator("tbody tr").first().locator("td");
      await first.first().filter({ hasText: "Bob" }).waitFor();
      await first.first().dblclick();
      await page.getByRole("textbox", { name: "name, row 1" }).fill("Zara");
      await page.keyboard.press("Enter");
      await fieldShows(page, "Got", 'edit [1,0] "Zara" was "Bob"; [["Alice",30],["Zara",25]]');
      await first.nth(1).dblclick();
      await page.getByRole("textbox", { name: "age, row 1" }).fill("26");
      await page.keyboard.press("Enter");
      await fieldShows(page, "Got", 'edit [1,1] "26" was "25"; [["Alice",30],["Zara",26]]');
    });
  });
});

describe("select in the browser", () => {
  test("Textbox: selecting text sends the selected text and its [start, end]", async (t) => {
    const demo = new gr.Blocks({}, () => {
      const source = new gr.Textbox({ label: "Source", value: "hello world" });
      const got = new gr.Textbox({ label: "Got" });
      source.select({ fn: (context) => describeSelect(context.eventData), inputs: [], outputs: [got] });
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      const source = page.getByLabel("Source", { exact: true });
      await source.evaluate((box: HTMLInputElement) => {
        box.focus();
        box.setSelectionRange(6, 11);
      });
      await fieldShows(page, "Got", 'select "world" at [6,11] true');
    });
  });

  test("Label: a click on a class sends its index and name", async (t) => {
    const demo = new gr.Blocks({}, () => {
      const guess = new gr.Label({ label: "Guess", value: { cat: 0.7, dog: 0.3 } });
      const got = new gr.Textbox({ label: "Got" });
      guess.select({ fn: (context) => describeSelect(context.eventData), inputs: [], outputs: [got] });
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      await page.getByRole("button", { name: /dog/ }).click();
      await fieldShows(page, "Got", 'select "dog" at 1 true');
      await page.getByRole("button", { name: /cat/ }).click();
      await fieldShows(page, "Got", 'select "cat" at 0 true');
    });
  });

  test("Dataset: a click on a sample sends its index and the sample", async (t) => {
    const demo = new gr.Blocks({}, () => {
      const word = new gr.Textbox({ label: "Word" });
      const samples = new gr.Dataset({ label: "Samples", components: [word], samples: [["first"], ["second"]] });
      const got = new gr.Textbox({ label: "Got" });
      samples.select({ fn: (context) => describeSelect(context.eventData), inputs: [], outputs: [got] });
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      await page.getByRole("row", { name: "Example 2: second" }).click();
      await fieldShows(page, "Got", 'select ["second"] at 1 true');
      await fieldShows(page, "Word", "second");
    });
  });
});

describe("Markdown copy in the browser", () => {
  test('buttons: ["copy"] shows a copy button; copying fires copy with the text', async (t) => {
    const demo = new gr.Blocks({}, () => {
      const notes = new gr.Markdown({ value: "Some **bold** words", buttons: ["copy"] });
      new gr.Markdown("No button here");
      const got = new gr.Textbox({ label: "Got" });
      notes.copy({
        fn: (context) => `copy ${JSON.stringify(context.eventData?.value)}`,
        inputs: [],
        outputs: [got],
      });
    });
    const url = await start(demo);
    await onPage(
      t,
      browser,
      url,
      async (page) => {
        await page.getByText("No button here").waitFor();
        const copy = page.getByRole("button", { name: "Copy" });
        assert.equal(await copy.count(), 1, 'only the Markdown with buttons: ["copy"] has a copy button');
        await copy.click();
        await fieldShows(page, "Got", 'copy "Some **bold** words"');
        assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "Some **bold** words");
      },
      { permissions: ["clipboard-read", "clipboard-write"] },
    );
  });

  test('Markdown buttons other than "copy" are refused, naming the option; the config carries them as Gradio\'s', () => {
    assert.throws(
      () => new gr.Markdown({ value: "x", buttons: ["share"] as never }),
      /Markdown: buttons may only hold "copy", got "share"/,
    );
    assert.deepEqual(new gr.Markdown({ value: "x", buttons: ["copy"] }).props().buttons, ["copy"]);
    assert.equal(new gr.Markdown("x").props().buttons, null);
  });
});
