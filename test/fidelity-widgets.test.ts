// ImageSlider and Dialogue against the real thing: the same app in Python Gradio 6 and in gradio-ts, and
// what each sends compared: the /config props, /gradio_api/info, the answers over the raw wire and
// through Python's gradio_client. Options proven here: ImageSlider's sliderPosition, maxHeight, type,
// format, buttons; Dialogue's type, speakers, formatter, tags, separator, colorMap, maxLines, placeholder,
// submitBtn, uiMode, buttons, autofocus, autoscroll.
import assert from "node:assert/strict";
import path from "node:path";
import { readFile } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import { Client, handle_file } from "@gradio/client";
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

const MEDIA = path.resolve(import.meta.dirname, "conformance", "media");
const LINES = [
  { speaker: "A", text: "hi" },
  { speaker: "B", text: "yo" },
];

const PYTHON_APP = `
import gradio as gr, sys
with gr.Blocks() as demo:
    s_in = gr.ImageSlider(label="S", type="filepath")
    s_out = gr.ImageSlider(label="T", slider_position=30, max_height=300, buttons=["download"])
    d_text = gr.Dialogue(speakers=["A", "B"], tags=["(laughs)"], label="D", max_lines=4, placeholder="say")
    d_fmt = gr.Dialogue(speakers=["A", "B"], formatter=lambda s, t: f"{s}: {t}", separator=" | ", label="F",
                        submit_btn="Go", ui_mode="dialogue", buttons=["copy"], autofocus=True, autoscroll=False)
    d_list = gr.Dialogue(type="list", speakers=["A", "B"], color_map={"A": "red"}, label="E", interactive=True)
    d_out = gr.Dialogue()
    oj = gr.JSON(label="j")
    b = gr.Button()
    b.click(lambda a: a, s_in, s_out, api_name="slider_echo")
    b.click(lambda a: None if a is None else [x is None for x in a], s_in, oj, api_name="slider_sides")
    b.click(lambda a: {"v": a}, d_text, oj, api_name="dlg_text")
    b.click(lambda a: {"v": a}, d_fmt, oj, api_name="dlg_fmt")
    b.click(lambda a: {"v": a}, d_list, oj, api_name="dlg_list")
    b.click(lambda a: a, oj, d_out, api_name="dlg_out")
demo.queue().launch(server_name="127.0.0.1", server_port=int(sys.argv[1]))
`;

function tsApp(): gr.Blocks {
  return new gr.Blocks({}, () => {
    const sIn = new gr.ImageSlider({ label: "S", type: "filepath" });
    const sOut = new gr.ImageSlider({ label: "T", sliderPosition: 30, maxHeight: 300, buttons: ["download"] });
    const dText = new gr.Dialogue({
      speakers: ["A", "B"],
      tags: ["(laughs)"],
      label: "D",
      maxLines: 4,
      placeholder: "say",
    });
    const dFmt = new gr.Dialogue({
      speakers: ["A", "B"],
      formatter: (s, t) => `${s}: ${t}`,
      separator: " | ",
      label: "F",
      submitBtn: "Go",
      uiMode: "dialogue",
      buttons: ["copy"],
      autofocus: true,
      autoscroll: false,
    });
    const dList = new gr.Dialogue({
      type: "list",
      speakers: ["A", "B"],
      colorMap: { A: "red" },
      label: "E",
      interactive: true,
    });
    const dOut = new gr.Dialogue();
    const oj = new gr.JSON({ label: "j" });
    const b = new gr.Button();
    // Gradio's JSON parses a returned string as JSON, so the fns wrap what they received.
    const echo = (a: unknown) => ({ v: a });
    b.click({ fn: (a: gr.ImageSliderValue | null) => a, inputs: [sIn], outputs: [sOut], apiName: "slider_echo" });
    b.click({
      fn: (a: gr.ImageSliderValue | null) => (a === null ? null : a.map((x) => x === null)),
      inputs: [sIn],
      outputs: [oj],
      apiName: "slider_sides",
    });
    b.click({ fn: echo, inputs: [dText], outputs: [oj], apiName: "dlg_text" });
    b.click({ fn: echo, inputs: [dFmt], outputs: [oj], apiName: "dlg_fmt" });
    b.click({ fn: echo, inputs: [dList], outputs: [oj], apiName: "dlg_list" });
    b.click({ fn: (a: unknown) => a as gr.DialogueLine[] | string, inputs: [oj], outputs: [dOut], apiName: "dlg_out" });
  });
}

