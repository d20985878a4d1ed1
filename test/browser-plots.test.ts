/**
 * Plots in headless Chromium: gr.Plot's Plotly and Vega-Lite figures drawn from their own chunks (fetched
 * only by a page that shows one, under the server's CSP with no eval), and the native plots' options and
 * their select and double_click events reaching the server.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser, Page } from "playwright-core";
import { browserSuite, onPage } from "../frontend/e2e/harness.js";

let browser: Browser;
const start = browserSuite((launched) => (browser = launched));

const FIGURE = {
  data: [{ type: "bar", x: ["a", "b", "c"], y: [3, 1, 2], name: "counts" }],
  layout: { title: { text: "Plotly bars" } },
};
const SPEC = {
  $schema: "https://vega.github.io/schema/vega-lite/v5.json",
  data: {
    values: [
      { a: "x", b: 2 },
      { a: "y", b: 5 },
    ],
  },
  mark: "bar",
  encoding: { x: { field: "a", type: "nominal" }, y: { field: "b", type: "quantitative" } },
  params: [{ name: "pick", select: "point" }],
};

/** The asset chunks the page fetched, by name without their hash. */
function chunksFetched(page: Page): Set<string> {
  const chunks = new Set<string>();
  page.on("request", (request) => {
    const match = /\/assets\/([a-z-]+)-[\w-]+\.js$/.exec(new URL(request.url()).pathname);
    if (match) chunks.add(match[1]!);
  });
  return chunks;
}

describe("gr.Plot figures", () => {
  test("a Plotly figure draws from the plotly chunk and a Vega-Lite spec from the vega chunk, under the server's CSP", async (t) => {
    const demo = new gr.Blocks({}, () => {
      const plotly = new gr.Plot({ label: "Plotly", value: FIGURE });
      new gr.Plot({ label: "Vega", value: SPEC });
      const again = new gr.Button({ value: "Redraw" });
      again.click({
        fn: () => ({ ...FIGURE, layout: { title: { text: "Second figure" } } }),
        inputs: [],
        outputs: [plotly],
      });
    });
    const url = await start(demo);
    // The server's own CSP (no unsafe-eval): the figures' libraries must run without eval.
    await onPage(
      t,
      browser,
      url,
      async (page) => {
        const chunks = chunksFetched(page);
        await page.reload();
        const plotly = page.getByTestId("plot-plotly");
        await plotly.locator(".main-svg").first().waitFor();
        await plotly.getByText("Plotly bars").waitFor();
        assert.equal(await plotly.locator(".trace.bars .point").count(), 3);
        const vega = page.getByTestId("plot-altair");
        await vega.locator("svg .mark-rect path").first().waitFor();
        assert.equal(await vega.locator("svg .mark-rect path").count(), 2);
        assert.ok(chunks.has("plot-plotly"), `the plotly chunk was fetched: ${[...chunks].join(", ")}`);
        assert.ok(chunks.has("plot-vega"), "the vega chunk was fetched");
        await page.getByRole("button", { name: "Redraw" }).click();
        await plotly.getByText("Second figure").waitFor();
      },
      {
        serverCsp: true,
        // plotly.js still adds one <style> element as it loads, which the CSP refuses (its rules come from
        // a stylesheet); nothing else from either library may be refused, vega's eval included.
        allowViolation: ({ directive, source }) =>
          directive === "style-src-elem" && /\/assets\/plot-plotly-[\w-]+\.js/.test(source),
      },
    );
  });

  test("the hello page fetches no plot library", async (t) => {
    const demo = new gr.Blocks({}, () => {
      new gr.Textbox({ label: "Name" });
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      const chunks = chunksFetched(page);
      await page.reload();
      await page.getByLabel("Name").waitFor();
      await page.waitForLoadState("networkidle");
      for (const chunk of ["plot-plotly", "plot-vega", "plot-native", "plot"]) assert.ok(!chunks.has(chunk), chunk);
    });
  });
});

