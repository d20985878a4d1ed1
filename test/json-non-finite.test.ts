// Non-finite numbers in outputs (NaN, ±Infinity) go out as null on every stream, so strict JSON
// parsers (JSON.parse, @gradio/client) and Python's json.loads (gradio_client) read every message.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Client as GradioClient } from "@gradio/client";
import { Client as McpClient } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import * as gr from "gradio-ts";
import { pythonWithGradioClient, runPython } from "./helpers/python.js";
import { postJson, startServer, type TestServer } from "./helpers/server.js";

// A table cell may be NaN (a missing value) or ±Infinity; Dataframe hands cells through as they are.
const TABLE = {
  headers: ["a", "b", "c"],
  data: [
    [1.5, null, null],
    [null, "é NaN", 2],
  ],
  metadata: null,
};
const EXPECTED = [TABLE];
const LAST_STEP = [
  {
    label: "x",
    confidences: [
      { label: "x", confidence: null },
      { label: "other", confidence: 0.5 },
    ],
  },
];

function buildApp() {
  return new gr.Blocks({ title: "non-finite" }, () => {
    const input = new gr.Textbox({ label: "In" });
    const table = new gr.Dataframe({ label: "Out", headers: ["a", "b", "c"] });
    const label = new gr.Label({ label: "Scores" });
    const go = new gr.Button("Go");
    go.click({
      fn: (s: string) =>
        s
          ? [
              [1.5, NaN, Infinity],
              [-Infinity, "é NaN", 2],
            ]
          : null,
      inputs: input,
      outputs: table,
      apiName: "odd",
    });
    go.click({
      fn: async function* steps(s: string, context: gr.EventContext) {
        context.progress([NaN, Infinity], { desc: "odd counts" });
        context.progress(NaN);
        yield { [s]: NaN };
        yield { [s]: Infinity, other: 0.5 };
      },
      inputs: input,
      outputs: label,
      apiName: "steps",
    });
  });
}

/** Every `data:` line of a whole SSE response, as it was sent. */
async function dataLines(response: Response): Promise<string[]> {
  const text = await response.text();
  return text
    .split("\n")
    .filter((line) => line.startsWith("data: "))
    .map((line) => line.slice("data: ".length));
}

