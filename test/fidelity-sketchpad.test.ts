// gr.Sketchpad and gr.Paint against the real thing: the same app in Python Gradio 6 and in gradio-ts, and
// what each sends compared — the /config props (both are `imageeditor` on the wire), the API info, and
// the answer to one call through Python's gradio_client with an EditorData value.
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import sharp from "sharp";
import {
  lastJsonLine,
  pythonWithGradio6,
  runPythonScript,
  startPythonGradioApp,
  type PythonGradioApp,
} from "./api-python.js";
import { startServer, type TestServer } from "./helpers/server.js";

const PYTHON_APP = `
import gradio as gr, sys
def measure(edit):
    picture = edit["composite"]
    dark = int((picture[..., :3].max(axis=2) < 128).sum())
    return f"{picture.shape[1]}x{picture.shape[0]} dark {dark} layers {len(edit['layers'])}"
with gr.Blocks() as demo:
    sketch = gr.Sketchpad(label="Sketch")
    paint = gr.Paint(label="Paint")
    out = gr.Textbox()
    btn = gr.Button()
    btn.click(measure, sketch, out, api_name="sketch")
    btn.click(measure, paint, out, api_name="paint")
demo.queue().launch(server_name="127.0.0.1", server_port=int(sys.argv[1]))
`;

/** The composite's size, its dark pixels and the layer count: the same words the Python fn says. */
async function measure(edit: gr.EditorValue | null): Promise<string> {
  if (!edit?.composite) return "empty";
  const { data, info } = await sharp(edit.composite).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  let dark = 0;
  for (let i = 0; i < data.length; i += 4) if (Math.max(data[i]!, data[i + 1]!, data[i + 2]!) < 128) dark++;
  return `${info.width}x${info.height} dark ${dark} layers ${edit.layers.length}`;
}

function tsApp(): gr.Blocks {
  return new gr.Blocks({}, () => {
    const sketch = new gr.Sketchpad({ label: "Sketch" });
    const paint = new gr.Paint({ label: "Paint" });
    const out = new gr.Textbox();
    const btn = new gr.Button();
    btn.click({ fn: measure, inputs: [sketch], outputs: [out], apiName: "sketch" });
    btn.click({ fn: measure, inputs: [paint], outputs: [out], apiName: "paint" });
  });
}

type Json = Record<string, unknown>;
const SKIP = "*** Python Gradio 6 is unavailable (no PyPI?): the Sketchpad/Paint differential test did not run ***";
const COMPARED_PROPS = ["name", "label", "sources", "transforms", "brush", "eraser", "canvas_size"];

const editorsOf = async (root: string) => {
  const { components } = (await (await fetch(`${root}/config`)).json()) as { components: Json[] };
  return components.filter((c) => (c.props as Json).label === "Sketch" || (c.props as Json).label === "Paint");
};
const endpointsOf = async (root: string) =>
  (
    (await (await fetch(`${root}/gradio_api/info`)).json()) as {
      named_endpoints: Record<string, { parameters: Json[] }>;
    }
  ).named_endpoints;

describe("brush options", () => {
  test("colors, defaultColor, defaultSize and colorMode reach the page as Gradio's brush", () => {
    new gr.Blocks({}, () => {
      const brush = {
        colors: ["#112233", "#445566"],
        defaultColor: "#445566",
        defaultSize: 12,
        colorMode: "fixed",
      } as const;
      assert.deepEqual(new gr.ImageEditor({ brush: { ...brush, colors: [...brush.colors] } }).props().brush, {
        colors: ["#112233", "#445566"],
        default_color: "#445566",
        default_size: 12,
        color_mode: "fixed",
      });
      assert.equal(new gr.ImageEditor({ brush: false }).props().brush, false);
      // Gradio's Sketchpad has no way to hide its brush: without one it gets the black one.
      assert.equal((new gr.Sketchpad().props().brush as { color_mode: string }).color_mode, "fixed");
    });
  });
});

