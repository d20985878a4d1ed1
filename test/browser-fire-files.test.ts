/**
 * The listeners of File and Gallery the page fires, in headless Chromium, each with the event data
 * Gradio's page sends: `select`, `delete` and `download` on File; `delete`, `preview_open` and
 * `preview_close` on Gallery. Each listener writes what its fn received into a Textbox the test reads.
 */
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import * as gr from "gradio-ts";
import sharp from "sharp";
import type { Browser } from "playwright-core";
import { browserSuite, fieldShows, onPage } from "../frontend/e2e/harness.js";

let browser: Browser;
const start = browserSuite((launched) => (browser = launched));

/** A directory of files the app may serve. */
async function servedDir(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "gts-fire-"));
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  gr.setStaticPaths([dir]);
  return dir;
}

/** What a fn saw of a `{ file }` event data: its keys, the file's name and, for a Gallery, the index. */
function describeFileEvent(event: string, data: unknown): string {
  const { file, index } = (data ?? {}) as { file?: { path?: unknown; orig_name?: unknown }; index?: unknown };
  const name = typeof file?.orig_name === "string" ? file.orig_name : path.basename(String(file?.path));
  return `${event} ${Object.keys(data ?? {}).join("+")} ${name}${index === undefined ? "" : ` at ${String(index)}`}`;
}

describe("File listeners in the browser", () => {
  test("select (the name), download (the link) and delete (the remove button) carry Gradio's data", async (t) => {
    const dir = await servedDir({ "alpha.txt": "first", "beta.txt": "second" });
    const demo = new gr.Blocks({}, () => {
      const files = new gr.File({
        label: "Files",
        fileCount: "multiple",
        value: [path.join(dir, "alpha.txt"), path.join(dir, "beta.txt")],
        interactive: true,
      });
      const got = new gr.Textbox({ label: "Got" });
      files.select({
        fn: (context) => {
          const { index, value, selected } = context.eventData!;
          return `select ${String(value)} at ${JSON.stringify(index)} ${String(selected)}`;
        },
        inputs: [],
        outputs: [got],
      });
      files.download({ fn: (context) => describeFileEvent("download", context.eventData), inputs: [], outputs: [got] });
      files.delete({ fn: (context) => describeFileEvent("delete", context.eventData), inputs: [], outputs: [got] });
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      await page.getByRole("button", { name: "beta.txt", exact: true }).click();
      await fieldShows(page, "Got", "select beta.txt at 1 true");
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Download alpha.txt" }).click(),
      ]);
      await download.cancel();
      await fieldShows(page, "Got", "download file alpha.txt");
      await page.getByRole("button", { name: "Remove alpha.txt" }).click();
      await fieldShows(page, "Got", "delete file alpha.txt");
      await page.getByRole("link", { name: "Download alpha.txt" }).waitFor({ state: "detached" });
    });
  });

  test("without a select listener the file's name is its download link, and fires download", async (t) => {
    const dir = await servedDir({ "report.txt": "the report" });
    const demo = new gr.Blocks({}, () => {
      const report = new gr.File({ label: "Report", value: path.join(dir, "report.txt") });
      const got = new gr.Textbox({ label: "Got" });
      report.download({
        fn: (context) => describeFileEvent("download", context.eventData),
        inputs: [],
        outputs: [got],
      });
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "report.txt", exact: true }).click(),
      ]);
      await download.cancel();
      await fieldShows(page, "Got", "download file report.txt");
    });
  });
});

describe("Gallery listeners in the browser", () => {
  test("delete carries { file, index }; preview_open fires on opening only, preview_close on closing", async (t) => {
    const png = (background: string) =>
      sharp({ create: { width: 4, height: 4, channels: 3, background } })
        .png()
        .toBuffer();
    const dir = await servedDir({ "red.png": await png("#ff0000"), "blue.png": await png("#0000ff") });
    const demo = new gr.Blocks({}, () => {
      const gallery = new gr.Gallery({
        label: "Pictures",
        value: [
          [path.join(dir, "red.png"), "Red"],
          [path.join(dir, "blue.png"), "Blue"],
        ],
        interactive: true,
      });
      const got = new gr.Textbox({ label: "Got" });
      const previews = new gr.Textbox({ label: "Previews" });
      let opened = 0;
      let closed = 0;
      gallery.delete({ fn: (context) => describeFileEvent("delete", context.eventData), inputs: [], outputs: [got] });
      gallery.previewOpen({ fn: () => `opened ${++opened}, closed ${closed}`, inputs: [], outputs: [previews] });
      gallery.previewClose({ fn: () => `opened ${opened}, closed ${++closed}`, inputs: [], outputs: [previews] });
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      await page.getByRole("button", { name: "Open Blue" }).click();
      await fieldShows(page, "Previews", "opened 1, closed 0");
      // Moving to the next item inside the preview does not open it again.
      await page.getByRole("button", { name: "Next" }).click();
      await page.getByRole("dialog", { name: "Pictures: item 1 of 2" }).waitFor();
      await page.getByRole("button", { name: "Close preview" }).click();
      await fieldShows(page, "Previews", "opened 1, closed 1");
      await page.getByRole("button", { name: "Open Red" }).click();
      await fieldShows(page, "Previews", "opened 2, closed 1");
      await page.keyboard.press("Escape");
      await fieldShows(page, "Previews", "opened 2, closed 2");
      await page.getByRole("button", { name: "Delete Red" }).click();
      await fieldShows(page, "Got", "delete file+index red.png at 0");
      await page.getByRole("button", { name: "Open Red" }).waitFor({ state: "detached" });
      await page.getByRole("button", { name: "Open Blue" }).waitFor();
    });
  });
});

describe("delete and download event data on the server", () => {
  test("a FileData as Gradio's page sends it reaches the fn as { file }; other data passes as it is", async () => {
    const demo = new gr.Blocks({}, () => {
      const files = new gr.File({ label: "Files" });
      const seen = new gr.JSON({ label: "Seen" });
      const echo = (context: gr.EventContext) => ({ eventData: context.eventData });
      files.delete({ fn: echo, inputs: [], outputs: [seen], apiName: "deleted" });
      files.download({ fn: echo, inputs: [], outputs: [seen], apiName: "downloaded" });
      files.select({ fn: echo, inputs: [], outputs: [seen], apiName: "selected" });
    });
    const url = await start(demo);
    const run = async (api: string, eventData: unknown) => {
      const response = await fetch(`${url}gradio_api/run/${api}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ data: [], event_data: eventData }),
      });
      assert.equal(response.status, 200);
      return ((await response.json()) as { data: [{ eventData: unknown }] }).data[0].eventData;
    };
    const file = { path: "cache/alpha.txt", orig_name: "alpha.txt", meta: { _type: "gradio.FileData" } };
    assert.deepEqual(await run("deleted", file), { file });
    assert.deepEqual(await run("downloaded", file), { file });
    // A Gallery's `{ file, index }` already names its file.
    assert.deepEqual(await run("deleted", { file, index: 2 }), { file, index: 2 });
    assert.deepEqual(await run("selected", file), file);
    assert.equal(await run("deleted", null), null);
  });
});
