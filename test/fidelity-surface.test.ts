// Newer parts of Gradio's surface against the real thing: the same app in Python Gradio 6 and in
// gradio-ts, and what each sends compared (the /config blocks, layout and events, /gradio_api/info).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { pythonWithGradio6, startPythonGradioApp, type PythonGradioApp } from "./api-python.js";
import { startServer, type TestServer } from "./helpers/server.js";

const PYTHON_APP = `
import gradio as gr, sys
with gr.Blocks() as demo:
    with gr.Sidebar(open=False, position="right", width=300) as side:
        gr.Markdown("side")
    with gr.Sidebar():
        gr.Markdown("plain")
    t = gr.Text(label="t")
    ta = gr.TextArea(label="ta")
    ta_short = gr.TextArea(label="ta_short", lines=2)
    gr.Button().click(lambda a, b: a + b, [t, ta], ta_short, api_name="join")
    n = gr.Number(value=3, label="n")
    sl = gr.Slider(minimum=2, maximum=9, label="sl")
    chat = gr.Chatbot(label="chat")
    cbg = gr.CheckboxGroup(["a", "b"], label="cbg")
    lab = gr.Label(label="lab")
    st = gr.State({"count": 1})
    wipe = gr.ClearButton([t, ta, sl, chat, cbg, lab], value="Wipe")
    wipe.add([n, st])
    gr.ClearButton()
    late = gr.Textbox(label="late", render=False)
    gr.Examples([["from example"]], inputs=[late])
    with gr.Row():
        gr.Markdown("before late")
        late.render()
    side.expand(lambda: "opened", None, t, api_name="opened")
    side.collapse(lambda: "closed", None, t, api_name="closed")
demo.queue().launch(server_name="127.0.0.1", server_port=int(sys.argv[1]))
`;

function tsApp(): gr.Blocks {
  return new gr.Blocks({}, () => {
    const side = gr.Sidebar({ open: false, position: "right", width: 300 }, () => new gr.Markdown("side"));
    gr.Sidebar(() => new gr.Markdown("plain"));
    const t = new gr.Text({ label: "t" });
    const ta = new gr.TextArea({ label: "ta" });
    const taShort = new gr.TextArea({ label: "ta_short", lines: 2 });
    new gr.Button().click({
      fn: (a: string, b: string) => a + b,
      inputs: [t, ta],
      outputs: [taShort],
      apiName: "join",
    });
    const n = new gr.Number({ value: 3, label: "n" });
    const sl = new gr.Slider({ minimum: 2, maximum: 9, label: "sl" });
    const chat = new gr.Chatbot({ label: "chat" });
    const cbg = new gr.CheckboxGroup({ choices: ["a", "b"], label: "cbg" });
    const lab = new gr.Label({ label: "lab" });
    const st = new gr.State({ value: { count: 1 } });
    const wipe = new gr.ClearButton({ components: [t, ta, sl, chat, cbg, lab], value: "Wipe" });
    wipe.add([n, st]);
    new gr.ClearButton();
    const late = new gr.Textbox({ label: "late", render: false });
    new gr.Examples({ examples: [["from example"]], inputs: [late] });
    gr.Row(() => {
      new gr.Markdown("before late");
      late.render();
    });
    side.expand({ fn: () => "opened", outputs: [t], apiName: "opened" });
    side.collapse({ fn: () => "closed", outputs: [t], apiName: "closed" });
  });
}

type Json = Record<string, unknown>;
interface Config {
  components: (Json & { id: number; type: string; props: Json })[];
  dependencies: Json[];
  layout: Json;
}
const SKIP = "*** Python Gradio 6 is unavailable (no PyPI?): the surface differential test did not run ***";

const configOf = async (root: string) => (await (await fetch(`${root.replace(/\/$/, "")}/config`)).json()) as Config;
const infoOf = async (root: string) =>
  (await (await fetch(`${root.replace(/\/$/, "")}/gradio_api/info`)).json()) as {
    named_endpoints: Record<string, Json>;
  };
/** A dependency with its ids replaced by what they point at, so two apps' configs compare. */
function describeDependency(config: Config, dependency: Json) {
  const name = (id: number) => {
    const block = config.components.find((c) => c.id === id)!;
    return `${block.type}:${String(block.props.label ?? block.props.value ?? "")}`;
  };
  const keys = ["js", "backend_fn", "queue", "api_name", "api_visibility", "show_progress", "trigger_mode"];
  return {
    ...Object.fromEntries(keys.map((key) => [key, dependency[key]])),
    targets: (dependency.targets as [number, string][]).map(([id, event]) => [name(id), event]),
    inputs: (dependency.inputs as number[]).map(name),
    outputs: (dependency.outputs as number[]).map(name),
  };
}
const byLabel = (config: Config, label: string) => config.components.find((c) => c.props.label === label)!;

