/**
 * The browser app end to end, for gr.Interface apps: real headless Chromium against a real server.
 * A failing test leaves a screenshot in test-results/.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser, Page } from "playwright-core";
import { browserSuite, onPage } from "../frontend/e2e/harness.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let browser: Browser;
let workDir: string;
const start = browserSuite((launched) => (browser = launched));

before(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-e2e-"));
});

const outputText = (page: Page, index = 0) =>
  page.locator(".column.panel").nth(1).locator("textarea, input").nth(index);

describe("a hello-world Interface", () => {
  let url: string;
  before(async () => {
    url = await start(
      new gr.Interface({
        fn: (name: string, times: number) => `Hello ${name}` + "!".repeat(times),
        inputs: [
          new gr.Textbox({ label: "Name", placeholder: "Your name" }),
          new gr.Slider({ minimum: 1, maximum: 5, step: 1, value: 1, label: "Times" }),
        ],
        outputs: new gr.Textbox({ label: "Greeting" }),
        title: "Hello",
        description: "Greets you **warmly**.",
        examples: [
          ["Ada", 3],
          ["Grace", 1],
        ],
      }),
    );
  });

  test("type a name, press Submit, see the greeting", async (t) => {
    await onPage(t, browser, url, async (page) => {
      await page.getByRole("heading", { name: "Hello" }).waitFor();
      assert.equal(await page.title(), "Hello");
      assert.equal(await page.locator(".prose strong").textContent(), "warmly");
      await page.getByLabel("Name").fill("Ada");
      await page.getByRole("button", { name: "Submit" }).click();
      await page.getByLabel("Greeting").and(page.locator("textarea, input")).waitFor();
      await page.waitForFunction(
        () => (document.querySelector<HTMLTextAreaElement>("[readonly]")?.value ?? "") === "Hello Ada!",
      );
    });
  });

  test("Enter in the textbox submits", async (t) => {
    await onPage(t, browser, url, async (page) => {
      await page.getByLabel("Name").fill("Enter");
      await page.getByLabel("Name").press("Enter");
      await page.waitForFunction(
        () => document.querySelector<HTMLTextAreaElement>("[readonly]")?.value === "Hello Enter!",
      );
    });
  });

  test("clicking an example fills the inputs; Clear empties them", async (t) => {
    await onPage(t, browser, url, async (page) => {
      await page.getByRole("row", { name: /Example 1/ }).click();
      assert.equal(await page.getByLabel("Name").inputValue(), "Ada");
      assert.equal(await page.getByRole("slider", { name: "Times" }).inputValue(), "3");
      await page.getByRole("button", { name: "Submit" }).click();
      await page.waitForFunction(
        () => document.querySelector<HTMLTextAreaElement>("[readonly]")?.value === "Hello Ada!!!",
      );
      // keyboard: focus the second example and press Enter
      await page.getByRole("row", { name: /Example 2/ }).focus();
      await page.keyboard.press("Enter");
      assert.equal(await page.getByLabel("Name").inputValue(), "Grace");
      await page.getByRole("button", { name: "Clear" }).click();
      assert.equal(await page.getByLabel("Name").inputValue(), "");
      assert.equal(await page.getByRole("slider", { name: "Times" }).inputValue(), "1");
      assert.equal(await outputText(page).inputValue(), "");
    });
  });

  test("the API view lists the endpoint with snippets for three clients", async (t) => {
    await onPage(t, browser, url, async (page) => {
      await page.getByRole("button", { name: "Use via API" }).click();
      const dialog = page.getByRole("dialog", { name: "Use via API" });
      await dialog.getByRole("heading", { name: "/lambda" }).waitFor();
      assert.match(
        (await dialog.locator("pre").first().textContent()) ?? "",
        /import \{ Client \} from "@gradio\/client";[\s\S]*client\.predict\("\/lambda"/,
      );
      await dialog.getByRole("button", { name: "Python" }).click();
      assert.match(
        (await dialog.locator("pre").first().textContent()) ?? "",
        /from gradio_client import Client[\s\S]*api_name="\/lambda"/,
      );
      await dialog.getByRole("button", { name: "curl" }).click();
      assert.match(
        (await dialog.locator("pre").first().textContent()) ?? "",
        /curl -s -X POST http:\/\/127\.0\.0\.1:\d+\/gradio_api\/call\/lambda/,
      );
      assert.match(page.url(), /view=api/);
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "detached" });
      await page.waitForURL((address) => !address.search.includes("view=api"));
      await page.goForward(); // the browser's Forward reopens it
      await page.getByRole("dialog", { name: "Use via API" }).waitFor();
    });
  });

  test("the theme follows the system and can be switched", async (t) => {
    await onPage(t, browser, url, async (page) => {
      await page.emulateMedia({ colorScheme: "dark" });
      const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      // Gradio 6's Default theme in dark mode: its zinc neutral's darkest shade.
      assert.equal(await background(), "rgb(15, 15, 17)");
      await page.getByRole("button", { name: "Theme: system" }).click(); // → light
      assert.equal(await background(), "rgb(255, 255, 255)");
      await page.reload();
      await page.getByRole("button", { name: "Theme: light" }).waitFor();
      assert.equal(await background(), "rgb(255, 255, 255)");
    });
  });

  test("fits a phone-sized screen without sideways scrolling", async (t) => {
    await onPage(t, browser, url, async (page) => {
      await page.setViewportSize({ width: 375, height: 740 });
      await page.getByRole("heading", { name: "Hello" }).waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
      const name = await page.getByLabel("Name").boundingBox();
      const greeting = await outputText(page).boundingBox();
      assert.ok(name && greeting && greeting.y > name.y, "output column stacks below the inputs");
    });
  });
});

describe("streaming, progress and errors", () => {
  test("a generator's intermediate values appear, with a Stop button meanwhile", async (t) => {
    const url = await start(
      new gr.Interface({
        fn: async function* (text: string) {
          for (let i = 1; i <= text.length; i++) {
            await sleep(120);
            yield text.slice(0, i);
          }
        },
        inputs: new gr.Textbox({ label: "Text" }),
        outputs: new gr.Textbox({ label: "Echo" }),
      }),
    );
    await onPage(t, browser, url, async (page) => {
      await page.getByLabel("Text").fill("streaming");
      await page.getByLabel("Text").press("Enter"); // started from the textbox, Submit still turns into Stop
      await page.getByRole("button", { name: "Stop" }).waitFor();
      await page.waitForFunction(() => {
        const value = document.querySelector<HTMLTextAreaElement>("[readonly]")?.value ?? "";
        return value.length > 0 && value.length < "streaming".length;
      });
      await page.waitForFunction(
        () => document.querySelector<HTMLTextAreaElement>("[readonly]")?.value === "streaming",
      );
      await page.getByRole("button", { name: "Submit" }).waitFor();
    });
  });

  test("Stop cancels a running stream", async (t) => {
    const url = await start(
      new gr.Interface({
        fn: async function* () {
          for (let i = 1; i <= 100; i++) {
            await sleep(100);
            yield `tick ${i}`;
          }
        },
        inputs: [],
        outputs: new gr.Textbox({ label: "Ticks" }),
      }),
    );
    await onPage(t, browser, url, async (page) => {
      await page.getByRole("button", { name: "Submit" }).click();
      await page.waitForFunction(() =>
        /tick [2-9]/.test(document.querySelector<HTMLTextAreaElement>("[readonly]")?.value ?? ""),
      );
      await page.getByRole("button", { name: "Stop" }).click();
      await page.getByRole("button", { name: "Submit" }).waitFor();
      const stopped = await outputText(page).inputValue();
      await sleep(400);
      assert.equal(await outputText(page).inputValue(), stopped, "no more values after Stop");
    });
  });

  test("gr.Progress drives a progress bar with its description, and the elapsed time shows", async (t) => {
    const url = await start(
      new gr.Interface({
        fn: async (steps: number, { progress }: gr.EventContext) => {
          for (let i = 0; i < steps; i++) {
            progress([i, steps], { desc: "Crunching" });
            await sleep(150);
          }
          return "done";
        },
        inputs: new gr.Number({ label: "Steps", value: 8 }),
        outputs: new gr.Textbox({ label: "Result" }),
      }),
    );
    await onPage(t, browser, url, async (page) => {
      await page.getByRole("button", { name: "Submit" }).click();
      const bar = page.getByRole("progressbar", { name: /Crunching \d\/8 steps/ });
      await bar.waitFor();
      await page.waitForFunction(
        () => Number(document.querySelector('[role="progressbar"]')?.getAttribute("aria-valuenow")) >= 25,
      );
      assert.match((await page.locator(".status-time").textContent()) ?? "", /^\d+\.\ds$/);
      await page.waitForFunction(() => document.querySelector<HTMLTextAreaElement>("[readonly]")?.value === "done");
      assert.equal(await page.getByRole("progressbar").count(), 0, "status disappears when done");
    });
  });

  test("a waiting call shows its place in the queue", async (t) => {
    const url = await start(
      new gr.Interface({
        fn: async (text: string) => {
          await sleep(1200);
          return text;
        },
        inputs: new gr.Textbox({ label: "In" }),
        outputs: new gr.Textbox({ label: "Out" }),
      }),
    );
    await onPage(t, browser, url, async (first) => {
      const second = await first.context().browser()!.newPage();
      try {
        await second.goto(url);
        await first.getByRole("button", { name: "Submit" }).click();
        await first
          .getByRole("status")
          .filter({ hasText: /Processing|Waiting|Queue/ })
          .first()
          .waitFor();
        await second.getByRole("button", { name: "Submit" }).click();
        await second.getByText(/Queue 1\/1/).waitFor();
      } finally {
        await second.close();
      }
    });
  });

  test("gr.Error shows an error toast; gr.Warning and gr.Info show theirs", async (t) => {
    const url = await start(
      new gr.Interface({
        fn: (text: string) => {
          if (text === "bad") throw new gr.Error("That input is not allowed.");
          gr.Warning("Careful with that.");
          gr.Info("All good.");
          return text;
        },
        inputs: new gr.Textbox({ label: "Input" }),
        outputs: new gr.Textbox({ label: "Output" }),
      }),
    );
    await onPage(t, browser, url, async (page) => {
      await page.getByLabel("Input").fill("bad");
      await page.getByRole("button", { name: "Submit" }).click();
      const alert = page.getByRole("alert").filter({ hasText: "That input is not allowed." });
      await alert.waitFor();
      assert.match((await alert.textContent()) ?? "", /Error/);
      await alert.getByRole("button", { name: "Dismiss" }).click();
      await alert.waitFor({ state: "detached" });

      await page.getByLabel("Input").fill("fine");
      await page.getByRole("button", { name: "Submit" }).click();
      await page.locator(".toast-warning").filter({ hasText: "Careful with that." }).waitFor();
      await page.locator(".toast-info").filter({ hasText: "All good." }).waitFor();
      await page.waitForFunction(() => document.querySelector<HTMLTextAreaElement>("[readonly]")?.value === "fine");
    });
  });

  test("live mode runs on every change, without a Submit button", async (t) => {
    const url = await start(
      new gr.Interface({
        fn: (text: string) => text.toUpperCase(),
        inputs: new gr.Textbox({ label: "Lower" }),
        outputs: new gr.Textbox({ label: "Upper" }),
        live: true,
      }),
    );
    await onPage(t, browser, url, async (page) => {
      await page.getByLabel("Lower").waitFor();
      assert.equal(await page.getByRole("button", { name: "Submit" }).count(), 0);
      await page.getByLabel("Lower").pressSequentially("quick brown fox", { delay: 15 });
      await page.waitForFunction(
        () => document.querySelector<HTMLTextAreaElement>("[readonly]")?.value === "QUICK BROWN FOX",
      );
    });
  });
});

describe("files", () => {
  test("upload a file (click), see upload progress end, download the result", async (t) => {
    const url = await start(
      new gr.Interface({
        fn: async (file: string | string[]) => {
          const source = Array.isArray(file) ? file[0]! : file;
          const out = path.join(workDir, `shout-${Date.now()}.txt`);
          await writeFile(out, (await readFile(source, "utf8")).toUpperCase());
          return out;
        },
        inputs: new gr.File({ label: "Text file" }),
        outputs: new gr.File({ label: "Shouted" }),
      }),
    );
    await onPage(t, browser, url, async (page) => {
      await page
        .getByLabel("Text file")
        .setInputFiles({ name: "note.txt", mimeType: "text/plain", buffer: Buffer.from("quiet words") });
      await page.getByRole("link", { name: "note.txt" }).waitFor();
      assert.equal(await page.getByRole("progressbar", { name: "Uploading" }).count(), 0);
      await page.getByRole("button", { name: "Submit" }).click();
      const link = page
        .locator(".column.panel")
        .nth(1)
        .getByRole("link", { name: /shout-\d+\.txt/ });
      await link.waitFor();
      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      const saved = path.join(workDir, "downloaded.txt");
      await download.saveAs(saved);
      assert.equal(await readFile(saved, "utf8"), "QUIET WORDS");
    });
  });

  test("drop an image: it uploads and shows a preview; the output image displays", async (t) => {
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
      "base64",
    );
    const url = await start(
      new gr.Interface({
        fn: (image: string) => image,
        inputs: new gr.Image({ label: "Picture" }),
        outputs: new gr.Image({ label: "Same picture" }),
      }),
    );
    await onPage(t, browser, url, async (page) => {
      await page.locator(".dropzone").waitFor();
      const transfer = await page.evaluateHandle(
        (bytes) => {
          const data = new DataTransfer();
          data.items.add(new File([new Uint8Array(bytes)], "dot.png", { type: "image/png" }));
          return data;
        },
        [...png],
      );
      await page.locator(".dropzone").dispatchEvent("drop", { dataTransfer: transfer });
      const preview = page.getByRole("img", { name: "Picture: dot.png" });
      await preview.waitFor();
      await page.waitForFunction(() => (document.querySelector<HTMLImageElement>("img")?.naturalWidth ?? 0) === 1);
      await page.getByRole("button", { name: "Submit" }).click();
      const output = page.getByRole("img", { name: /^Same picture: / });
      await output.waitFor();
      await page.waitForFunction(() =>
        [...document.querySelectorAll("img")].every((img) => img.complete && img.naturalWidth === 1),
      );
    });
  });
});
