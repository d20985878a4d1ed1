// gr.render: layouts built per session from values, over the real protocol and the official JS client.
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Client } from "@gradio/client";
import * as gr from "gradio-ts";
import { pythonWithGradioClient, runPython } from "./helpers/python.js";
import type { AppConfig, RenderConfig } from "../src/protocol/config.js";
import { postJson, readSse, startServer, type TestServer } from "./helpers/server.js";

interface Message {
  msg: string;
  success?: boolean;
  output?: { data?: unknown[]; error?: string | null; render_config?: RenderConfig | null };
}

const slash = (url: string) => (url.endsWith("/") ? url : `${url}/`);
let session = 0;
const newSession = () => `render-session-${++session}`;

/** Joins one event and reads the session's stream to its end: the completion message. */
async function run(root: string, sessionHash: string, fnIndex: number, data: unknown[]): Promise<Message> {
  const url = slash(root);
  const joined = await postJson(`${url}gradio_api/queue/join`, {
    data,
    fn_index: fnIndex,
    session_hash: sessionHash,
    event_data: null,
    trigger_id: null,
  });
  assert.equal(joined.status, 200, JSON.stringify(joined.body));
  const messages = (await readSse(await fetch(`${url}gradio_api/queue/data?session_hash=${sessionHash}`))) as Message[];
  const done = messages.find((m) => m.msg === "process_completed");
  assert.ok(done, `no completion in ${JSON.stringify(messages)}`);
  return done;
}

async function render(url: string, sessionHash: string, data: unknown[], fnIndex = 0): Promise<RenderConfig> {
  const done = await run(url, sessionHash, fnIndex, data);
  assert.equal(done.success, true, JSON.stringify(done.output));
  assert.deepEqual(done.output?.data, [null]);
  assert.ok(done.output?.render_config, "the completion carries a render_config");
  return done.output.render_config;
}

const byType = (config: RenderConfig, type: string) => config.components.filter((c) => c.type === type);

