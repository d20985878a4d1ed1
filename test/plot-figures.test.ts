// gr.Plot's figures (Plotly, Vega-Lite) and the native plots' options, against Python Gradio 6: the same
// app in both, their /config props, /gradio_api/info and a call's answer compared; and the refusals.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { AppConfigError, InputValidationError } from "../src/errors.js";
import { pythonWithGradio6, startPythonGradioApp, type PythonGradioApp } from "./api-python.js";
import { postJson, startServer, type TestServer } from "./helpers/server.js";

const FIGURE = { data: [{ type: "scatter", x: [1, 2, 3], y: [3, 1, 2] }], layout: { title: { text: "Dots" } } };
const SPEC = {
  $schema: "https://vega.github.io/schema/vega-lite/v5.json",
  data: { values: [{ a: "x", b: 2 }] },
  mark: "bar",
  encoding: { x: { field: "a", type: "nominal" }, y: { field: "b", type: "quantitative" } },
};
const ROWS = [
  { a: 1, b: 4, c: "x" },
  { a: 2, b: 5, c: "y" },
  { a: 3, b: 6, c: "x" },
];

type Json = Record<string, unknown>;
const SKIP = "*** Python Gradio 6 is unavailable (no PyPI?): the plot differential test did not run ***";

const PYTHON_APP = `
import gradio as gr, sys, json, pandas as pd
from gradio.components.plot import PlotData
FIGURE = json.loads(sys.argv[2])
df = pd.DataFrame(json.loads(sys.argv[3]))
with gr.Blocks() as demo:
    p = gr.Plot(label="P")
    btn = gr.Button()
    btn.click(lambda: PlotData(type="plotly", plot=json.dumps(FIGURE, separators=(",", ":"))), None, p, api_name="fig")
    lp = gr.LinePlot(df, x="a", y="b", color="c", x_bin=1, y_aggregate="mean", color_map={"x": "red"},
                     sort="-y", tooltip=["c"], x_lim=[0, None], y_lim=[0, 10], color_title="Series",
                     colors_in_legend=["x"], x_label_angle=45, y_label_angle=-30, x_axis_format=".1f",
                     y_axis_format="~g", x_axis_labels_visible="hidden", caption="Made up")
    gr.ScatterPlot(df, x="a", y="b")
    gr.BarPlot(df, x="c", y="b", sort=["y", "x"], tooltip="all")
    lp.select(lambda: None, None, None, api_name="sel")
    lp.double_click(lambda: None, None, None, api_name="dbl")
demo.queue().launch(server_name="127.0.0.1", server_port=int(sys.argv[1]))
`;

function tsApp(): gr.Blocks {
  return new gr.Blocks({}, () => {
    const p = new gr.Plot({ label: "P" });
    const btn = new gr.Button();
    btn.click({ fn: () => FIGURE, inputs: [], outputs: [p], apiName: "fig" });
    const lp = new gr.LinePlot({
      value: ROWS,
      x: "a",
      y: "b",
      color: "c",
      xBin: 1,
      yAggregate: "mean",
      colorMap: { x: "red" },
      sort: "-y",
      tooltip: ["c"],
      xLim: [0, null],
      yLim: [0, 10],
      colorTitle: "Series",
      colorsInLegend: ["x"],
      xLabelAngle: 45,
      yLabelAngle: -30,
      xAxisFormat: ".1f",
      yAxisFormat: "~g",
      xAxisLabelsVisible: "hidden",
      caption: "Made up",
    });
    new gr.ScatterPlot({ value: ROWS, x: "a", y: "b" });
    new gr.BarPlot({ value: ROWS, x: "c", y: "b", sort: ["y", "x"], tooltip: "all" });
    lp.select({ fn: () => undefined, inputs: [], outputs: [], apiName: "sel" });
    lp.doubleClick({ fn: () => undefined, inputs: [], outputs: [], apiName: "dbl" });
  });
}