describe("newer components and layouts, compared with Python Gradio 6", () => {
  let python: string | null = null;
  let twin: PythonGradioApp | null = null;
  let ours: TestServer;
  let theirs: Config;
  let mine: Config;

  before(async () => {
    ours = await startServer(tsApp());
    mine = await configOf(ours.url);
    python = await pythonWithGradio6();
    if (!python) return;
    twin = await startPythonGradioApp(python, PYTHON_APP);
    theirs = await configOf(twin.url);
  });
  after(async () => {
    twin?.close();
    await ours?.close();
  });

  test(
    "gr.Text and gr.TextArea are Textboxes; TextArea starts 7 lines tall with 20 at most",
    { timeout: 60_000 },
    async (t) => {
      if (!python) return t.skip(SKIP);
      for (const label of ["t", "ta", "ta_short"]) {
        const [their, my] = [byLabel(theirs, label), byLabel(mine, label)];
        assert.equal(my.type, their.type, label);
        for (const prop of ["lines", "type", "name"])
          assert.deepEqual(my.props[prop], their.props[prop], `${label}: props.${prop}`);
      }
      for (const label of ["ta", "ta_short"])
        assert.equal(byLabel(mine, label).props.max_lines, byLabel(theirs, label).props.max_lines, label);
      const join = async (root: string) => {
        const { parameters, returns } = (await infoOf(root)).named_endpoints["/join"] as Json;
        return { parameters, returns };
      };
      assert.deepEqual(await join(ours.url), await join(twin!.url));
    },
  );

  test(
    "gr.ClearButton: a Button whose click clears its components in the browser (State on the server)",
    { timeout: 60_000 },
    async (t) => {
      if (!python) return t.skip(SKIP);
      const buttons = (config: Config) =>
        config.components.filter((c) => c.type === "button" && ["Wipe", "Clear"].includes(c.props.value as string));
      assert.equal(buttons(mine).length, 2);
      for (const [i, their] of buttons(theirs).entries()) {
        const my = buttons(mine)[i]!;
        assert.equal(my.skip_api, their.skip_api);
        for (const prop of ["value", "variant", "size", "interactive", "api_visibility", "name"])
          assert.deepEqual(my.props[prop], their.props[prop], `props.${prop}`);
      }
      const clearing = (config: Config) => {
        const ids = new Set(buttons(config).map((b) => b.id));
        return config.dependencies
          .filter((d) => (d.targets as [number, string][]).some(([id]) => ids.has(id)))
          .map((d) => describeDependency(config, d));
      };
      assert.equal(clearing(mine).length, 3);
      assert.deepEqual(clearing(mine), clearing(theirs));
    },
  );

  test(
    "gr.Sidebar: a layout with open, width and position, firing expand and collapse",
    { timeout: 60_000 },
    async (t) => {
      if (!python) return t.skip(SKIP);
      const sidebars = (config: Config) => config.components.filter((c) => c.type === "sidebar");
      assert.equal(sidebars(mine).length, 2);
      for (const [i, their] of sidebars(theirs).entries()) {
        const my = sidebars(mine)[i]!;
        assert.equal(my.skip_api, their.skip_api);
        assert.deepEqual(my.props, their.props);
      }
      const topLevel = (config: Config) =>
        (config.layout.children as { id: number; children?: { id: number }[] }[]).slice(0, 2).map((node) => ({
          type: config.components.find((c) => c.id === node.id)!.type,
          children: node.children?.map((child) => config.components.find((c) => c.id === child.id)!.props.value),
        }));
      assert.deepEqual(topLevel(mine), topLevel(theirs));
      const events = (config: Config) =>
        config.dependencies
          .filter((d) => ["opened", "closed"].includes(d.api_name as string))
          .map((d) => describeDependency(config, d));
      assert.equal(events(mine).length, 2);
      assert.deepEqual(events(mine), events(theirs));
    },
  );

  test(
    "render: false keeps a block out of the layout until .render() places it; Examples made before may use it",
    { timeout: 60_000 },
    async (t) => {
      if (!python) return t.skip(SKIP);
      type Node = { id: number; children?: Node[] };
      /** The row holding "before late", its forms unwrapped (gradio-ts has no form blocks). */
      const row = (config: Config) => {
        const describe = (node: Node): string[] => {
          const block = config.components.find((c) => c.id === node.id)!;
          if (block.type === "form") return (node.children ?? []).flatMap(describe);
          return [`${block.type}:${String(block.props.label ?? block.props.value ?? "")}`];
        };
        const rows = (config.layout.children as Node[]).filter(
          (node) => config.components.find((c) => c.id === node.id)!.type === "row",
        );
        return rows.map((node) => (node.children ?? []).flatMap(describe));
      };
      assert.deepEqual(row(mine), [["markdown:before late", "textbox:late"]]);
      assert.deepEqual(row(mine), row(theirs));
      const late = (config: Config) => config.components.filter((c) => c.props.label === "late").length;
      assert.equal(late(mine), late(theirs));
      const dataset = (config: Config) => config.components.find((c) => c.type === "dataset")!;
      assert.deepEqual(dataset(mine).props.samples, dataset(theirs).props.samples);
    },
  );
});