describe("gr.render over the protocol", () => {
  let server: TestServer;
  let renders = 0;

  before(async () => {
    const demo = new gr.Blocks({}, () => {
      const count = new gr.Number({ value: 2, label: "count" });
      const suffix = new gr.Textbox({ value: "!", label: "suffix" });
      gr.render({ inputs: [count, suffix] }, (n: number, end: string) => {
        renders++;
        if (n < 0) throw new gr.Error("The count cannot be negative.");
        for (let i = 0; i < n; i++) {
          gr.Row(() => {
            const box = new gr.Textbox({ value: `box ${i}`, label: `box ${i}`, key: `t${i}` });
            new gr.Button(`upper ${i}`).click({
              fn: (s: string) => s.toUpperCase() + end,
              inputs: [box],
              outputs: [box],
              apiName: `up${i}`,
            });
          });
        }
      });
      new gr.Button("plain").click({ fn: (n: number) => n * 2, inputs: [count], outputs: [count], apiName: "predict" });
    });
    server = await startServer(demo);
  });
  after(() => server.close());

  test("the config lists the render event as Gradio does, with an empty placeholder column", async () => {
    const config = (await (await fetch(`${slash(server.url)}config`)).json()) as AppConfig;
    const renderEvent = config.dependencies.find((d) => d.render_id !== null)!;
    assert.equal(renderEvent.render_id, 0);
    assert.deepEqual(renderEvent.targets, [
      [0, "load"],
      [1, "change"],
      [2, "change"],
    ]);
    assert.deepEqual(renderEvent.inputs, [1, 2]);
    assert.equal(renderEvent.api_visibility, "undocumented");
    assert.equal(renderEvent.trigger_mode, "always_last");
    const [container] = renderEvent.outputs;
    assert.equal(config.components.find((c) => c.id === container)?.type, "column");
    assert.deepEqual(
      config.layout.children?.find((node) => node.id === container),
      { id: container, children: [] },
    );
    // The endpoint declared after the render keeps the name it asked for.
    assert.ok(config.dependencies.some((d) => d.api_name === "predict" && d.render_id === null));
    const info = (await (await fetch(`${slash(server.url)}gradio_api/info`)).json()) as {
      named_endpoints: Record<string, unknown>;
    };
    assert.deepEqual(Object.keys(info.named_endpoints), ["/predict"]);
  });

  test("a render returns the blocks and events it built, marked with the render id", async () => {
    const config = await render(server.url, newSession(), [3, "!"]);
    assert.equal(config.render_id, 0);
    assert.equal(config.components[0]!.type, "column");
    assert.equal(config.components[0]!.renderable, 0);
    assert.equal(config.layout.id, config.components[0]!.id);
    assert.equal(config.layout.children?.length, 3);
    for (const row of config.layout.children!) assert.equal(row.children?.length, 2);
    const boxes = byType(config, "textbox");
    assert.deepEqual(
      boxes.map((b) => b.props.value),
      ["box 0", "box 1", "box 2"],
    );
    assert.deepEqual(
      boxes.map((b) => b.key),
      ["t0", "t1", "t2"],
    );
    for (const block of config.components.slice(1)) {
      assert.equal(block.rendered_in, 0);
      assert.equal(block.props.rendered_in, 0);
    }
    assert.deepEqual(boxes[0]!.props.preserved_by_key, ["value"]);
    assert.equal(config.dependencies.length, 3);
    for (const [i, dependency] of config.dependencies.entries()) {
      assert.equal(dependency.rendered_in, 0);
      assert.equal(dependency.render_id, null);
      assert.equal(dependency.api_name, `up${i}`);
      assert.deepEqual(dependency.inputs, [boxes[i]!.id]);
    }
    assert.deepEqual(
      config.page[""]!.dependencies,
      config.dependencies.map((d) => d.id),
    );
  });

  test("rendered events run in their session, with static inputs too, and are unknown to other sessions", async () => {
    const mine = newSession();
    const config = await render(server.url, mine, [2, "?"]);
    const second = config.dependencies[1]!;
    const done = await run(server.url, mine, second.id, ["hey"]);
    assert.equal(done.success, true);
    assert.deepEqual(done.output?.data, ["HEY?"]);
    const other = await postJson(`${slash(server.url)}gradio_api/queue/join`, {
      data: ["hey"],
      fn_index: second.id,
      session_hash: newSession(),
      event_data: null,
      trigger_id: null,
    });
    assert.equal(other.status, 404);
    assert.match(JSON.stringify(other.body), /no function with fn_index/);
  });

  test("a re-render keeps keyed ids, gives new ids to the rest, and retires the previous events", async () => {
    const mine = newSession();
    const first = await render(server.url, mine, [3, "!"]);
    const second = await render(server.url, mine, [2, "!"]);
    const ids = (config: RenderConfig) => byType(config, "textbox").map((b) => b.id);
    assert.deepEqual(ids(second), ids(first).slice(0, 2));
    const buttons = (config: RenderConfig) => byType(config, "button").map((b) => b.id);
    for (const id of buttons(second)) assert.ok(!buttons(first).includes(id), "unkeyed blocks get fresh ids");
    assert.equal(second.components[0]!.id, first.components[0]!.id, "the container stays the same");
    const oldEvent = first.dependencies[0]!.id;
    assert.ok(!second.dependencies.some((d) => d.id === oldEvent));
    const stale = await postJson(`${slash(server.url)}gradio_api/queue/join`, {
      data: ["x"],
      fn_index: oldEvent,
      session_hash: mine,
      event_data: null,
      trigger_id: null,
    });
    assert.equal(stale.status, 404);
    const fresh = await run(server.url, mine, second.dependencies[0]!.id, ["x"]);
    assert.deepEqual(fresh.output?.data, ["X!"]);
  });

  test("sessions render side by side without seeing each other's blocks", async () => {
    const [a, b] = [newSession(), newSession()];
    const [configA, configB] = await Promise.all([render(server.url, a, [1, "a"]), render(server.url, b, [4, "b"])]);
    assert.equal(byType(configA, "textbox").length, 1);
    assert.equal(byType(configB, "textbox").length, 4);
    const [doneA, doneB] = await Promise.all([
      run(server.url, a, configA.dependencies[0]!.id, ["q"]),
      run(server.url, b, configB.dependencies[3]!.id, ["q"]),
    ]);
    assert.deepEqual(doneA.output?.data, ["Qa"]);
    assert.deepEqual(doneB.output?.data, ["Qb"]);
  });

  test("a render fn's gr.Error reaches the caller and the next render works", async () => {
    const mine = newSession();
    const failed = await run(server.url, mine, 0, [-1, "!"]);
    assert.equal(failed.success, false);
    assert.equal(failed.output?.error, "The count cannot be negative.");
    const config = await render(server.url, mine, [1, "!"]);
    assert.equal(byType(config, "textbox").length, 1);
  });

  test("bad render input is refused before the fn runs", async () => {
    const before = renders;
    const refused = await postJson(`${slash(server.url)}gradio_api/queue/join`, {
      data: ["not a number", "!"],
      fn_index: 0,
      session_hash: newSession(),
      event_data: null,
      trigger_id: null,
    });
    assert.equal(refused.status, 422);
    assert.equal(renders, before);
  });

  test(
    "Python gradio_client connects to an app with a render fn and calls its endpoints",
    { timeout: 120_000 },
    async (t) => {
      const python = await pythonWithGradioClient();
      if (!python) return t.skip("Python gradio_client is not available");
      const result = (await runPython(
        python,
        `
import json
from gradio_client import Client
client = Client(${JSON.stringify(server.url)}, verbose=False)
info = client.view_api(return_format="dict", print_info=False)
print(json.dumps({"named": sorted(info["named_endpoints"].keys()), "doubled": client.predict(21, api_name="/predict")}))
`,
      )) as { named: string[]; doubled: number };
      assert.deepEqual(result, { named: ["/predict"], doubled: 42 });
    },
  );

  test("@gradio/client splices the render into its config and can call the rendered events", async () => {
    const client = await Client.connect(server.url, { events: ["data", "status", "render"] });
    const seen: unknown[] = [];
    const job = client.submit(0, [2, "~"]);
    for await (const message of job) {
      if (message.type === "render") seen.push(message.data);
      if (message.type === "status" && (message.stage === "complete" || message.stage === "error")) break;
    }
    assert.equal(seen.length, 1, "one render event");
    const rendered = client.config!.dependencies.filter(
      (d: { rendered_in?: number | null }) => (d as { rendered_in?: number | null }).rendered_in === 0,
    );
    assert.equal(rendered.length, 2);
    const result = await client.predict(rendered[1]!.id, ["ok"]);
    assert.deepEqual(result.data, ["OK~"]);
    client.close();
  });
});

