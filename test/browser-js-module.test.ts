// Client-side functions (`js:`) from the app's own module, under the strict CSP: no inline code, no eval.
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

describe("js functions from the app's jsModule", () => {
  let url: string;
  const received: string[] = [];

  before(async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-js-"));
    const module = path.join(dir, "app-functions.js");
    await writeFile(
      module,
      "export function shout(text) { return text.toUpperCase() + '!'; }\nexport async function twice(text) { return text + text; }\n",
    );
    const demo = new gr.Blocks({ jsModule: module }, () => {
      const input = new gr.Textbox({ label: "In" });
      const output = new gr.Textbox({ label: "Out" });
      new gr.Button("Shout here").click({ js: "shout", inputs: input, outputs: output });
      new gr.Button("Twice, then server").click({
        js: "twice",
        fn: function echo_server(text: string) {
          received.push(text);
          return `server got ${text}`;
        },
        inputs: input,
        outputs: output,
      });
      new gr.Button("Missing").click({ js: "nope", inputs: input, outputs: output });
    });
    url = await start(demo);
  });

  test("a js-only event runs in the browser and fills the output", async (t) => {
    await onPage(t, browser, url, async (page) => {
      await page.getByLabel("In").fill("hey");
      await page.getByRole("button", { name: "Shout here" }).click();
      await page.waitForFunction(
        () => (document.querySelector<HTMLTextAreaElement>("[readonly]")?.value ?? "") === "HEY!",
      );
    });
    assert.deepEqual(received, []);
  });

  test("with a fn too, the js result is what the server receives", async (t) => {
    await onPage(t, browser, url, async (page) => {
      await page.getByLabel("In").fill("ab");
      await page.getByRole("button", { name: "Twice, then server" }).click();
      await page.waitForFunction(
        () => (document.querySelector<HTMLTextAreaElement>("[readonly]")?.value ?? "") === "server got abab",
      );
    });
    assert.deepEqual(received, ["abab"]);
  });

  test("a name the module does not export is a visible error, not a silent no-op", async (t) => {
    await onPage(t, browser, url, async (page) => {
      await page.getByRole("button", { name: "Missing" }).click();
      await page.getByText('exports no function "nope"').waitFor();
    });
  });

  test("the module is served from the app's origin as JavaScript", async () => {
    const response = await fetch(new URL("gradio_api/app-module.js", url));
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/javascript/);
    assert.match(await response.text(), /export function shout/);
  });
});

describe("an app without a jsModule", () => {
  test("has no module route", async () => {
    const url = await start(new gr.Interface({ fn: (x: string) => x, inputs: "text", outputs: "text" }));
    assert.equal((await fetch(new URL("gradio_api/app-module.js", url))).status, 404);
  });
});
