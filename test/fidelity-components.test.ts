// Component formats against the real thing: the same app in Python Gradio 6 and in gradio-ts, and what
// each sends compared — the /config props, /gradio_api/info, and the answers over the raw wire and
// through Python's gradio_client. Markdown dedenting, Chatbot content as parts, HighlightedText
// combining, native plots (PlotData), and Dataset samples of a Dataframe.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import {
  pythonWithGradio6,
  runPythonScript,
  lastJsonLine,
  startPythonGradioApp,
  type PythonGradioApp,
} from "./api-python.js";
import { readSse, startServer, type TestServer } from "./helpers/server.js";
import { cleandoc } from "../src/components/cleandoc.js";

const INDENTED_MD = "\n        # Title\n          indented\n        text\n    ";
const INDENTED_HTML = "\n        <h1>Hi</h1>\n          <p>x</p>\n    ";
const FN_MD = "\n        ## Sub\n        para\n    ";
const PAIRS: [string, string | null][] = [
  ["a", "X"],
  ["b", "X"],
  ["c", null],
  ["", null],
  ["d", null],
  ["e", "Y"],
];
const ENTITIES = {
  text: "Hi Ann and Bo",
  entities: [
    { entity: "PER", start: 3, end: 6 },
    { entity: "PER", start: 11, end: 13 },
  ],
};
const ROWS = [
  { x: 1, y: 4, c: "a" },
  { x: 2, y: 5, c: "b" },
  { x: 3, y: 6, c: "a" },
];
const TABLE = [
  [1, 2, 3, 4],
  [5, 6, 7, 8],
  [9, 10, 11, 12],
  [13, 14, 15, 16],
  [17, 18, 19, 20],
  [21, 22, 23, 24],
];

const PYTHON_APP = `
import gradio as gr, sys, json, pandas as pd
ROWS = json.loads(sys.argv[2])
df = pd.DataFrame(ROWS)
with gr.Blocks() as demo:
    md = gr.Markdown(${JSON.stringify(INDENTED_MD)})
    html = gr.HTML(${JSON.stringify(INDENTED_HTML)})
    cb = gr.Chatbot(value=[{"role": "user", "content": "hello"}, {"role": "assistant", "content": "  two\\n  lines"}], editable="user")
    ht = gr.HighlightedText(combine_adjacent=True, adjacent_separator="_")
    ht_plain = gr.HighlightedText()
    lp = gr.LinePlot(df, x="x", y="y", color="c", title="T")
    sp = gr.ScatterPlot(df, x="x", y="y")
    bp = gr.BarPlot(df, x="c", y="y")
    table = gr.Dataframe()
    ds = gr.Dataset(components=[table, gr.Textbox(visible=False)], samples=[[json.loads(sys.argv[3]), "a"]])
    btn = gr.Button()
    btn.click(lambda: ${JSON.stringify(FN_MD)}, None, md, api_name="md")
    btn.click(lambda: json.loads(sys.argv[4]), None, ht, api_name="ht")
    btn.click(lambda: json.loads(sys.argv[5]), None, ht_plain, api_name="ht_entities")
    btn.click(lambda: json.loads(sys.argv[5]), None, ht, api_name="ht_entities_combined")
    btn.click(lambda: None, None, cb, api_name="cb_none")
    btn.click(lambda: [
        {"role": "user", "content": "    hey\\n    you"},
        {"role": "assistant", "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]},
    ], None, cb, api_name="cb")
    btn.click(lambda h: h, cb, cb, api_name="cb_echo")
    btn.click(lambda: df, None, lp, api_name="lp")
demo.queue().launch(server_name="127.0.0.1", server_port=int(sys.argv[1]))
`;