type Json = Record<string, unknown>;
const SKIP =
  "*** Python Gradio 6 is unavailable (no PyPI?): the ImageSlider/Dialogue differential test did not run ***";

/** One call over the raw wire: the `complete` data, or the `error` event's data. */
async function callRaw(
  root: string,
  apiName: string,
  data: unknown[],
): Promise<{ ok: boolean; data: unknown; status?: number }> {
  const url = root.replace(/\/$/, "");
  const posted = await fetch(`${url}/gradio_api/call/${apiName}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ data }),
  });
  if (posted.status !== 200) return { ok: false, data: await posted.text(), status: posted.status };
  const { event_id: eventId } = (await posted.json()) as { event_id: string };
  const text = await (await fetch(`${url}/gradio_api/call/${apiName}/${eventId}`)).text();
  const block = text.split("\n\n").find((b) => b.startsWith("event: complete") || b.startsWith("event: error"));
  assert.ok(block, `${apiName} ended: ${text.slice(0, 300)}`);
  return { ok: block.startsWith("event: complete"), data: JSON.parse(block.split("\ndata: ")[1]!) as unknown };
}

/** The same calls through Python's gradio_client; files are handed over with handle_file. */
async function callWithClient(python: string, root: string, calls: [string, unknown[]][]): Promise<unknown[]> {
  const script = `
import json, os, sys
from gradio_client import Client, handle_file
client = Client(sys.argv[1], verbose=False)
def files(v):
    if isinstance(v, dict) and "$file" in v: return handle_file(v["$file"])
    if isinstance(v, list): return [files(x) for x in v]
    return v
def short(v):
    # Paths differ between servers: keep the file name and what kind of value came back.
    if isinstance(v, str) and os.path.isabs(v): return "file:" + os.path.splitext(v)[1]
    if isinstance(v, (list, tuple)): return [short(x) for x in v]
    return v
print(json.dumps([short(client.predict(*files(args), api_name=name)) for name, args in json.loads(sys.argv[2])]))
`;
  const { stdout } = await runPythonScript(python, script, [root, JSON.stringify(calls)], 120_000);
  return lastJsonLine(stdout) as unknown[];
}

const configOf = async (root: string) =>
  (await (await fetch(`${root.replace(/\/$/, "")}/config`)).json()) as { components: Json[] };
const infoOf = async (root: string) =>
  (
    (await (await fetch(`${root.replace(/\/$/, "")}/gradio_api/info`)).json()) as {
      named_endpoints: Record<string, { parameters: Json[]; returns: Json[] }>;
    }
  ).named_endpoints;
const propsOf = (components: Json[], type: string) =>
  components.filter((c) => c.type === type).map((c) => c.props as Json);

/**
 * Props Gradio sends that are not part of the comparison: its Python-side bookkeeping (`_selectable`,
 * `preserved_by_key`, the formatter's repr, the server functions its page calls back) and ImageSlider's
 * `type`, whose values name Python types (numpy, pil) where ours name JavaScript ones.
 */
const NOT_COMPARED = new Set(["_selectable", "preserved_by_key", "formatter", "server_fns", "type", "value"]);

describe("ImageSlider and Dialogue, compared with Python Gradio 6", () => {
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

  test("the /config props are Gradio's", { timeout: 60_000 }, async (t) => {
    if (!python) return t.skip(SKIP);
    const [theirs, mine] = await Promise.all([configOf(gradioUrl), configOf(ours.url)]);
    for (const type of ["imageslider", "dialogue"]) {
      const [their, my] = [propsOf(theirs.components, type), propsOf(mine.components, type)];
      assert.equal(my.length, their.length, type);
      their.forEach((props, i) => {
        for (const [key, value] of Object.entries(props))
          if (!NOT_COMPARED.has(key)) assert.deepEqual(my[i]![key], value, `${type} #${i} props.${key}`);
        if (type === "dialogue") assert.equal(my[i]!.type, props.type, `dialogue #${i} props.type`);
      });
    }
  });

  test("the API info (schemas, Python types, examples) is Gradio's", { timeout: 60_000 }, async (t) => {
    if (!python) return t.skip(SKIP);
    const [theirs, mine] = await Promise.all([infoOf(gradioUrl), infoOf(ours.url)]);
    for (const name of ["/slider_echo", "/dlg_text", "/dlg_list", "/dlg_out"]) {
      const [their, my] = [theirs[name]!, mine[name]!];
      const pythonType = (entry: Json) => (entry.python_type as { type: string }).type;
      // /dlg_out takes a JSON, whose example differs and is not what this test is about.
      for (const [i, parameter] of name === "/dlg_out" ? [] : their.parameters.entries()) {
        for (const key of ["type", "component", "example_input", "label"])
          assert.deepEqual(my.parameters[i]![key], parameter[key], `${name} parameter ${i} ${key}`);
        assert.equal(pythonType(my.parameters[i]!), pythonType(parameter), `${name} parameter ${i} python_type`);
      }
      for (const [i, returned] of their.returns.entries()) {
        for (const key of ["type", "component", "label"])
          assert.deepEqual(my.returns[i]![key], returned[key], `${name} return ${i} ${key}`);
        assert.equal(pythonType(my.returns[i]!), pythonType(returned), `${name} return ${i} python_type`);
      }
    }
  });

  test("Dialogue: lines and strings in and out as Gradio pre/postprocesses them", { timeout: 60_000 }, async (t) => {
    if (!python) return t.skip(SKIP);
    const calls: [string, unknown[]][] = [
      ["dlg_text", [LINES]],
      ["dlg_text", ["free text"]],
      ["dlg_text", [[{ speaker: "A", text: "" }]]],
      ["dlg_text", [[]]],
      ["dlg_fmt", [LINES]],
      ["dlg_list", [LINES]],
      ["dlg_list", ["plain"]],
      ["dlg_out", [LINES]],
      ["dlg_out", ["a string"]],
      ["dlg_out", [null]],
    ];
    for (const [name, data] of calls) {
      const [their, my] = await Promise.all([callRaw(gradioUrl, name, data), callRaw(ours.url, name, data)]);
      assert.deepEqual(my, their, `${name} ${JSON.stringify(data)}`);
    }
    const mine = await callRaw(ours.url, "dlg_fmt", [LINES]);
    assert.deepEqual(mine.data, [{ v: "A: hi | B: yo" }]);
  });

  test("Dialogue: a malformed line is refused by both, ours naming the line", { timeout: 60_000 }, async (t) => {
    if (!python) return t.skip(SKIP);
    const bad = [[{ speaker: "A" }]];
    const [their, my] = await Promise.all([callRaw(gradioUrl, "dlg_text", bad), callRaw(ours.url, "dlg_text", bad)]);
    assert.equal(their.ok, false);
    assert.equal(my.ok, false);
    assert.match(JSON.stringify(my.data), /line 1 of D must be \{speaker: string, text: string\}/);
  });

  test("gradio_client gets the same answers from both, files included", { timeout: 240_000 }, async (t) => {
    if (!python) return t.skip(SKIP);
    const a = { $file: path.join(MEDIA, "square.png") };
    const b = { $file: path.join(MEDIA, "gradient.png") };
    const calls: [string, unknown[]][] = [
      ["/slider_echo", [[a, b]]],
      ["/slider_sides", [[a, null]]],
      ["/slider_sides", [null]],
      ["/dlg_text", [LINES]],
      ["/dlg_fmt", [LINES]],
      ["/dlg_list", [LINES]],
      ["/dlg_out", [LINES]],
    ];
    const [theirs, mine] = await Promise.all([
      callWithClient(python, gradioUrl, calls),
      callWithClient(python, ours.url, calls),
    ]);
    assert.deepEqual(mine, theirs);
    assert.deepEqual(mine.slice(0, 3), [["file:.png", "file:.png"], [false, true], null]);
  });

  test("@gradio/client gets the same answers from both, files included", { timeout: 120_000 }, async (t) => {
    if (!python) return t.skip(SKIP);
    const [square, gradient] = await Promise.all(
      ["square.png", "gradient.png"].map((n) => readFile(path.join(MEDIA, n))),
    );
    // File answers differ in path and URL only: keep what a caller reads of them.
    const file = (value: unknown) => {
      if (value === null || typeof value !== "object") return value;
      const { orig_name, meta } = value as { orig_name?: string; meta?: unknown };
      return { orig_name: orig_name?.replace(/^.*\./, "*."), meta };
    };
    const answers = async (root: string) => {
      const client = await Client.connect(root);
      const data = async (name: string, args: unknown[]) =>
        ((await client.predict(name, args)) as { data: unknown[] }).data;
      const pair = (await data("/slider_echo", [[handle_file(square), handle_file(gradient)]]))[0] as unknown[];
      return [
        pair.map(file),
        await data("/slider_sides", [[handle_file(square), null]]),
        await data("/dlg_text", [LINES]),
        await data("/dlg_list", [LINES]),
        await data("/dlg_out", [LINES]),
      ];
    };
    const [theirs, mine] = [await answers(gradioUrl), await answers(ours.url)];
    assert.deepEqual(mine, theirs);
    assert.deepEqual(mine[2], [{ v: "[A] hi\n[B] yo" }]);
  });
});