describe("gr.render options", () => {
  let server: TestServer;

  before(async () => {
    const demo = new gr.Blocks({}, () => {
      const words = new gr.State<string[]>(["alpha", "beta"]);
      const add = new gr.Button("add");
      gr.render(() => {
        new gr.Markdown("rendered on load");
      });
      gr.render({ inputs: [words], triggers: [[add, "click"]] }, (list: string[]) => {
        for (const word of list) new gr.Textbox({ value: word });
      });
      add.click({ fn: (list: string[]) => [...list, "gamma"], inputs: [words], outputs: [words], apiName: "add" });
    });
    server = await startServer(demo);
  });
  after(() => server.close());

  test("a render without inputs runs on load; explicit triggers replace the defaults; State inputs come from the session", async () => {
    const config = (await (await fetch(`${slash(server.url)}config`)).json()) as AppConfig;
    const [onLoad, onClick] = config.dependencies.filter((d) => d.render_id !== null);
    assert.deepEqual(onLoad!.targets, [[0, "load"]]);
    assert.deepEqual(onClick!.targets, [[2, "click"]]);
    assert.equal(onClick!.render_id, 1);
    const mine = newSession();
    const loaded = await render(server.url, mine, [], onLoad!.id);
    assert.equal(loaded.components[1]!.props.value, "rendered on load");
    const before = await render(server.url, mine, [null], onClick!.id);
    assert.deepEqual(
      byType(before, "textbox").map((c) => c.props.value),
      ["alpha", "beta"],
    );
    const add = config.dependencies.find((d) => d.api_name === "add")!;
    await run(server.url, mine, add.id, [null]);
    const afterAdd = await render(server.url, mine, [null], onClick!.id);
    assert.deepEqual(
      byType(afterAdd, "textbox").map((c) => c.props.value),
      ["alpha", "beta", "gamma"],
    );
    // The two renders of one session never hand out the same ids.
    const ids = [...loaded.components.slice(1), ...afterAdd.components.slice(1)].map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
  });
});