function tsApp(): gr.Blocks {
  return new gr.Blocks({}, () => {
    const md = new gr.Markdown(INDENTED_MD);
    new gr.HTML(INDENTED_HTML);
    const cb = new gr.Chatbot({
      value: [
        { role: "user", content: "hello" },
        { role: "assistant", content: "  two\n  lines" },
      ],
      editable: "user",
    });
    const ht = new gr.HighlightedText({ combineAdjacent: true, adjacentSeparator: "_" });
    const htPlain = new gr.HighlightedText();
    const lp = new gr.LinePlot({ value: ROWS, x: "x", y: "y", color: "c", title: "T" });
    new gr.ScatterPlot({ value: ROWS, x: "x", y: "y" });
    new gr.BarPlot({ value: ROWS, x: "c", y: "y" });
    const table = new gr.Dataframe();
    new gr.Dataset({ components: [table, new gr.Textbox({ visible: false })], samples: [[TABLE, "a"]] });
    const btn = new gr.Button();
    btn.click({ fn: () => FN_MD, inputs: [], outputs: [md], apiName: "md" });
    btn.click({ fn: () => PAIRS, inputs: [], outputs: [ht], apiName: "ht" });
    btn.click({ fn: () => ENTITIES, inputs: [], outputs: [htPlain], apiName: "ht_entities" });
    btn.click({ fn: () => ENTITIES, inputs: [], outputs: [ht], apiName: "ht_entities_combined" });
    btn.click({ fn: () => null, inputs: [], outputs: [cb], apiName: "cb_none" });
    btn.click({
      fn: (): gr.ChatReturnMessage[] => [
        { role: "user", content: "    hey\n    you" },
        {
          role: "assistant",
          content: [
            { type: "text", text: "a" },
            { type: "text", text: "b" },
          ],
        },
      ],
      inputs: [],
      outputs: [cb],
      apiName: "cb",
    });
    btn.click({ fn: (h: gr.ChatMessage[]) => h, inputs: [cb], outputs: [cb], apiName: "cb_echo" });
    btn.click({ fn: () => ROWS, inputs: [], outputs: [lp], apiName: "lp" });
  });
}

type Json = Record<string, unknown>;
const SKIP = "*** Python Gradio 6 is unavailable (no PyPI?): the component differential test did not run ***";

/** One call over the raw wire (POST /gradio_api/call/<name>, then its SSE stream): the `complete` data. */
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

/** The same calls through Python's gradio_client, against one server. */
async function callWithClient(python: string, root: string, calls: [string, unknown[]][]): Promise<unknown[]> {
  const script = `
import json, sys
from gradio_client import Client
client = Client(sys.argv[1], verbose=False)
print(json.dumps([client.predict(*args, api_name=name) for name, args in json.loads(sys.argv[2])]))
`;
  const { stdout } = await runPythonScript(python, script, [root, JSON.stringify(calls)], 120_000);
  return lastJsonLine(stdout) as unknown[];
}

const componentsOf = async (root: string) =>
  ((await (await fetch(`${root.replace(/\/$/, "")}/config`)).json()) as { components: Json[] }).components;
const props = (components: Json[], type: string, nth = 0) =>
  components.filter((c) => c.type === type)[nth]?.props as Json;