describe("native plot options and events", () => {
  test("bars aggregate and sort by y; a drag selects a range and a double click reaches the server", async (t) => {
    const selections: unknown[] = [];
    let doubleClicks = 0;
    const demo = new gr.Blocks({}, () => {
      const bars = new gr.BarPlot({
        label: "Bars",
        value: [
          { fruit: "apple", n: 3 },
          { fruit: "apple", n: 4 },
          { fruit: "pear", n: 5 },
          { fruit: "fig", n: 1 },
        ],
        x: "fruit",
        y: "n",
        yAggregate: "sum",
        sort: "-y",
        colorMap: { n: "#123456" },
      });
      const line = new gr.LinePlot({
        label: "Line",
        value: [
          { t: 1, v: 2 },
          { t: 2, v: 5 },
          { t: 3, v: 1 },
          { t: 4, v: 7 },
        ],
        x: "t",
        y: "v",
        tooltip: "none",
      });
      const said = new gr.Textbox({ label: "Said" });
      line.select({
        fn: (context: gr.EventContext) => {
          selections.push(context.eventData);
          return "selected";
        },
        inputs: [],
        outputs: [said],
      } as never);
      line.doubleClick({ fn: () => `double ${++doubleClicks}`, inputs: [], outputs: [said] });
      void bars;
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      const bars = page.getByRole("img", { name: /^bar chart/ });
      await bars.locator("canvas").waitFor();
      // Two apples summed into one bar: three bars, ordered by their sums (apple 7, pear 5, fig 1).
      assert.match((await bars.getAttribute("aria-label")) ?? "", /3 points/);
      // The legend names the x under the cursor: the first bar is apple's (7), the last fig's (1).
      const barsBox = (await bars.locator(".u-over").boundingBox())!;
      const xUnder = async (fraction: number) => {
        await page.mouse.move(barsBox.x + barsBox.width * fraction, barsBox.y + barsBox.height / 2);
        return (await bars.locator(".u-legend .u-value").first().textContent()) ?? "";
      };
      assert.equal(await xUnder(0.15), "apple");
      assert.equal(await xUnder(0.85), "fig");
      const line = page.getByRole("img", { name: /^line chart/ });
      const over = line.locator(".u-over");
      await over.waitFor();
      const box = (await over.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
      const said = page.getByLabel("Said");
      await page.waitForFunction(() => document.querySelector<HTMLTextAreaElement>("textarea")?.value === "selected");
      const [range] = selections as { index: [number, number]; value: [number, number]; selected: boolean }[];
      assert.ok(range && range.selected, "a select event with its data");
      assert.ok(range.value[0] >= 1 && range.value[0] < range.value[1] && range.value[1] <= 4, JSON.stringify(range));
      assert.deepEqual(range.index, range.value);
      await over.dblclick();
      await page.waitForFunction(() => document.querySelector<HTMLTextAreaElement>("textarea")?.value === "double 1");
      assert.equal(await said.inputValue(), "double 1");
    });
  });

  test("the legend has its title and only the listed series; axis labels follow their formats and angles", async (t) => {
    const demo = new gr.Blocks({}, () => {
      new gr.LinePlot({
        label: "Sales",
        value: [
          { day: 1, sold: 1200, shop: "north" },
          { day: 2, sold: 3400, shop: "north" },
          { day: 1, sold: 800, shop: "south" },
          { day: 2, sold: 2500, shop: "south" },
        ],
        x: "day",
        y: "sold",
        color: "shop",
        colorTitle: "Shop",
        colorsInLegend: ["north"],
        xAxisFormat: ".2f",
        yAxisFormat: ".1e",
        xLabelAngle: 45,
        yLabelAngle: -30,
        caption: "Two shops over two days",
      });
    });
    const url = await start(demo);
    await onPage(t, browser, url, async (page) => {
      const chart = page.getByRole("img", { name: /^line chart/ });
      await chart.locator("canvas").waitFor();
      assert.equal(await chart.locator(".u-legend caption").textContent(), "Shop");
      const legendRows = chart.locator(".u-legend .u-series:not([hidden]) .u-label");
      assert.deepEqual(await legendRows.allTextContents(), ["day", "north"]);
      assert.equal(await page.getByText("Two shops over two days").count(), 1);
      // The tick labels are drawn on the canvas: record what is drawn, and turned how, on a redraw.
      await page.evaluate(() => {
        const drawn: { text: string; turned: boolean }[] = [];
        (window as unknown as { drawn: typeof drawn }).drawn = drawn;
        const fillText = CanvasRenderingContext2D.prototype.fillText;
        CanvasRenderingContext2D.prototype.fillText = function (text, x, y, maxWidth) {
          drawn.push({ text: String(text), turned: this.getTransform().b !== 0 });
          return fillText.call(this, text, x, y, maxWidth);
        };
      });
      await page.setViewportSize({ width: 900, height: 900 });
      const drawn = await page.waitForFunction(() => {
        const list = (window as unknown as { drawn: { text: string; turned: boolean }[] }).drawn;
        return list.some((d) => d.text.includes("e+3")) && list;
      });
      const labels = (await drawn.jsonValue()) as { text: string; turned: boolean }[];
      const yLabels = labels.filter((d) => /^\d\.\de\+\d$/.test(d.text));
      const xLabels = labels.filter((d) => /^\d\.\d\d$/.test(d.text));
      assert.ok(yLabels.length >= 2, `y ticks in ".1e": ${JSON.stringify(labels)}`);
      assert.ok(xLabels.length >= 2, `x ticks in ".2f": ${JSON.stringify(labels)}`);
      assert.ok(yLabels.every((d) => d.turned) && xLabels.every((d) => d.turned), "both axes' labels are turned");
    });
  });
});
