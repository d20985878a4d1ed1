/**
 * gr.render in the browser: the page swaps the blocks a render fn built into its container, the events
 * attached inside it work, keyed blocks keep what the user typed, and a failing render leaves the page usable.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { renderBoxes } from "./fixtures/render-boxes.js";
import type { Browser, Locator, Page } from "playwright-core";
import { browserSuite, onPage } from "../frontend/e2e/harness.js";

let browser: Browser;
const start = browserSuite((launched) => (browser = launched));

/** Waits until the input or textarea behind `locator` holds `value`. */
async function waitForValue(page: Page, locator: Locator, value: string): Promise<void> {
  const element = await locator.elementHandle();
  await page.waitForFunction(([input, expected]) => (input as HTMLInputElement).value === expected, [
    element,
    value,
  ] as const);
}

const boxes = (page: Page) => page.getByLabel(/^box \d+$/);
const box = (page: Page, index: number) => page.getByLabel(`box ${index}`, { exact: true });

describe("gr.render", () => {
  let url: string;

  before(async () => {
    const demo = new gr.Blocks({}, () => {
      renderBoxes();

      const mode = new gr.Textbox({ label: "mode", value: "calm" });
      const show = new gr.Button("Show mode");
      gr.render({ inputs: [mode], triggers: [[show, "click"]] }, (value: string) => {
        if (value === "boom") throw new gr.Error("The render refused boom.");
        new gr.Markdown(`Mode is ${value}`);
      });
    });
    url = await start(demo);
  });

  test("page load renders two boxes; a new count renders that many", async (t) => {
    await onPage(t, browser, url, async (page) => {
      await box(page, 1).waitFor();
      assert.equal(await boxes(page).count(), 2);
      assert.equal(await box(page, 0).inputValue(), "box 0");
      assert.equal(await page.getByRole("button", { name: /^upper \d+$/ }).count(), 2);

      await page.getByLabel("count", { exact: true }).fill("4");
      await box(page, 3).waitFor();
      assert.equal(await boxes(page).count(), 4);
      assert.equal(await page.getByRole("button", { name: /^upper \d+$/ }).count(), 4);
      // The render's own output ([null]) is not a value for the container or anything in it.
      assert.equal(await page.getByLabel("count", { exact: true }).inputValue(), "4");
    });
  });

  test("a button built by the render runs its event and updates its box", async (t) => {
    await onPage(t, browser, url, async (page) => {
      await page.getByLabel("count", { exact: true }).fill("3");
      await box(page, 2).waitFor();
      await page.getByRole("button", { name: "upper 2" }).click();
      await waitForValue(page, box(page, 2), "BOX 2");
      assert.equal(await box(page, 1).inputValue(), "box 1");
    });
  });

  test("text typed into a keyed box survives a re-render; blocks no longer built are gone", async (t) => {
    await onPage(t, browser, url, async (page) => {
      await page.getByLabel("count", { exact: true }).fill("4");
      await box(page, 3).waitFor();
      await box(page, 0).fill("typed by hand");

      await page.getByLabel("count", { exact: true }).fill("3");
      await box(page, 3).waitFor({ state: "detached" });
      assert.equal(await boxes(page).count(), 3);
      assert.equal(await box(page, 0).inputValue(), "typed by hand");
      assert.equal(await box(page, 1).inputValue(), "box 1");
      assert.equal(await page.getByRole("button", { name: "upper 3" }).count(), 0);

      // The event re-attached to the keyed box reads what the page shows.
      await page.getByRole("button", { name: "upper 0" }).click();
      await waitForValue(page, box(page, 0), "TYPED BY HAND");
    });
  });

  test("a render with explicit triggers; one whose fn raises gr.Error shows the error and leaves the page working", async (t) => {
    await onPage(t, browser, url, async (page) => {
      await box(page, 1).waitFor();
      // Not on page load: only the button triggers this render.
      assert.equal(await page.getByText(/^Mode is/).count(), 0);
      await page.getByRole("button", { name: "Show mode" }).click();
      await page.getByText("Mode is calm").waitFor();

      await page.getByLabel("mode", { exact: true }).fill("boom");
      await page.getByRole("button", { name: "Show mode" }).click();
      await page.getByRole("alert").filter({ hasText: "The render refused boom." }).waitFor();
      assert.equal(await page.getByText("Mode is calm").count(), 1);

      await page.getByLabel("mode", { exact: true }).fill("steady");
      await page.getByRole("button", { name: "Show mode" }).click();
      await page.getByText("Mode is steady").waitFor();
      assert.equal(await page.getByText("Mode is calm").count(), 0);
      await page.getByLabel("count", { exact: true }).fill("1");
      await box(page, 1).waitFor({ state: "detached" });
      assert.equal(await boxes(page).count(), 1);
    });
  });
});