describe("Sketchpad and Paint, compared with Python Gradio 6", () => {
  let python: string | null = null;
  let twin: PythonGradioApp | null = null;
  let ours: TestServer;
  let dir = "";

  before(async () => {
    ours = await startServer(tsApp());
    dir = await mkdtemp(path.join(tmpdir(), "gts-sketch-"));
    python = await pythonWithGradio6();
    if (!python) return;
    twin = await startPythonGradioApp(python, PYTHON_APP);
  });
  after(async () => {
    twin?.close();
    await ours?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("/config: both are imageeditors with Gradio's sources, transforms and brush", { timeout: 60_000 }, async (t) => {
    if (!python || !twin) return t.skip(SKIP);
    const [theirs, mine] = await Promise.all([editorsOf(twin.url), editorsOf(ours.url.replace(/\/$/, ""))]);
    assert.equal(mine.length, 2);
    for (const [i, their] of theirs.entries()) {
      const my = mine[i]!;
      assert.equal(my.type, their.type);
      for (const prop of COMPARED_PROPS)
        assert.deepEqual(
          (my.props as Json)[prop],
          (their.props as Json)[prop],
          `${String((their.props as Json).label)} props.${prop}`,
        );
    }
    assert.deepEqual((mine[0]!.props as Json).brush, {
      colors: ["#000000"],
      default_color: "#000000",
      default_size: "auto",
      color_mode: "fixed",
    });
  });

  test("/gradio_api/info: the same EditorData parameter", { timeout: 60_000 }, async (t) => {
    if (!python || !twin) return t.skip(SKIP);
    const [theirs, mine] = await Promise.all([endpointsOf(twin.url), endpointsOf(ours.url.replace(/\/$/, ""))]);
    for (const name of ["/sketch", "/paint"]) {
      const [their, my] = [theirs[name]!.parameters[0]!, mine[name]!.parameters[0]!];
      for (const key of ["component", "parameter_has_default", "parameter_default"])
        assert.deepEqual(my[key], their[key], `${name} ${key}`);
      // Gradio's description here is null (EditorData has no extra words), gradio-ts always sends a string.
      assert.equal((my.python_type as Json).type, (their.python_type as Json).type, `${name} python_type`);
      // The FileData $def is gradio-ts's own (it says how to upload); EditorData itself is Gradio's.
      const [theirType, myType] = [their.type as Json, my.type as Json];
      for (const key of ["title", "type", "properties"])
        assert.deepEqual(myType[key], theirType[key], `${name} type.${key}`);
    }
  });

  test("gradio_client sends an EditorData dict and gets the same answer from both", { timeout: 240_000 }, async (t) => {
    if (!python || !twin) return t.skip(SKIP);
    // White paper with a 10×5 black bar: 50 dark pixels in the composite.
    const bar = await sharp({ create: { width: 10, height: 5, channels: 3, background: "#000000" } })
      .png()
      .toBuffer();
    const picture = path.join(dir, "bar.png");
    await writeFile(
      picture,
      await sharp({ create: { width: 40, height: 30, channels: 3, background: "#ffffff" } })
        .composite([{ input: bar, left: 5, top: 5 }])
        .png()
        .toBuffer(),
    );
    const script = `
import json, sys
from gradio_client import Client, handle_file
picture = handle_file(sys.argv[2])
edit = {"background": picture, "layers": [picture], "composite": picture}
client = Client(sys.argv[1], verbose=False)
print(json.dumps([client.predict(edit, api_name=name) for name in ("/sketch", "/paint")]))
`;
    const ask = async (root: string) =>
      lastJsonLine((await runPythonScript(python!, script, [root, picture], 120_000)).stdout);
    const [theirs, mine] = await Promise.all([ask(twin.url), ask(ours.url)]);
    assert.deepEqual(mine, ["40x30 dark 50 layers 1", "40x30 dark 50 layers 1"]);
    assert.deepEqual(mine, theirs);
  });
});
