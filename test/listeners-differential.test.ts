// Listeners Gradio 6 has and function values, against the real thing: the same app in Python Gradio 6
// and in gradio-ts, with the dependencies' targets, inputs, outputs and visibility compared in /config;
// then the function values and `demo.unload` at work through real HTTP.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { pythonWithGradio6, startPythonGradioApp, type PythonGradioApp } from "./api-python.js";
import { postJson, startServer, type TestServer } from "./helpers/server.js";

const PYTHON_APP = `
import gradio as gr, sys
with gr.Blocks() as demo:
    a = gr.Textbox(label="a")
    t = gr.Textbox(value=lambda: "now", every=1, label="t")
    u = gr.Textbox(value=lambda x: x + "!", inputs=[a], label="u")
    n = gr.Number(value=lambda: 3)
    a.copy(lambda: None)
    a.select(lambda: None)
    dd = gr.Dropdown(choices=["x"])
    dd.key_up(lambda: None)
    dd.focus(lambda: None)
    f = gr.File()
    f.delete(lambda: None)
    f.download(lambda: None)
    md = gr.Markdown("m")
    md.copy(lambda: None)
    g = gr.Gallery()
    g.preview_close(lambda: None)
    df = gr.Dataframe()
    df.edit(lambda: None)
    demo.unload(lambda: None)
demo.launch(server_name="127.0.0.1", server_port=int(sys.argv[1]))
`;

function tsApp(): gr.Blocks {
  return new gr.Blocks({}, (demo) => {
    const a = new gr.Textbox({ label: "a" });
    new gr.Textbox({ value: () => "now", every: 1, label: "t" });
    new gr.Textbox({ value: (x: string) => `${x}!`, inputs: [a], label: "u" });
    new gr.Number({ value: () => 3 });
    a.copy({ fn: () => null });
    a.select({ fn: () => null });
    const dd = new gr.Dropdown({ choices: ["x"] });
    dd.keyUp({ fn: () => null });
    dd.focus({ fn: () => null });
    const f = new gr.File();
    f.delete({ fn: () => null });
    f.download({ fn: () => null });
    new gr.Markdown({ value: "m" }).copy({ fn: () => null });
    new gr.Gallery().previewClose({ fn: () => null });
    new gr.Dataframe().edit({ fn: () => null });
    demo.unload(() => null);
  });
}

type Json = Record<string, unknown>;
type Config = { dependencies: Json[]; components: Json[]; connect_heartbeat: boolean };
const configOf = async (url: string) => (await (await fetch(`${url}/config`)).json()) as Config;

describe("listeners and function values, compared with Python Gradio 6", () => {
  let python: string | null = null;
  let twin: PythonGradioApp | null = null;
  let ours: TestServer;

  before(async () => {
    ours = await startServer(tsApp());
    python = await pythonWithGradio6();
    if (!python) return;
    twin = await startPythonGradioApp(python, PYTHON_APP);
  });
  after(async () => {
    twin?.close();
    await ours?.close();
  });

  test("the dependencies' targets, inputs, outputs, progress and visibility", { timeout: 60_000 }, async (t) => {
    if (!python || !twin)
      return t.skip("*** Python Gradio 6 is unavailable (no PyPI?): the differential listeners test did not run ***");
    const pick = (config: Config) => ({
      connect_heartbeat: config.connect_heartbeat,
      components: config.components.filter((c) => c.type !== "form").map((c) => [c.id, c.type]),
      dependencies: config.dependencies.map((d) => ({
        targets: d.targets,
        inputs: d.inputs,
        outputs: d.outputs,
        show_progress: d.show_progress,
        api_visibility: d.api_visibility,
        api_name: d.api_name,
      })),
    });
    assert.deepEqual(pick(await configOf(ours.url)), pick(await configOf(twin.url)));
  });

  test("a function value is the config's value, and its event answers as Gradio's", { timeout: 60_000 }, async (t) => {
    if (!python || !twin)
      return t.skip("*** Python Gradio 6 is unavailable (no PyPI?): the differential value test did not run ***");
    // The components whose function value is made for the config: "t" and the Number.
    const values = (config: Config) =>
      config.components
        .filter((c) => (c.props as Json).label === "t" || c.type === "number")
        .map((c) => (c.props as Json).value ?? null);
    assert.deepEqual(values(await configOf(ours.url)), values(await configOf(twin.url)));
    const call = async (url: string) => {
      const fnIndex = (await configOf(url)).dependencies.findIndex((d) => (d.inputs as number[]).length === 1);
      const answer = await postJson(`${url}/gradio_api/run/predict`, {
        data: ["hi"],
        fn_index: fnIndex,
        session_hash: "listen1",
        event_data: null,
        trigger_id: null,
      });
      return { status: answer.status, data: (answer.body as Json).data };
    };
    assert.deepEqual(await call(ours.url), await call(twin.url));
  });
});

describe("demo.unload", () => {
  test("runs with the session's State when the session's heartbeat stream closes", async () => {
    const seen: string[] = [];
    const demo = new gr.Blocks({}, (app) => {
      const name = new gr.State({ value: "nobody" });
      const who = new gr.Textbox();
      who.submit({ fn: (text: string) => text, inputs: who, outputs: name, runIn: "main" });
      app.unload(() => void seen.push("closed"));
    });
    const server = await startServer(demo);
    try {
      const config = await configOf(server.url);
      assert.equal(config.connect_heartbeat, true);
      const unload = config.dependencies.find((d) => (d.targets as unknown[][])[0]?.[1] === "unload")!;
      assert.equal(unload.api_visibility, "private");
      const heartbeat = new AbortController();
      const stream = await fetch(`${server.url}/gradio_api/heartbeat/unload1`, { signal: heartbeat.signal });
      assert.equal(stream.status, 200);
      assert.deepEqual(seen, []);
      heartbeat.abort();
      for (let tries = 0; tries < 100 && seen.length === 0; tries++) await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(seen, ["closed"]);
    } finally {
      await server.close();
    }
  });

  test("a caller cannot reach an unload fn by name", async () => {
    const demo = new gr.Blocks({}, (app) => void app.unload(() => null));
    const server = await startServer(demo);
    try {
      const answer = await postJson(`${server.url}/gradio_api/run/lambda`, { data: [] });
      assert.equal(answer.status, 404);
    } finally {
      await server.close();
    }
  });
});

describe("function values refused", () => {
  test("every or inputs without a function value is an error naming them", () => {
    assert.throws(
      () => new gr.Blocks({}, () => void new gr.Textbox({ value: "x", every: 1 })),
      /"every" and "inputs" need its "value" to be a function/,
    );
  });
  test("every that is neither seconds nor a Timer is an error", () => {
    assert.throws(
      () =>
        new gr.Blocks({}, () => {
          const other = new gr.Textbox();
          new gr.Textbox({ value: () => "x", every: other });
        }),
      /"every" must be a number of seconds or a gr.Timer, not a textbox/,
    );
  });
});