describe("non-finite numbers on the wire", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(buildApp(), { mcpServer: true });
  });
  after(async () => server.close());

  test("R2-19: the REST call stream: every data line parses with JSON.parse, non-finite numbers are null", async () => {
    for (const [api, last] of [
      ["odd", EXPECTED],
      ["steps", LAST_STEP],
    ] as const) {
      const posted = await postJson(`${server.url}/gradio_api/call/${api}`, { data: ["x"] });
      assert.equal(posted.status, 200);
      const { event_id: eventId } = posted.body as { event_id: string };
      const lines = await dataLines(await fetch(`${server.url}/gradio_api/call/${api}/${eventId}`));
      assert.ok(lines.length >= 1);
      const parsed = lines.map((line) => {
        assert.doesNotThrow(() => JSON.parse(line), `not strict JSON: ${line}`);
        assert.ok(!/\bNaN\b(?!")|Infinity/.test(line.replaceAll('"é NaN"', "")), `a non-finite literal in: ${line}`);
        return JSON.parse(line) as unknown;
      });
      assert.deepEqual(parsed.at(-1), last);
    }
    // Still laid out as Python's json.dumps writes it (separators, non-ASCII escaped).
    const posted = await postJson(`${server.url}/gradio_api/call/odd`, { data: ["x"] });
    const lines = await dataLines(
      await fetch(`${server.url}/gradio_api/call/odd/${(posted.body as { event_id: string }).event_id}`),
    );
    assert.equal(
      lines.at(-1),
      '[{"headers": ["a", "b", "c"], "data": [[1.5, null, null], [null, "\\u00e9 NaN", 2]], "metadata": null}]',
    );
  });

  test("R2-19: the queue stream: every data line parses with JSON.parse, non-finite numbers are null", async () => {
    const sessionHash = "non-finite-queue";
    const joined = await postJson(`${server.url}/gradio_api/queue/join`, {
      data: ["x"],
      fn_index: 1,
      session_hash: sessionHash,
    });
    assert.equal(joined.status, 200);
    const lines = await dataLines(await fetch(`${server.url}/gradio_api/queue/data?session_hash=${sessionHash}`));
    const messages = lines.map((line) => JSON.parse(line) as { msg: string; output?: { data?: unknown[] } });
    const generating = messages.filter((m) => m.msg === "process_generating");
    assert.deepEqual(generating[0]?.output?.data, [{ label: "x", confidences: [{ label: "x", confidence: null }] }]);
    assert.ok(messages.some((m) => m.msg === "process_completed"));
  });

  test("R2-19: @gradio/client reads the values (null where the fn returned a non-finite number)", async () => {
    const client = await GradioClient.connect(server.url);
    try {
      assert.deepEqual((await client.predict("/odd", { s: "x" })).data, EXPECTED);
      const steps: unknown[] = [];
      for await (const message of client.submit("/steps", { s: "x" }))
        if (message.type === "data") steps.push(message.data);
      assert.deepEqual(steps.at(-1), LAST_STEP);
    } finally {
      client.close();
    }
  });

  test(
    "R2-19: Python's gradio_client, and json.loads on the raw REST stream, read the same values",
    { timeout: 180_000 },
    async (t) => {
      const python = await pythonWithGradioClient();
      if (!python) return t.skip("Python gradio_client is not available");
      const script = `
import json, urllib.request
from gradio_client import Client
url = ${JSON.stringify(server.url)}
client = Client(url, verbose=False)
result = client.predict("x", api_name="/odd")
req = urllib.request.Request(url + "/gradio_api/call/odd", data=json.dumps({"data": ["x"]}).encode(), headers={"content-type": "application/json"})
event_id = json.loads(urllib.request.urlopen(req).read())["event_id"]
raw = urllib.request.urlopen(url + "/gradio_api/call/odd/" + event_id).read().decode()
lines = [json.loads(line[6:]) for line in raw.splitlines() if line.startswith("data: ")]
print(json.dumps({"predict": result, "raw": lines[-1]}))
`;
      const output = (await runPython(python, script)) as { predict: unknown; raw: unknown };
      assert.deepEqual(output.predict, TABLE);
      assert.deepEqual(output.raw, EXPECTED);
    },
  );

  test("R2-19: MCP: the tool result carries the same values", async () => {
    const client = new McpClient({ name: "non-finite-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/gradio_api/mcp/`)));
    try {
      const result = (await client.callTool({ name: "odd", arguments: { s: "x" } })) as {
        content: { text?: string }[];
        structuredContent?: unknown;
      };
      assert.deepEqual(JSON.parse(result.content[0]!.text!), TABLE);
      assert.deepEqual(result.structuredContent, { Out: TABLE });
      const progress: { progress: unknown; total?: unknown; message?: string }[] = [];
      const steps = (await client.callTool({ name: "steps", arguments: { s: "x" } }, undefined, {
        onprogress: (p) => progress.push(p),
      })) as { isError?: boolean };
      assert.equal(steps.isError ?? false, false);
      // A client drops a notification whose numbers are not numbers: this one must arrive.
      assert.ok(
        progress.some((p) => p.message === "odd counts"),
        JSON.stringify(progress),
      );
      for (const p of progress) {
        assert.ok(typeof p.progress === "number" && Number.isFinite(p.progress), JSON.stringify(p));
        assert.ok(
          p.total === undefined || (typeof p.total === "number" && Number.isFinite(p.total)),
          JSON.stringify(p),
        );
      }
    } finally {
      await client.close();
    }
  });
});
