/**
 * Gallery, AnnotatedImage, ImageEditor, Sketchpad (and the digits example's), Dataframe, Plot and Code in
 * headless Chromium: each one's interactive widget, with the values checked on the server.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
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

async function outputIs(page: Page, label: string, expected: string | RegExp) {
  const box = page.getByLabel(label, { exact: true });
  await box.waitFor();
  await page.waitForFunction(
    ([name, source, isRegex]) => {
      const element = [...document.querySelectorAll<HTMLTextAreaElement | HTMLInputElement>("textarea, input")].find(
        (e) => e.labels?.[0]?.textContent === name,
      );
      const value = element?.value ?? "";
      return isRegex ? new RegExp(source as string).test(value) : value === source;
    },
    [label, typeof expected === "string" ? expected : expected.source, typeof expected !== "string"] as const,
  );
  return box.inputValue();
}

describe("Gallery", () => {
  test("thumbnails open a preview with keyboard navigation; selection reaches the server; upload adds items", async (t) => {
    const red = await png(4, 4, "#ff0000");
    const blue = await png(4, 4, "#0000ff");
    const { mkdtemp, writeFile } = await import("node:fs/promises");
    const dir = await mkdtemp((await import("node:os")).tmpdir() + "/gts-gallery-");
    await writeFile(`${dir}/red.png`, red);
    await writeFile(`${dir}/blue.png`, blue);
    gr.setStaticPaths?.([dir]);
    const demo = new gr.Blocks({}, () => {
      const gallery = new gr.Gallery({
        label: "Pictures",
        value: [
          [`${dir}/red.png`, "Red"],
          [`${dir}/blue.png`, "Blue"],
        ],
        interactive: true,
      });
      const picked = new gr.Textbox({ label: "Picked" });
      const count = new gr.Textbox({ label: "Count" });
      // The server does not hand event data (which item) to fns yet, so the test counts select events.
      let selections = 0;
      gallery.select({ fn: () => String(++selections), inputs: [], outputs: [picked] } as never);
      gallery.upload({ fn: (items: unknown[]) => String(items.length), inputs: [gallery], outputs: [count] } as never);
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      await page.getByRole("button", { name: "Open Blue" }).click();
      const dialog = page.getByRole("dialog", { name: "Pictures: item 2 of 2" });
      await dialog.waitFor();
      assert.equal(await outputIs(page, "Picked", "1"), "1");
      await page.keyboard.press("ArrowRight");
      await page.getByRole("dialog", { name: "Pictures: item 1 of 2" }).getByRole("img", { name: "Red" }).waitFor();
      assert.equal(await outputIs(page, "Picked", "2"), "2");
      await page.keyboard.press("Escape");
      await page.getByRole("button", { name: "Open Red" }).waitFor();
      await page
        .locator(".dropzone-input")
        .setInputFiles({ name: "green.png", mimeType: "image/png", buffer: await png(2, 2, "#00ff00") });
      assert.equal(await outputIs(page, "Count", "3"), "3");
      await page.getByRole("button", { name: "Open green.png" }).waitFor();
    });
  });
});

describe("AnnotatedImage", () => {
  test("masks lie over the image; hovering a legend label highlights its mask", async (t) => {
    const base = await png(20, 10, "#888888");
    const demo = new gr.Blocks({}, () => {
      const annotated = new gr.AnnotatedImage({ label: "Regions" });
      const go = new gr.Button({ value: "Find" });
      go.click({
        fn: () => [
          { width: 20, height: 10, channels: 3, data: new Uint8Array(base.length ? 20 * 10 * 3 : 0).fill(136) },
          [
            [[0, 0, 10, 10], "left"],
            [[10, 0, 20, 10], "right"],
          ],
        ],
        inputs: [],
        outputs: [annotated],
      } as never);
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      await page.getByRole("button", { name: "Find" }).click();
      await page.getByRole("button", { name: "left" }).waitFor();
      assert.equal(await page.locator(".annotated .mask").count(), 2);
      await page.getByRole("button", { name: "right" }).hover();
      await page.locator(".mask-active[data-mask='right']").waitFor();
      assert.equal(await page.locator(".mask-dim[data-mask='left']").count(), 1);
    });
  });
});

describe("ImageEditor", () => {
  test("draw on an uploaded image and crop it: the server gets background, a layer and the composite", async (t) => {
    const url = await start(
      new gr.Interface({
        fn: async (edit: { background: string | null; layers: string[]; composite: string | null } | null) => {
          if (!edit) return "none";
          const size = async (path: string | null) => {
            if (!path) return "none";
            const meta = await sharp(path).metadata();
            return `${meta.width}x${meta.height}`;
          };
          const layer = await sharp(edit.layers[0]!).ensureAlpha().raw().toBuffer();
          let painted = 0;
          for (let i = 3; i < layer.length; i += 4) if (layer[i]! > 0) painted++;
          return `bg ${await size(edit.background)} composite ${await size(edit.composite)} painted ${painted > 0}`;
        },
        inputs: new gr.ImageEditor({ label: "Canvas" }),
        outputs: new gr.Textbox({ label: "Result" }),
      }),
    );
    await onPage(t, browser, url, async (page) => {
      await page
        .getByLabel("Canvas", { exact: true })
        .setInputFiles({ name: "white.png", mimeType: "image/png", buffer: await png(200, 100, "#ffffff") });
      const overlay = page.locator(".editor-overlay");
      await overlay.waitFor();
      await page.waitForFunction(() => document.querySelector<HTMLCanvasElement>(".editor-base")?.width === 200);
      const box = (await overlay.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.5);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.5, { steps: 8 });
      await page.mouse.up();
      await page.locator(".editor[data-saves='1']").waitFor({ state: "attached" });
      await page.getByRole("button", { name: "Submit" }).click();
      assert.equal(await outputIs(page, "Result", /^bg/), "bg 200x100 composite 200x100 painted true");
      await page.getByRole("button", { name: "Crop", exact: true }).click();
      await page.mouse.move(box.x + 2, box.y + 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.8, { steps: 4 });
      await page.mouse.up();
      await page.getByRole("button", { name: "Apply crop" }).click();
      await page.waitForFunction(() => (document.querySelector<HTMLCanvasElement>(".editor-base")?.width ?? 200) < 150);
      await page.locator(".editor[data-saves='2']").waitFor({ state: "attached" });
      await page.getByRole("button", { name: "Submit" }).click();
      const cropped = await outputIs(page, "Result", /^bg (9\d|10\d)x/);
      assert.match(cropped, /^bg (9\d|10\d)x(7\d|8\d) composite (9\d|10\d)x(7\d|8\d) painted true$/);
    });
  });
});

describe("Sketchpad", () => {
  test("opens on a blank canvas; a mouse stroke reaches the fn as dark pixels in the composite", async (t) => {
    const url = await start(
      new gr.Interface({
        fn: async (edit: gr.EditorValue | null) => {
          if (!edit?.composite) return "none";
          const { data, info } = await sharp(edit.composite)
            .removeAlpha()
            .greyscale()
            .raw()
            .toBuffer({ resolveWithObject: true });
          const darkAt = (x: number, y: number) => data[Math.round(y) * info.width + Math.round(x)]! < 100;
          // The stroke went across the middle, from a tenth to nine tenths of the width.
          const onStroke = [0.2, 0.5, 0.8].every((f) => darkAt(info.width * f, info.height / 2));
          const offStroke = [0.2, 0.8].some((f) => darkAt(info.width / 2, info.height * f));
          return `${info.width}x${info.height} on ${onStroke} off ${offStroke}`;
        },
        inputs: new gr.Sketchpad({ label: "Pad" }),
        outputs: new gr.Textbox({ label: "Result" }),
      }),
    );
    await onPage(t, browser, url, async (page) => {
      const overlay = page.locator(".editor-overlay");
      await overlay.waitFor();
      assert.equal(await page.getByRole("button", { name: "Start from a blank canvas" }).count(), 0);
      assert.equal(await page.getByLabel("Brush colour").count(), 0, "a fixed brush offers no colour choice");
      const box = (await overlay.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.5);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.5, { steps: 10 });
      await page.mouse.up();
      await page.locator(".editor[data-saves='1']").waitFor({ state: "attached" });
      await page.getByRole("button", { name: "Submit" }).click();
      assert.equal(await outputIs(page, "Result", /^\d/), "800x800 on true off false");
    });
  });
});

describe("the digits example's sketchpad", () => {
  test("a 7 drawn small with the mouse in a corner of the canvas reads as a 7", async (t) => {
    const { digits } = await import("../examples/digits/digits.js");
    const url = await start(digits);
    await onPage(t, browser, url, async (page) => {
      const overlay = page.locator(".editor-overlay");
      await overlay.waitFor();
      const box = (await overlay.boundingBox())!;
      // A bar across the top, then the stem down and to the left: one stroke.
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.1);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.85, box.y + box.height * 0.1, { steps: 8 });
      await page.mouse.move(box.x + box.width * 0.68, box.y + box.height * 0.4, { steps: 12 });
      await page.mouse.up();
      await page.locator(".editor[data-saves='1']").waitFor({ state: "attached" });
      await page.getByRole("button", { name: "Read the drawing" }).click();
      await page.locator(".label-top", { hasText: /^\d$/ }).waitFor();
      assert.equal(await page.locator(".label-top").textContent(), "7");
    });
  });
});

describe("Dataframe", () => {
  test("edit typed cells, sort by a header, paste a block from a spreadsheet", async (t) => {
    const url = await start(
      new gr.Interface({
        fn: (table: { headers: string[]; data: unknown[][] }) => JSON.stringify(table.data),
        inputs: new gr.Dataframe({
          label: "Scores",
          headers: ["name", "score", "ok"],
          datatype: ["str", "number", "bool"],
          value: [
            ["ann", 3, true],
            ["bob", 10, false],
            ["cy", 7, false],
          ],
        }),
        outputs: new gr.Textbox({ label: "Result" }),
      }),
    );
    await onPage(t, browser, url, async (page) => {
      const grid = page.getByRole("grid", { name: "Scores" });
      await grid.waitFor();
      // Sort by score, descending (two clicks): bob first.
      await grid.getByRole("button", { name: "score" }).click();
      await grid.getByRole("button", { name: /score/ }).click();
      assert.equal(await grid.locator("th").nth(1).getAttribute("aria-sort"), "descending");
      assert.equal(await grid.locator("tbody tr").first().locator("td").first().textContent(), "bob");
      // Edit bob's score (typing starts editing, Enter commits).
      const rows = grid.locator("tbody tr");
      await rows.first().locator("td").nth(1).click();
      await page.keyboard.type("12");
      await page.keyboard.press("Enter");
      await rows.first().locator("td").nth(1).filter({ hasText: "12" }).waitFor();
      // Toggle cy's "ok" with the keyboard (focus the cell by its edge, not on the checkbox).
      const cyOk = rows.nth(1).locator("td").nth(2);
      await cyOk.click({ position: { x: 3, y: 3 } });
      await page.locator("td.df-active[data-cell='1:2']").waitFor();
      await page.keyboard.press(" ");
      await page.waitForFunction(
        () => document.querySelector<HTMLInputElement>("td[data-cell='1:2'] input")?.checked === true,
      );
      // Paste two rows at the first cell of the last row (ann): replaces ann and adds a row.
      const annName = rows.nth(2).locator("td").first();
      await annName.click();
      await page.locator("td.df-active[data-cell='2:0']").waitFor();
      await annName.evaluate((cell) => {
        const data = new DataTransfer();
        data.setData("text/plain", "dee\t5\ttrue\r\neve\t1\tfalse\r\n");
        cell.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
      });
      await page.getByText("4 rows").waitFor();
      await page.getByRole("button", { name: "Submit" }).click();
      assert.deepEqual(JSON.parse(await outputIs(page, "Result", /^\[/)), [
        ["dee", 5, true],
        ["bob", 12, false],
        ["cy", 7, true],
        ["eve", 1, false],
      ]);
    });
  });

  test("a 100 000-row table keeps only the visible rows in the page and scrolls to the end", async (t) => {
    const rows = Array.from({ length: 100_000 }, (_, i) => [`row ${i}`, i]);
    const url = await start(
      new gr.Blocks(
        {},
        () =>
          void new gr.Dataframe({
            label: "Big",
            headers: ["name", "n"],
            datatype: ["str", "number"],
            value: rows,
            interactive: false,
          }),
      ),
    );
    await onPage(t, browser, url, async (page) => {
      const grid = page.getByRole("grid", { name: "Big" });
      await grid.waitFor();
      assert.ok((await grid.locator("tbody tr:not(.df-spacer)").count()) < 80, "only a window of rows is rendered");
      await page.locator(".df-scroll").evaluate((element) => (element.scrollTop = element.scrollHeight));
      await grid.getByRole("gridcell", { name: "row 99999" }).waitFor();
      assert.ok((await grid.locator("tbody tr:not(.df-spacer)").count()) < 80);
    });
  });
});

describe("Plot", () => {
  test("line, bar and scatter charts draw with uPlot; hovering shows values in the legend", async (t) => {
    const points = [
      { day: 1, sales: 5, shop: "north" },
      { day: 2, sales: 9, shop: "north" },
      { day: 3, sales: 4, shop: "north" },
      { day: 1, sales: 2, shop: "south" },
      { day: 2, sales: 3, shop: "south" },
      { day: 3, sales: 8, shop: "south" },
    ];
    const demo = new gr.Blocks({}, () => {
      new gr.LinePlot({ label: "Line", value: points, x: "day", y: "sales", color: "shop", title: "Sales" });
      new gr.BarPlot({
        label: "Bars",
        value: [
          { fruit: "apple", n: 3 },
          { fruit: "pear", n: 5 },
        ],
        x: "fruit",
        y: "n",
      });
      new gr.ScatterPlot({ label: "Dots", value: points, x: "day", y: "sales" });
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      const line = page.getByRole("img", { name: "line chart: Sales, 6 points" });
      await line.locator("canvas").waitFor();
      await page
        .getByRole("img", { name: /^bar chart/ })
        .locator("canvas")
        .waitFor();
      await page
        .getByRole("img", { name: /^scatter chart/ })
        .locator("canvas")
        .waitFor();
      const legend = line.locator(".u-legend");
      assert.match((await legend.textContent()) ?? "", /north[\s\S]*south/);
      // Something was drawn: the canvas is not blank.
      const inked = await line.locator("canvas").evaluate((canvas: HTMLCanvasElement) => {
        const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
        let count = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) count++;
        return count;
      });
      assert.ok(inked > 500, `the line chart has ink (${inked} pixels)`);
      const over = line.locator(".u-over");
      const box = (await over.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.waitForFunction(() =>
        [...document.querySelectorAll(".u-legend .u-value")].some((cell) => cell.textContent === "9"),
      );
      const bars = page.getByRole("img", { name: /^bar chart/ });
      assert.match((await bars.locator(".u-axis").first().textContent()) ?? "", /apple[\s\S]*pear|/);
    });
  });
});

describe("Dataset of a Dataframe", () => {
  test("a table sample shows as a small table (three rows and columns, … for more), not JSON; a click fills the table", async (t) => {
    const rows = [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
      [13, 14, 15, 16],
    ];
    const demo = new gr.Blocks({}, () => {
      const table = new gr.Dataframe({ label: "Table" });
      new gr.Dataset({ components: [table], samples: [[rows]], label: "Tables" });
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      const sample = page.locator(".samples .sample").first();
      const small = sample.locator(".sample-table");
      await small.waitFor();
      assert.equal(await small.locator("tr").count(), 3);
      assert.deepEqual(await small.locator("tr").first().locator("td").allTextContents(), ["1", "2", "3", "…"]);
      assert.doesNotMatch((await sample.textContent()) ?? "", /[{}"]|headers/);
      await sample.click();
      await page
        .getByRole("gridcell", { name: "16" })
        .or(page.locator("td", { hasText: /^16$/ }))
        .first()
        .waitFor();
    });
  });
});

describe("Code", () => {
  test("the editor highlights Python as you type; Tab indents; the value reaches the server", async (t) => {
    const url = await start(
      new gr.Interface({
        fn: (code: string) => code.toUpperCase(),
        inputs: new gr.Code({ label: "Source", language: "python", value: "x = 1" }),
        outputs: new gr.Code({ label: "Shout", language: "python" }),
      }),
    );
    await onPage(t, browser, url, async (page) => {
      const editor = page.getByLabel("Source", { exact: true });
      await page.locator(".code-highlight .hljs-number").first().waitFor();
      await editor.click();
      await page.keyboard.press("End");
      await page.keyboard.type("\ndef f():");
      await page.keyboard.press("Enter");
      await page.keyboard.press("Tab");
      await page.keyboard.type("return 'hi'");
      assert.equal(await editor.inputValue(), "x = 1\ndef f():\n    return 'hi'");
      await page.locator(".code-highlight .hljs-keyword", { hasText: "def" }).first().waitFor();
      await page.locator(".code-highlight .hljs-string", { hasText: "'hi'" }).first().waitFor();
      await page.getByRole("button", { name: "Submit" }).click();
      await page.locator(".code-highlight").nth(1).filter({ hasText: "RETURN 'HI'" }).waitFor();
    });
  });
});