describe("ImageSlider and Dialogue: refusals", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(tsApp());
  });
  after(async () => server?.close());

  test("an ImageSlider payload that is not a pair is refused with a 4xx naming the parameter", async () => {
    for (const bad of [[{ path: "x", meta: { _type: "gradio.FileData" } }], "a.png", [null, null, null]]) {
      const answer = await callRaw(server.url, "slider_sides", [bad]);
      assert.equal(answer.ok, false, JSON.stringify(bad));
      assert.equal(answer.status, 422, "refused when the call is made");
      assert.match(JSON.stringify(answer.data), /S must be a pair of images \[a, b\]/);
    }
  });

  test("an ImageSlider side that was never uploaded is refused, no host path leaked", async () => {
    const answer = await callRaw(server.url, "slider_sides", [
      [{ path: "/etc/passwd", meta: { _type: "gradio.FileData" } }, null],
    ]);
    assert.equal(answer.ok, false);
    assert.equal(answer.status, 422);
    assert.match(JSON.stringify(answer.data), /not uploaded by a user/);
    assert.doesNotMatch(JSON.stringify(answer.data), /passwd/);
    // The server still serves others.
    assert.deepEqual((await callRaw(server.url, "slider_sides", [null])).data, [null]);
  });

  test("a Dialogue payload that is neither lines nor text is refused", async () => {
    for (const bad of [42, { speaker: "A", text: "x" }, [{ speaker: 1, text: "x" }]]) {
      const answer = await callRaw(server.url, "dlg_list", [bad]);
      assert.equal(answer.ok, false, JSON.stringify(bad));
      assert.equal(answer.status, 422);
      assert.match(
        JSON.stringify(answer.data),
        /expected E \(a list of \{speaker, text\} lines or a string\)|line 1 of E/,
      );
    }
  });

  test("maxPixels bounds what an ImageSlider decodes: a bigger upload is refused by name", async () => {
    const demo = new gr.Blocks({}, () => {
      const slider = new gr.ImageSlider({ label: "P", type: "pixels", maxPixels: 100 });
      const out = new gr.Textbox();
      new gr.Button().click({
        fn: (pair: gr.ImageSliderValue<"pixels"> | null) => String(pair?.[0]?.width),
        inputs: [slider],
        outputs: [out],
        apiName: "pixels",
      });
    });
    const small = await startServer(demo);
    try {
      const upload = async (width: number) => {
        const form = new FormData();
        const bytes = await sharp({ create: { width, height: 10, channels: 3, background: "#fff" } })
          .png()
          .toBuffer();
        form.append("files", new Blob([new Uint8Array(bytes)]), "i.png");
        const response = await fetch(`${small.url.replace(/\/$/, "")}/gradio_api/upload`, {
          method: "POST",
          body: form,
        });
        const [uploaded] = (await response.json()) as [string];
        return { path: uploaded, orig_name: "i.png", meta: { _type: "gradio.FileData" } };
      };
      assert.deepEqual((await callRaw(small.url, "pixels", [[await upload(10), null]])).data, ["10"]);
      const refused = await callRaw(small.url, "pixels", [[await upload(40), null]]);
      assert.equal(refused.ok, false);
      assert.match(JSON.stringify(refused.data), /pixels|too (big|large)/i);
    } finally {
      await small.close();
    }
  });

  test("options Gradio refuses or gradio-ts lacks are refused by name when the app is built", () => {
    assert.throws(() => new gr.Dialogue({ separator: " " }), /separator cannot be a single space/);
    assert.throws(() => new gr.Dialogue({ unformatter: () => ({}) } as never), /"unformatter" is not built yet/);
    assert.throws(() => new gr.ImageSlider({ sliderPosition: 120 }), /sliderPosition must be a percentage/);
    assert.throws(() => new gr.ImageSlider({ buttons: ["share" as never] }), /buttons may be "download"/);
  });
});
