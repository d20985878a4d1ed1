// gr.render against the real thing: the same app in Python Gradio 6 and in gradio-ts, the same render
// request to both, and the answers compared field by field (ids aside, and the "form" wrappers Gradio
// puts around inputs, which are layout only).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { renderBoxes } from "./fixtures/render-boxes.js";
import { pythonWithGradio6, startPythonGradioApp, type PythonGradioApp } from "./api-python.js";
import { readSse, startServer, type TestServer } from "./helpers/server.js";

const PYTHON_APP = `
import gradio as gr, sys
with gr.Blocks() as demo:
    count = gr.Number(value=2, label="count")
    @gr.render(inputs=count)
    def show(n):
        for i in range(int(n)):
            with gr.Row():
                box = gr.Textbox(value=f"box {i}", label=f"box {i}", key=f"t{i}")
                gr.Button(f"upper {i}").click(lambda s: s.upper(), box, box, api_name=f"up{i}")
demo.queue().launch(server_name="127.0.0.1", server_port=int(sys.argv[1]))
`;

function tsApp(): gr.Blocks {
  return new gr.Blocks({}, () => void renderBoxes());
}

type Json = Record<string, unknown>;
interface Layout {
  id: number;
  children?: Layout[];
}

async function renderOnce(
  root: string,
  fnIndex: number,
  count: number,
): Promise<{ message: Json; output: Json; config: Json }> {
  const url = root.replace(/\/$/, "");
  const sessionHash = `diff${Math.random().toString(36).slice(2, 10)}`;
  const joined = await fetch(`${url}/gradio_api/queue/join`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      data: [count],
      fn_index: fnIndex,
      session_hash: sessionHash,
      event_data: null,
      trigger_id: 1,
    }),
  });
  assert.equal(joined.status, 200);
  const messages = (await readSse(await fetch(`${url}/gradio_api/queue/data?session_hash=${sessionHash}`))) as Json[];
  const message = messages.find((m) => m.msg === "process_completed")!;
  const output = message.output as Json;
  return { message, output, config: output.render_config as Json };
}

/** The layout as a tree of types, without Gradio's "form" wrappers. */
function shape(layout: Layout, typeOf: Map<number, string>): unknown {
  const children = (layout.children ?? []).flatMap((twin) =>
    typeOf.get(twin.id) === "form" ? (twin.children ?? []) : [twin],
  );
  return layout.children
    ? { type: typeOf.get(layout.id), children: children.map((twin) => shape(twin, typeOf)) }
    : typeOf.get(layout.id);
}

describe("gr.render, compared with Python Gradio 6", () => {
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

  test("the render event in /config", { timeout: 60_000 }, async (t) => {
    if (!python)
      return t.skip("*** Python Gradio 6 is unavailable (no PyPI?): the differential render test did not run ***");
    const pick = (config: Json) => {
      const dependency = (config.dependencies as Json[]).find((d) => d.render_id !== null)!;
      const {
        id: _id,
        api_name: _name,
        targets,
        inputs,
        outputs,
        collects_event_data: _collects,
        ...rest
      } = dependency;
      return {
        ...rest,
        targets: (targets as [number, string][]).map(([, event]) => event),
        inputs: (inputs as number[]).length,
        outputs: (outputs as number[]).length,
      };
    };
    const theirs = pick((await (await fetch(`${gradioUrl}/config`)).json()) as Json);
    const mine = pick((await (await fetch(`${ours.url.replace(/\/$/, "")}/config`)).json()) as Json);
    for (const [field, value] of Object.entries(theirs))
      assert.deepEqual((mine as Json)[field], value, `dependency field ${field}`);
  });

  test(
    "the completion of a render: output keys, render_config keys, components, events and layout",
    { timeout: 60_000 },
    async (t) => {
      if (!python)
        return t.skip("*** Python Gradio 6 is unavailable (no PyPI?): the differential render test did not run ***");
      const [theirs, mine] = await Promise.all([renderOnce(gradioUrl, 0, 3), renderOnce(ours.url, 0, 3)]);
      assert.deepEqual(Object.keys(mine.message).sort(), Object.keys(theirs.message).sort());
      assert.deepEqual(Object.keys(mine.output).sort(), Object.keys(theirs.output).sort());
      assert.deepEqual(mine.output.data, theirs.output.data);
      assert.deepEqual(Object.keys(mine.config).sort(), Object.keys(theirs.config).sort());
      assert.equal(mine.config.render_id, theirs.config.render_id);

      const components = (config: Json) => (config.components as Json[]).filter((c) => c.type !== "form");
      const [theirComponents, myComponents] = [components(theirs.config), components(mine.config)];
      assert.deepEqual(
        myComponents.map((c) => c.type),
        theirComponents.map((c) => c.type),
      );
      for (const [i, their] of theirComponents.entries()) {
        const my = myComponents[i]!;
        assert.deepEqual(Object.keys(my).sort(), Object.keys(their).sort(), `keys of ${String(their.type)} #${i}`);
        for (const field of ["rendered_in", "renderable", "skip_api"])
          assert.deepEqual(my[field], their[field], `${field} of ${String(their.type)} #${i}`);
        const [myProps, theirProps] = [my.props as Json, their.props as Json];
        for (const prop of ["value", "label", "key", "preserved_by_key"])
          assert.deepEqual(myProps[prop], theirProps[prop], `props.${prop} of ${String(their.type)} #${i}`);
      }

      const events = (config: Json) =>
        (config.dependencies as Json[]).map((d) => ({
          ...d,
          id: 0,
          targets: (d.targets as [number, string][]).map(([, e]) => e),
          inputs: 0,
          outputs: 0,
          collects_event_data: null,
          frontend_fn: undefined,
        }));
      assert.deepEqual(events(mine.config), events(theirs.config));

      const typeOf = (config: Json) =>
        new Map((config.components as Json[]).map((c) => [c.id as number, c.type as string]));
      assert.deepEqual(
        shape(mine.config.layout as Layout, typeOf(mine.config)),
        shape(theirs.config.layout as Layout, typeOf(theirs.config)),
      );
    },
  );
});
