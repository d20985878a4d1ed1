/**
 * HighlightedText, ColorPicker, DateTime, UploadButton, DownloadButton, Timer, BrowserState, a
 * multimodal ChatInterface (MultimodalTextbox) and TabbedInterface in headless Chromium.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import sharp from "sharp";
import type { Browser, Page } from "playwright-core";
import { browserSuite, onPage } from "../frontend/e2e/harness.js";

let browser: Browser;
let workDir: string;
const start = browserSuite((launched) => (browser = launched));

before(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-misc-"));
});

async function valueOf(page: Page, label: string, expected: RegExp): Promise<string> {
  await page.waitForFunction(
    ([name, source]) => {
      const element = [...document.querySelectorAll<HTMLTextAreaElement | HTMLInputElement>("textarea, input")].find(
        (e) => e.labels?.[0]?.textContent === name,
      );
      return new RegExp(source).test(element?.value ?? "");
    },
    [label, expected.source] as const,
  );
  return page.getByLabel(label, { exact: true }).inputValue();
}

describe("small components", () => {
  test("HighlightedText colours labelled spans; ColorPicker and DateTime send their values", async (t) => {
    const demo = new gr.Blocks({}, () => {
      const color = new gr.ColorPicker({ label: "Colour", value: "#336699" });
      const when = new gr.DateTime({ label: "When", value: "2024-01-31 12:00:00", type: "string" } as never);
      const out = new gr.Textbox({ label: "Result" });
      const marks = new gr.HighlightedText({ label: "Entities", showLegend: true, colorMap: { city: "#ff0000" } });
      const go = new gr.Button({ value: "Go" });
      go.click({
        fn: (c: string, d: string) => [
          `${c} ${d}`,
          [
            ["Ada", "person"],
            [" lives in ", null],
            ["London", "city"],
          ],
        ],
        inputs: [color, when],
        outputs: [out, marks],
      } as never);
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      await page.getByLabel("Colour", { exact: true }).evaluate((input: HTMLInputElement) => {
        input.value = "#ff8800";
        input.dispatchEvent(new Event("input", { bubbles: true }));
      });
      assert.equal(await page.getByLabel("Colour (hex)").inputValue(), "#ff8800");
      await page.getByLabel("Pick a date (UTC)").fill("2025-03-04T05:06:07");
      assert.equal(await page.getByLabel("When", { exact: true }).inputValue(), "2025-03-04 05:06:07");
      await page.getByRole("button", { name: "Go" }).click();
      assert.equal(await valueOf(page, "Result", /#/), "#ff8800 2025-03-04 05:06:07");
      const london = page.locator("mark.hl[data-label='city']");
      await london.waitFor();
      assert.match((await london.textContent()) ?? "", /^London/);
      assert.equal(await london.evaluate((e) => getComputedStyle(e).backgroundColor), "rgb(255, 0, 0)");
      await page.getByRole("list", { name: "Categories" }).getByText("person").waitFor();
    });
  });

  test("UploadButton uploads the picked file; DownloadButton downloads the result", async (t) => {
    const demo = new gr.Blocks({}, () => {
      const up = new gr.UploadButton({ label: "Pick a file" });
      const down = new gr.DownloadButton({ label: "Get it back" });
      up.upload({
        fn: async (file: string) => {
          const out = path.join(workDir, `loud-${Date.now()}.txt`);
          await writeFile(out, (await readFile(file, "utf8")).toUpperCase());
          return out;
        },
        inputs: [up],
        outputs: [down],
      } as never);
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      const [chooser] = await Promise.all([
        page.waitForEvent("filechooser"),
        page.getByRole("button", { name: "Pick a file" }).click(),
      ]);
      await chooser.setFiles({ name: "quiet.txt", mimeType: "text/plain", buffer: Buffer.from("psst") });
      const link = page.getByRole("link", { name: "Get it back" });
      await link.waitFor();
      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      const saved = path.join(workDir, "saved.txt");
      await download.saveAs(saved);
      assert.equal(await readFile(saved, "utf8"), "PSST");
    });
  });

  test("a Timer ticks; a BrowserState survives a reload", async (t) => {
    let ticks = 0;
    const demo = new gr.Blocks({}, (app) => {
      const timer = new gr.Timer(0.2);
      const count = new gr.Textbox({ label: "Ticks" });
      timer.tick({ fn: () => String(++ticks), inputs: [], outputs: [count] } as never);
      const saved = new gr.BrowserState("nothing yet", { storageKey: "gts-test-note" });
      const note = new gr.Textbox({ label: "Note" });
      const shown = new gr.Textbox({ label: "Stored" });
      const save = new gr.Button({ value: "Save" });
      save.click({ fn: (text: string) => text, inputs: [note], outputs: [saved] } as never);
      app.load({ fn: (value: string) => value, inputs: [saved], outputs: [shown] } as never);
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      await valueOf(page, "Ticks", /^[3-9]|\d\d/);
      assert.equal(await valueOf(page, "Stored", /./), "nothing yet");
      await page.getByLabel("Note").fill("remember me");
      await page.getByRole("button", { name: "Save" }).click();
      await page.waitForFunction(() => localStorage.getItem("gts-test-note") === '"remember me"');
      await page.reload();
      assert.equal(await valueOf(page, "Stored", /remember/), "remember me");
    });
  });
});

describe("apps", () => {
  test("a multimodal ChatInterface: attach an image, send text, the reply streams and sees the file", async (t) => {
    const png = await sharp({ create: { width: 5, height: 4, channels: 3, background: "#00ff00" } })
      .png()
      .toBuffer();
    const demo = new gr.ChatInterface({
      multimodal: true,
      fn: async function* (message: unknown) {
        const { text, files } = message as { text: string; files: string[] };
        const size = files[0] ? await sharp(files[0]).metadata() : null;
        const reply = `Got "${text}" with ${files.length} file(s)${size ? ` of ${size.width}x${size.height}` : ""}`;
        for (let i = 4; i <= reply.length; i += 4) yield reply.slice(0, i);
        yield reply;
      },
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      await page.getByLabel("Attach files").setInputFiles({ name: "green.png", mimeType: "image/png", buffer: png });
      await page.getByRole("list", { name: "Attached files" }).getByText("green.png").waitFor();
      await page.getByPlaceholder("Type a message…").fill("what is this?");
      await page.getByPlaceholder("Type a message…").press("Enter");
      await page.locator(".message-user img.message-image").waitFor();
      await page
        .locator(".message-assistant .message-text")
        .filter({ hasText: 'Got "what is this?" with 1 file(s) of 5x4' })
        .waitFor();
      assert.equal(
        await page.getByRole("list", { name: "Attached files" }).count(),
        0,
        "the box empties after sending",
      );
    });
  });

  test("TabbedInterface: each tab holds its app and works", async (t) => {
    const upper = new gr.Interface({
      fn: (s: string) => s.toUpperCase(),
      inputs: new gr.Textbox({ label: "Lower" }),
      outputs: new gr.Textbox({ label: "Upper" }),
    });
    const chat = new gr.ChatInterface({ fn: (message: unknown) => `echo: ${String(message)}` });
    const url = await start(new gr.TabbedInterface([upper, chat], ["Shout", "Chat"]));
    await onPage(t, browser, url, async (page) => {
      await page.getByLabel("Lower").fill("abc");
      await page.getByRole("button", { name: "Submit" }).click();
      assert.equal(await valueOf(page, "Upper", /ABC/), "ABC");
      await page.getByRole("tab", { name: "Chat" }).click();
      await page.getByPlaceholder("Type a message…").fill("hi");
      await page.getByPlaceholder("Type a message…").press("Enter");
      await page.locator(".message-assistant").filter({ hasText: "echo: hi" }).waitFor();
      await page.getByRole("tab", { name: "Shout" }).click();
      assert.equal(await page.getByLabel("Upper").inputValue(), "ABC", "the other tab kept its state");
    });
  });
});