async function callRaw(root: string, apiName: string, data: unknown[]): Promise<unknown> {
  const url = root.replace(/\/$/, "");
  const posted = await fetch(`${url}/gradio_api/call/${apiName}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ data }),
  });
  assert.equal(posted.status, 200, `POST /gradio_api/call/${apiName}`);
  const { event_id: eventId } = (await posted.json()) as { event_id: string };
  const text = await (await fetch(`${url}/gradio_api/call/${apiName}/${eventId}`)).text();
  const complete = text.split("\n\n").find((block) => block.startsWith("event: complete"));
  assert.ok(complete, `${apiName} completed: ${text.slice(0, 300)}`);
  return JSON.parse(complete.split("\ndata: ")[1]!) as unknown;
}

const configOf = async (root: string) =>
  (await (await fetch(`${root.replace(/\/$/, "")}/config`)).json()) as {
    components: Json[];
    dependencies: Json[];
  };
const infoOf = async (root: string) =>
  (await (await fetch(`${root.replace(/\/$/, "")}/gradio_api/info`)).json()) as {
    named_endpoints: Record<string, { returns: { type: Json }[] }>;
  };

describe("gr.Plot figures", () => {
  test("a Plotly figure and a Vega-Lite spec are told apart by shape and sent as Gradio's PlotData", () => {
    const plot = new gr.Plot();
    assert.deepEqual(plot.postprocess(FIGURE), { type: "plotly", plot: JSON.stringify(FIGURE) });
    assert.deepEqual(plot.postprocess(SPEC), { type: "altair", plot: JSON.stringify(SPEC) });
    assert.deepEqual(plot.postprocess({ mark: "point" }), { type: "altair", plot: '{"mark":"point"}' });
    assert.deepEqual(gr.plotly(FIGURE), plot.postprocess(FIGURE));
    assert.deepEqual(gr.vegaLite(SPEC), plot.postprocess(SPEC));
    const image = { type: "matplotlib", plot: "data:image/png;base64,iVBORw0KGgo=" } as const;
    assert.deepEqual(plot.postprocess(image), image);
  });

  test("what is no figure is refused with a message naming both shapes; bokeh is refused by name", () => {
    const plot = new gr.Plot();
    assert.throws(() => plot.postprocess({ nothing: 1 }), /Plotly figure .* or a Vega-Lite spec/);
    assert.throws(() => plot.postprocess({ type: "bokeh", plot: "{}" }), /bokeh plots are not supported/);
    assert.throws(() => plot.preprocess({ type: "plotly", plot: "{oops" }), InputValidationError);
    assert.throws(() => plot.preprocess({ type: "matplotlib", plot: "/etc/passwd" }), /data URL/);
    assert.throws(() => plot.preprocess("plot"), /expected a plot/);
  });

  test("a caller's bad figure is a 4xx with a message, and the server goes on", async () => {
    const demo = new gr.Blocks({}, () => {
      const p = new gr.Plot();
      new gr.Button().click({ fn: (x: gr.PlotData | null) => x, inputs: [p], outputs: [p], apiName: "echo" });
    });
    const server = await startServer(demo);
    try {
      const bad = await postJson(`${server.url}/gradio_api/run/echo`, { data: [{ type: "svg", plot: "{}" }] });
      assert.ok(bad.status >= 400 && bad.status < 500, `status ${bad.status}`);
      assert.match(JSON.stringify(bad.body), /plot type must be/);
      const good = { type: "plotly", plot: JSON.stringify(FIGURE) };
      const ok = await postJson(`${server.url}/gradio_api/run/echo`, { data: [good] });
      assert.equal(ok.status, 200);
      assert.deepEqual((ok.body as { data: unknown[] }).data[0], good);
    } finally {
      await server.close();
    }
  });
});

describe("native plot options", () => {
  test("an option the browser could not honour is refused when the app is built, naming it", () => {
    const make = (options: Partial<gr.NativePlotOptions>) => () => new gr.LinePlot({ x: "a", y: "b", ...options });
    assert.throws(make({ xBin: "3 weeks" }), (e: unknown) => e instanceof AppConfigError && /xBin/.test(e.message));
    assert.throws(make({ xBin: -1 }), /xBin/);
    assert.throws(make({ yAggregate: "mode" as gr.NativePlotAggregate }), /yAggregate/);
    assert.throws(make({ sort: "z" as "x" }), /sort/);
    assert.throws(make({ tooltip: "some" as "all" }), /tooltip/);
    assert.throws(make({ xLim: [0, Number.NaN] }), /xLim/);
    assert.throws(make({ xAxisFormat: ".2q" }), /xAxisFormat must be a d3 number format/);
    assert.throws(make({ yAxisFormat: "%Y-%m" }), /yAxisFormat/);
    assert.throws(make({ xLabelAngle: Number.POSITIVE_INFINITY }), /xLabelAngle/);
    assert.throws(make({ colorsInLegend: "a" as unknown as string[] }), /colorsInLegend/);
    assert.doesNotThrow(make({ xBin: "15m", yAggregate: "median", sort: ["b", "a"], tooltip: "none" }));
    for (const format of [".2e", "~g", ",.0f", ".0%", "$,.2f", "+.3s", "0>8d", ""])
      assert.doesNotThrow(make({ yAxisFormat: format }), format);
  });

  test("a native plot fires select and double_click; other blocks' events stay refused", () => {
    new gr.Blocks({}, () => {
      const lp = new gr.LinePlot({ x: "a", y: "b" });
      assert.doesNotThrow(() => gr.on([[lp, "double_click"]], { fn: () => undefined, inputs: [], outputs: [] }));
      const text = new gr.Textbox();
      assert.throws(
        () => gr.on([[text, "double_click" as "change"]], { fn: () => undefined, inputs: [], outputs: [] }),
        /no "double_click" event/,
      );
    });
  });
});

describe("plots compared with Python Gradio 6", () => {
  let python: string | null = null;
  let twin: PythonGradioApp | null = null;
  let gradioUrl = "";
  let ours: TestServer;

  before(async () => {
    ours = await startServer(tsApp());
    python = await pythonWithGradio6();
    if (!python) return;
    twin = await startPythonGradioApp(python, PYTHON_APP, { args: [JSON.stringify(FIGURE), JSON.stringify(ROWS)] });
    gradioUrl = twin.url;
  });
  after(async () => {
    twin?.close();
    await ours?.close();
  });

  test("gr.Plot: the same config props, api info and call answer (PlotData with the figure as JSON)", async (t) => {
    if (!python) return t.skip(SKIP);
    const [theirs, mine] = await Promise.all([configOf(gradioUrl), configOf(ours.url)]);
    const plotOf = (config: { components: Json[] }) => config.components.find((c) => c.type === "plot")!;
    for (const key of ["format", "label", "value"])
      assert.deepEqual((plotOf(mine).props as Json)[key], (plotOf(theirs).props as Json)[key], `props.${key}`);
    assert.deepEqual(plotOf(mine).api_info, plotOf(theirs).api_info);
    const [theirInfo, myInfo] = await Promise.all([infoOf(gradioUrl), infoOf(ours.url)]);
    assert.deepEqual(
      myInfo.named_endpoints["/fig"]!.returns[0]!.type,
      theirInfo.named_endpoints["/fig"]!.returns[0]!.type,
    );
    assert.deepEqual(await callRaw(ours.url, "fig", []), await callRaw(gradioUrl, "fig", []));
  });

  test("native plots: bins, aggregates, colours, sort, tooltip, limits, legend and axis labels under Gradio's keys", async (t) => {
    if (!python) return t.skip(SKIP);
    const [theirs, mine] = await Promise.all([configOf(gradioUrl), configOf(ours.url)]);
    const plots = (config: { components: Json[] }) =>
      config.components.filter((c) => c.type === "nativeplot").map((c) => c.props as Json);
    const keys = ["name", "x", "y", "color", "x_bin", "y_aggregate", "color_map", "sort", "tooltip", "x_lim", "y_lim"];
    keys.push("color_title", "colors_in_legend", "x_label_angle", "y_label_angle", "x_axis_format", "y_axis_format");
    keys.push("x_axis_labels_visible", "caption");
    for (const [i, their] of plots(theirs).entries())
      for (const key of keys) assert.deepEqual(plots(mine)[i]![key], their[key], `${String(their.name)} props.${key}`);
    const targets = (config: { dependencies: Json[] }) =>
      config.dependencies.map((d) => (d.targets as [number, string][]).map(([, event]) => event)).flat();
    assert.deepEqual(targets(mine), targets(theirs));
    assert.deepEqual(targets(mine), ["click", "select", "double_click"]);
  });
});
