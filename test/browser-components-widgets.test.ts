/**
 * ImageSlider and Dialogue in headless Chromium: both images of a slider render and dragging moves the
 * divide; uploads fill a slider's sides; a Dialogue shows one row per line with its speaker, and editing
 * a line (or the plain-text box) changes the value the fn receives.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import sharp from "sharp";
import type { Browser, Page } from "playwright-core";
import { browserSuite, onPage } from "../frontend/e2e/harness.js";

let browser: Browser;
const start = browserSuite((launched) => (browser = launched));

const png = (width: number, height: number, background: string) =>
  sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toBuffer();
const RED = await png(40, 20, "#ff0000");
const BLUE = await png(40, 20, "#0000ff");

/** The value of the box labelled `label` once it matches `pattern` (polled a bounded number of times). */
async function resultIs(page: Page, label: string, pattern: RegExp): Promise<string> {
  const box = page.getByLabel(label, { exact: true });
  for (let i = 0; i < 100; i++) {
    const value = await box.inputValue();
    if (pattern.test(value)) return value;
    await page.waitForTimeout(100);
  }
  return box.inputValue();
}

describe("ImageSlider", () => {
  let url: string;
  before(async () => {
    url = await start(
      new gr.Blocks({}, () => {
        const shown = new gr.ImageSlider({ label: "Compare", value: [RED, BLUE], sliderPosition: 30 });
        const input = new gr.ImageSlider({ label: "Upload pair", type: "pixels" });
        const out = new gr.Textbox({ label: "Sizes" });
        new gr.Button({ value: "Measure" }).click({
          fn: (pair: gr.ImageSliderValue<"pixels"> | null) =>
            pair ? pair.map((side) => (side ? `${side.width}x${side.height}` : "none")).join(" ") : "nothing",
          inputs: [input],
          outputs: [out],
        });
        void shown;
      }),
    );
  });

  test("both images render, and dragging the handle moves the divide", async (t) => {
    await onPage(t, browser, url, async (page) => {
      const stage = page.getByTestId("image-slider").first();
      const before = page.getByRole("img", { name: /^Compare: before/ });
      const after = page.getByRole("img", { name: /^Compare: after/ });
      await before.waitFor();
      await after.waitFor();
      await page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>(".image-slider img")].every((img) => img.naturalWidth === 40),
      );
      assert.equal(await before.count(), 1);
      assert.equal(await after.count(), 1);
      const handle = page.getByRole("slider", { name: "Compare: divide between the images" });
      assert.equal(await handle.getAttribute("aria-valuenow"), "30", "starts at sliderPosition");
      const clipOf = () => before.evaluate((img) => getComputedStyle(img).clipPath);
      const startClip = await clipOf();
      const box = (await stage.boundingBox())!;
      const handleBox = (await handle.boundingBox())!;
      assert.ok(Math.abs(handleBox.x + handleBox.width / 2 - (box.x + box.width * 0.3)) < 3, "the handle sits at 30%");
      await page.mouse.move(handleBox.x + handleBox.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
      const moved = Number(await handle.getAttribute("aria-valuenow"));
      assert.ok(moved >= 78 && moved <= 82, `the divide followed the drag to 80%, got ${moved}`);
      assert.notEqual(await clipOf(), startClip, "the first image is clipped at the new divide");
      const movedBox = (await handle.boundingBox())!;
      assert.ok(Math.abs(movedBox.x + movedBox.width / 2 - (box.x + box.width * 0.8)) < 3, "the handle moved");
      await handle.focus();
      await page.keyboard.press("ArrowLeft");
      assert.equal(Number(await handle.getAttribute("aria-valuenow")), moved - 1, "arrow keys move it too");
    });
  });

  test("uploads fill the left side, then the right; the fn gets both images", async (t) => {
    await onPage(t, browser, url, async (page) => {
      await page
        .getByLabel("Upload pair", { exact: true })
        .setInputFiles({ name: "red.png", mimeType: "image/png", buffer: RED });
      await page.getByRole("img", { name: "Upload pair: before, red.png" }).waitFor();
      await page
        .getByLabel("Upload pair", { exact: true })
        .setInputFiles({ name: "blue.png", mimeType: "image/png", buffer: BLUE });
      await page.getByRole("img", { name: "Upload pair: after, blue.png" }).waitFor();
      await page.getByRole("button", { name: "Measure" }).click();
      assert.equal(await resultIs(page, "Sizes", /x/), "40x20 40x20");
      await page.getByRole("button", { name: "Remove the images of Upload pair" }).click();
      await page.getByRole("button", { name: "Measure" }).click();
      assert.equal(await resultIs(page, "Sizes", /nothing/), "nothing");
    });
  });
});

