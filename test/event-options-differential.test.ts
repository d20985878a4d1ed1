// Event and Dataframe options against the real thing: the same app in Python Gradio 6 and in
// gradio-ts, and the fields these options set in /config compared, as are the answers of run/predict.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { pythonWithGradio6, startPythonGradioApp, type PythonGradioApp } from "./api-python.js";
import { postJson, startServer, type TestServer } from "./helpers/server.js";

const PYTHON_APP = `
import gradio as gr, sys
with gr.Blocks() as demo:
    t = gr.Textbox(label="t")
    o = gr.Textbox(label="o")
    df = gr.Dataframe(value=[[1, "**a**", "<b>x</b>"]], headers=["n", "m", "h"], datatype=["number", "markdown", "html"],
                      pinned_columns=1, column_widths=[100, "20%", "50px"], wrap=True)
    plain = gr.Dataframe(headers=["a"])
    t.submit(lambda x: x[::-1], t, o, queue=False, scroll_to_output=True, api_name="rev")
    t.change(lambda x: x, t, o, api_name="same")
demo.launch(server_name="127.0.0.1", server_port=int(sys.argv[1]))
`;

function tsApp(): gr.Blocks {
  return new gr.Blocks({}, () => {
    const t = new gr.Textbox({ label: "t" });
    const o = new gr.Textbox({ label: "o" });
    new gr.Dataframe({
      value: [[1, "**a**", "<b>x</b>"]],
      headers: ["n", "m", "h"],
      datatype: ["number", "markdown", "html"],
      pinnedColumns: 1,
      columnWidths: [100, "20%", "50px"],
      wrap: true,
    });
    new gr.Dataframe({ headers: ["a"] });
    t.submit({
      fn: (x: string) => [...x].reverse().join(""),
      inputs: t,
      outputs: o,
      queue: false,
      scrollToOutput: true,
      apiName: "rev",
    });
    t.change({ fn: (x: string) => x, inputs: t, outputs: o, apiName: "same" });
  });
}

type Json = Record<string, unknown>;

describe("event and Dataframe options, compared with Python Gradio 6", () => {
  let python: string | null = null;
  let twin: PythonGradioApp | null = null;
  let gradioUrl = "";
  let ours: TestServer;

  before(async () => {
    ours = await startServer(tsApp());
    python = await pythonWithGradio6();
    if (!python) return;
    twin = await startPythonGradioApp(python, PYTHON_APP);
    gradioUrl = twin.url;
  });
  after(async () => {
    twin?.close();
    await ours?.close();
  });

  const configOf = async (url: string) =>
    (await (await fetch(`${url}/config`)).json()) as { dependencies: Json[]; components: Json[] };

  test("queue and scroll_to_output of each event", { timeout: 60_000 }, async (t) => {
    if (!python)
      return t.skip(
        "*** Python Gradio 6 is unavailable (no PyPI?): the differential event-options test did not run ***",
      );
    const pick = (config: { dependencies: Json[] }) =>
      config.dependencies.map((d) => ({ api_name: d.api_name, queue: d.queue, scroll_to_output: d.scroll_to_output }));
    assert.deepEqual(pick(await configOf(ours.url)), pick(await configOf(gradioUrl)));
  });

  test("the Dataframe's display props", { timeout: 60_000 }, async (t) => {
    if (!python)
      return t.skip("*** Python Gradio 6 is unavailable (no PyPI?): the differential Dataframe test did not run ***");
    const keys = ["datatype", "wrap", "column_widths", "pinned_columns", "headers"];
    const pick = (config: { components: Json[] }) =>
      config.components
        .filter((c) => c.type === "dataframe")
        .map((c) => Object.fromEntries(keys.map((k) => [k, (c.props as Json)[k] ?? null])));
    assert.deepEqual(pick(await configOf(ours.url)), pick(await configOf(gradioUrl)));
  });

  test("run/predict answers alike", { timeout: 60_000 }, async (t) => {
    if (!python)
      return t.skip("*** Python Gradio 6 is unavailable (no PyPI?): the differential run/predict test did not run ***");
    const call = async (url: string) => {
      const fnIndex = (await configOf(url)).dependencies.find((d) => d.api_name === "rev")!.id;
      const answer = await postJson(`${url}/gradio_api/run/predict`, {
        data: ["abc"],
        fn_index: fnIndex,
        session_hash: "diff1",
        event_data: null,
        trigger_id: 1,
      });
      const { duration: _d, average_duration: _a, ...rest } = answer.body as Json;
      return { status: answer.status, body: rest };
    };
    assert.deepEqual(await call(ours.url), await call(gradioUrl));
  });
});