describe("gr.render and the file rules", () => {
  let server: TestServer;
  let allowedFile = "";

  before(async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-render-file-"));
    allowedFile = path.join(dir, "note.txt");
    await writeFile(allowedFile, "a note from the temp dir");
    const demo = new gr.Blocks({}, () => {
      const wanted = new gr.Textbox({ label: "path" });
      // The file shown is chosen at runtime by the user: it must pass the rules for a fn's outputs.
      gr.render({ inputs: [wanted] }, (file: string) => {
        new gr.File({ value: file || null, label: "picked" });
      });
    });
    server = await startServer(demo);
  });
  after(() => server.close());

  test("a value a render fn builds from user input is runtime output: /etc/passwd is refused, a temp file is served", async () => {
    const refused = await run(server.url, newSession(), 0, ["/etc/passwd"]);
    assert.equal(refused.success, false);
    assert.doesNotMatch(JSON.stringify(refused), /passwd|root:/);
    const config = await render(server.url, newSession(), [allowedFile]);
    const file = config.components.find((c) => c.type === "file")!.props.value as { url: string; path: string };
    assert.notEqual(file.path, allowedFile, "served from the cache, not in place");
    assert.equal(await (await fetch(file.url)).text(), "a note from the temp dir");
  });
});

describe("gr.render refuses what cannot work, with a clear message", () => {
  test("outside a Blocks", () => {
    assert.throws(() => gr.render({}, () => {}), /while a gr.Blocks is being built/);
  });

  test("nested inside another render, with duplicate keys, or async: the event fails and the server keeps serving", async () => {
    const demo = new gr.Blocks({}, () => {
      const which = new gr.Textbox({ label: "which" });
      gr.render({ inputs: [which] }, (kind: string) => {
        if (kind === "nested") gr.render({}, () => {});
        if (kind === "keys") {
          new gr.Textbox({ key: "same" });
          new gr.Textbox({ key: "same" });
        }
        if (kind === "async") return Promise.resolve() as unknown as void;
        new gr.Markdown(`fine: ${kind}`);
      });
    });
    const server = await startServer(demo);
    try {
      for (const kind of ["nested", "keys", "async"]) {
        const failed = await run(server.url, newSession(), 0, [kind]);
        assert.equal(failed.success, false, kind);
      }
      const ok = await render(server.url, newSession(), ["ok"]);
      assert.equal(ok.components[1]!.props.value, "fine: ok");
    } finally {
      await server.close();
    }
  });

  test("an event inside a render on a component from another app", () => {
    let foreign!: gr.Textbox;
    new gr.Blocks({}, () => {
      foreign = new gr.Textbox();
    });
    const demo = new gr.Blocks({}, () => {
      gr.render({}, () => {
        new gr.Button("x").click({ fn: () => "y", outputs: [foreign] });
      });
    });
    const renderable = demo.renderables[0]!;
    assert.throws(
      () => renderable.build([], {} as gr.EventContext, { nextBlockId: 100, nextDependencyId: 100 }, new Map()),
      /neither part of the app nor built by this render/,
    );
  });
});