describe("component formats, compared with Python Gradio 6", () => {
  let python: string | null = null;
  let twin: PythonGradioApp | null = null;
  let gradioUrl = "";
  let ours: TestServer;

  before(async () => {
    ours = await startServer(tsApp());
    python = await pythonWithGradio6();
    if (!python) return;
    twin = await startPythonGradioApp(python, PYTHON_APP, {
      args: [JSON.stringify(ROWS), JSON.stringify(TABLE), JSON.stringify(PAIRS), JSON.stringify(ENTITIES)],
    });
    gradioUrl = twin.url;
  });
  after(async () => {
    twin?.close();
    await ours?.close();
  });

  test(
    "Markdown is dedented like inspect.cleandoc, in /config and in fn outputs; HTML is not",
    { timeout: 60_000 },
    async (t) => {
      if (!python) return t.skip(SKIP);
      const [theirs, mine] = await Promise.all([componentsOf(gradioUrl), componentsOf(ours.url)]);
      assert.equal(props(mine, "markdown").value, "# Title\n  indented\ntext");
      assert.equal(props(mine, "markdown").value, props(theirs, "markdown").value);
      assert.equal(props(mine, "html").value, props(theirs, "html").value);
      assert.deepEqual(await callRaw(ours.url, "md", []), await callRaw(gradioUrl, "md", []));
    },
  );

  test("Chatbot: content is a list of parts in /config and outputs; nothing is []", { timeout: 60_000 }, async (t) => {
    if (!python) return t.skip(SKIP);
    const [theirs, mine] = await Promise.all([componentsOf(gradioUrl), componentsOf(ours.url)]);
    assert.deepEqual(props(mine, "chatbot").value, props(theirs, "chatbot").value);
    assert.equal(props(mine, "chatbot").editable, props(theirs, "chatbot").editable);
    for (const name of ["cb", "cb_none"])
      assert.deepEqual(await callRaw(ours.url, name, []), await callRaw(gradioUrl, name, []), name);
    const history = [
      { role: "user", content: [{ type: "text", text: "hi" }] },
      { role: "assistant", content: [{ type: "text", text: "so\nthere" }], metadata: { title: "t" } },
    ];
    assert.deepEqual(await callRaw(ours.url, "cb_echo", [history]), await callRaw(gradioUrl, "cb_echo", [history]));
  });

  test("Chatbot: the API info describes content as text, file and component parts", { timeout: 60_000 }, async (t) => {
    if (!python) return t.skip(SKIP);
    const returned = async (root: string) => {
      const info = (await (await fetch(`${root.replace(/\/$/, "")}/gradio_api/info`)).json()) as {
        named_endpoints: Record<string, { returns: { type: Json }[] }>;
      };
      return info.named_endpoints["/cb"]!.returns[0]!.type as { $defs: Record<string, Json> } & Json;
    };
    const [theirs, mine] = await Promise.all([returned(gradioUrl), returned(ours.url)]);
    for (const def of ["TextMessage", "FileMessage", "ComponentMessage"])
      assert.deepEqual(mine.$defs[def], theirs.$defs[def], def);
    const content = (type: typeof mine) =>
      (type.$defs.Message!.properties as Json).content as { type: string; items: { anyOf: Json[] } };
    assert.equal(content(mine).type, content(theirs).type);
    // Text, file and component parts (a component inside a message), as Gradio lists them.
    assert.deepEqual(content(mine).items.anyOf, content(theirs).items.anyOf);
    assert.equal(mine.title, theirs.title);
  });

  test(
    "HighlightedText: combineAdjacent and adjacentSeparator apply to the value sent",
    { timeout: 60_000 },
    async (t) => {
      if (!python) return t.skip(SKIP);
      const [theirs, mine] = await Promise.all([componentsOf(gradioUrl), componentsOf(ours.url)]);
      for (const prop of ["combine_adjacent", "adjacent_separator", "show_whitespaces"])
        assert.deepEqual(props(mine, "highlightedtext")[prop], props(theirs, "highlightedtext")[prop], prop);
      for (const name of ["ht", "ht_entities", "ht_entities_combined"])
        assert.deepEqual(await callRaw(ours.url, name, []), await callRaw(gradioUrl, name, []), name);
      assert.deepEqual(await callRaw(ours.url, "ht", []), [
        [
          { token: "a_b", class_or_confidence: "X" },
          { token: "c_d", class_or_confidence: null },
          { token: "e", class_or_confidence: "Y" },
        ],
      ]);
    },
  );

  test(
    "native plots: type nativeplot, their class in props.name, PlotData as the value",
    { timeout: 60_000 },
    async (t) => {
      if (!python) return t.skip(SKIP);
      const [theirs, mine] = await Promise.all([componentsOf(gradioUrl), componentsOf(ours.url)]);
      const plots = (components: Json[]) =>
        components.filter((c) => c.type === "nativeplot").map((c) => c.props as Json);
      assert.equal(plots(mine).length, 3);
      for (const [i, their] of plots(theirs).entries()) {
        const my = plots(mine)[i]!;
        for (const prop of ["name", "value", "x", "y", "color", "title"])
          assert.deepEqual(my[prop], their[prop], `${String(their.name)} props.${prop}`);
      }
      assert.deepEqual(await callRaw(ours.url, "lp", []), await callRaw(gradioUrl, "lp", []));
      const info = async (root: string) =>
        (
          (await (await fetch(`${root.replace(/\/$/, "")}/gradio_api/info`)).json()) as {
            named_endpoints: Record<string, { returns: { type: Json }[] }>;
          }
        ).named_endpoints["/lp"]!.returns[0]!.type;
      assert.deepEqual(await info(ours.url), await info(gradioUrl));
    },
  );

  test(
    "Dataset: a Dataframe sample holds the table's rows (shown as a small table)",
    { timeout: 60_000 },
    async (t) => {
      if (!python) return t.skip(SKIP);
      const [theirs, mine] = await Promise.all([componentsOf(gradioUrl), componentsOf(ours.url)]);
      const [theirSample] = props(theirs, "dataset").samples as unknown[][];
      const [mySample] = props(mine, "dataset").samples as unknown[][];
      // Gradio sends the first five rows; gradio-ts sends the whole table value, which a click puts into
      // the Dataframe in the page, and the page shows its first rows.
      assert.deepEqual((mySample![0] as { data: unknown[][] }).data.slice(0, 5), theirSample![0]);
      assert.equal(mySample![1], theirSample![1]);
    },
  );

  test("gradio_client gets the same answers from both", { timeout: 240_000 }, async (t) => {
    if (!python) return t.skip(SKIP);
    const calls: [string, unknown[]][] = [
      ["/md", []],
      ["/ht", []],
      ["/ht_entities", []],
      ["/cb", []],
      ["/cb_none", []],
      ["/lp", []],
    ];
    const [theirs, mine] = await Promise.all([
      callWithClient(python, gradioUrl, calls),
      callWithClient(python, ours.url, calls),
    ]);
    assert.deepEqual(mine, theirs);
  });
});