describe("Dialogue", () => {
  let url: string;
  before(async () => {
    url = await start(
      new gr.Blocks({}, () => {
        const shown = new gr.Dialogue({
          label: "Transcript",
          speakers: ["Ann", "Bob"],
          colorMap: { Ann: "rgb(255, 0, 0)" },
          value: [
            { speaker: "Ann", text: "Hello" },
            { speaker: "Bob", text: "Hi there" },
            { speaker: "Ann", text: "Bye" },
          ],
        });
        const script = new gr.Dialogue({
          label: "Script",
          speakers: ["Ann", "Bob"],
          tags: ["(laughs)", "(sighs)"],
          interactive: true,
          value: [
            { speaker: "Ann", text: "Hello" },
            { speaker: "Bob", text: "Hi" },
          ],
          submitBtn: "Send",
        });
        const out = new gr.Textbox({ label: "Sent" });
        script.submit({ fn: (text: string) => text, inputs: [script], outputs: [out] });
        void shown;
      }),
    );
  });

  test("an output shows one row per line, each with its speaker and colour", async (t) => {
    await onPage(t, browser, url, async (page) => {
      const rows = page.getByTestId("dialogue-lines").first().locator(".dialogue-line");
      await rows.first().waitFor();
      assert.equal(await rows.count(), 3);
      assert.deepEqual(await rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-speaker"))), [
        "Ann",
        "Bob",
        "Ann",
      ]);
      assert.deepEqual(await rows.evaluateAll((els) => els.map((el) => el.querySelector("textarea")!.value)), [
        "Hello",
        "Hi there",
        "Bye",
      ]);
      assert.equal(await rows.first().evaluate((el) => getComputedStyle(el).backgroundColor), "rgb(255, 0, 0)");
      assert.equal(await rows.first().locator("textarea").getAttribute("readonly"), "");
    });
  });

  test("editing a line, its speaker and adding a tag change the value sent", async (t) => {
    await onPage(t, browser, url, async (page) => {
      const script = page.locator(".block-dialogue").nth(1);
      await script.getByRole("textbox", { name: "Line 2" }).fill("Hi friend");
      await script.getByRole("combobox", { name: "Speaker of line 1" }).selectOption("Bob");
      const first = script.getByRole("textbox", { name: "Line 1" });
      await first.click();
      await first.press("End");
      await first.pressSequentially(" :si");
      await script.getByRole("option", { name: "(sighs)" }).click();
      await script.getByRole("button", { name: "Add a line after line 2" }).click();
      await script.getByRole("textbox", { name: "Line 3" }).fill("See you");
      await script.getByRole("button", { name: "Send" }).click();
      assert.equal(await resultIs(page, "Sent", /See you/), "[Bob] Hello (sighs) \n[Bob] Hi friend\n[Ann] See you");
    });
  });

  test("the plain-text switch shows the dialogue as text; what is typed there is sent", async (t) => {
    await onPage(t, browser, url, async (page) => {
      const script = page.locator(".block-dialogue").nth(1);
      await script.getByRole("switch").check();
      const box = page.getByLabel("Script", { exact: true });
      assert.equal(await box.inputValue(), "[Ann] Hello\n[Bob] Hi");
      await box.fill("[Ann] One\n[Bob] Two");
      await script.getByRole("button", { name: "Send" }).click();
      assert.equal(await resultIs(page, "Sent", /Two/), "[Ann] One\n[Bob] Two");
      await script.getByRole("switch").uncheck();
      assert.deepEqual(
        await script
          .locator(".dialogue-line textarea")
          .evaluateAll((els) => els.map((el) => (el as HTMLTextAreaElement).value)),
        ["One", "Two"],
      );
    });
  });
});