describe("component formats: refusals", () => {
  test("a Chatbot editable other than user/all is refused, naming the option", () => {
    assert.throws(
      () => new gr.Chatbot({ editable: "everyone" as never }),
      /Chatbot editable must be "user", "all" or null/,
    );
  });

  test(
    "a native plot value that is not PlotData is refused with a 4xx and a message",
    { timeout: 60_000 },
    async () => {
      const demo = new gr.Blocks({}, () => {
        const plot = new gr.LinePlot({ x: "x", y: "y" });
        const out = new gr.Textbox();
        new gr.Button().click({
          fn: (p: unknown) => JSON.stringify(p),
          inputs: [plot],
          outputs: [out],
          apiName: "plot_in",
        });
      });
      const server = await startServer(demo);
      try {
        const url = server.url.replace(/\/$/, "");
        const bad = { columns: ["x"], data: [[1]], datatypes: { x: "weird" }, mark: "line" };
        const posted = await fetch(`${url}/gradio_api/call/plot_in`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ data: [bad] }),
        });
        const body =
          posted.status === 200
            ? await readSse(
                await fetch(
                  `${url}/gradio_api/call/plot_in/${((await posted.json()) as { event_id: string }).event_id}`,
                ),
              )
            : [await posted.text()];
        assert.ok(posted.status === 200 || (posted.status >= 400 && posted.status < 500), `status ${posted.status}`);
        assert.match(JSON.stringify(body), /datatype/);
        assert.doesNotMatch(JSON.stringify(body), /\/(home|tmp|work)\//);
        const good = {
          columns: ["x", "y"],
          data: [[1, 2]],
          datatypes: { x: "quantitative", y: "quantitative" },
          mark: "line",
        };
        assert.deepEqual(await callRaw(server.url, "plot_in", [good]), [JSON.stringify(good)]);
      } finally {
        await server.close();
      }
    },
  );
});

describe("cleandoc, compared with Python's inspect.cleandoc", () => {
  const CASES = [
    "",
    "   ",
    "\n\n  # Title\n\n    code\n  text\n\n",
    "first line\n    second\n      third\n",
    "\tTabbed\n\t\tmore\n\tless",
    "  a\n \t b\n        c",
    "no indent\nat all",
    "\n    \n    x\n    \n",
  ];

  test("the same text for tricky indents, tabs and blank lines", { timeout: 60_000 }, async (t) => {
    const python = await pythonWithGradio6();
    if (!python) return t.skip(SKIP);
    const script =
      "import inspect, json, sys\nprint(json.dumps([inspect.cleandoc(s) for s in json.loads(sys.argv[1])]))";
    const { stdout } = await runPythonScript(python, script, [JSON.stringify(CASES)]);
    assert.deepEqual(CASES.map(cleandoc), lastJsonLine(stdout));
  });

  test("an Interface description and article are dedented Markdown, as in Gradio", { timeout: 60_000 }, async () => {
    const demo = new gr.Interface({
      fn: (s: string) => s,
      inputs: "text",
      outputs: "text",
      description: "\n    # About\n    words\n",
      article: "\n      ## More\n",
    });
    const server = await startServer(demo);
    try {
      const values = (await componentsOf(server.url))
        .filter((c) => c.type === "markdown")
        .map((c) => (c.props as Json).value);
      assert.ok(values.includes("# About\nwords"), JSON.stringify(values));
      assert.ok(values.includes("## More"), JSON.stringify(values));
    } finally {
      await server.close();
    }
  });
});
