// The wire types of src/protocol held against what real servers send: a real gradio-ts server's
// /config, /gradio_api/info and session stream, read with the protocol module's own functions, and the
// same app in Python Gradio 6, so the types describe Gradio's wire and not only ours.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { Client, ClientHttpError, type FetchLike } from "../src/client/index.js";
import {
  QUEUE_MESSAGE_KINDS,
  isApiInfo,
  isAppConfig,
  isQueueMessage,
  isResultOutput,
  parseQueueMessage,
  readEventData,
  type ApiEndpointInfo,
  type ApiParameter,
  type ApiReturn,
  type AppConfig,
  type ComponentConfig,
  type DependencyConfig,
  type OutputPayload,
  type QueueMessage,
  type QueueMessageKind,
} from "../src/protocol/index.js";
import { pythonWithGradio6 } from "./api-python.js";
import { startServer, type TestServer } from "./helpers/server.js";

// Each type's keys, listed once. A `Record` over `keyof` makes the compiler refuse a list that misses
// or invents a key, so these lists are the types as seen at run time.
type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];
type OptionalKeys<T> = Exclude<keyof T, RequiredKeys<T>>;

/** gradio-ts's own keys, which Gradio's config has not. */
const OUR_APP_CONFIG_KEYS = ["js_module"] as const;
const APP_CONFIG_KEYS: Record<Exclude<keyof AppConfig, (typeof OUR_APP_CONFIG_KEYS)[number]>, true> = {
  version: true,
  api_prefix: true,
  mode: true,
  app_id: true,
  dev_mode: true,
  vibe_mode: true,
  analytics_enabled: true,
  components: true,
  css: true,
  connect_heartbeat: true,
  js: true,
  head: true,
  title: true,
  space_id: true,
  enable_queue: true,
  show_error: true,
  footer_links: true,
  run_history: true,
  is_colab: true,
  max_file_size: true,
  stylesheets: true,
  theme: true,
  protocol: true,
  body_css: true,
  fill_height: true,
  fill_width: true,
  theme_hash: true,
  pwa: true,
  pages: true,
  page: true,
  mcp_server: true,
  i18n_translations: true,
  dependencies: true,
  layout: true,
  username: true,
  root: true,
};
/** `frontend_fn` is ours alone: Gradio's config has no such key. */
const DEPENDENCY_KEYS: Record<Exclude<keyof DependencyConfig, "frontend_fn">, true> = {
  id: true,
  targets: true,
  inputs: true,
  outputs: true,
  backend_fn: true,
  js: true,
  queue: true,
  api_name: true,
  api_description: true,
  scroll_to_output: true,
  show_progress: true,
  show_progress_on: true,
  batch: true,
  max_batch_size: true,
  cancels: true,
  types: true,
  collects_event_data: true,
  trigger_after: true,
  trigger_only_on_success: true,
  trigger_only_on_failure: true,
  trigger_mode: true,
  api_visibility: true,
  rendered_in: true,
  render_id: true,
  connection: true,
  time_limit: true,
  stream_every: true,
  event_specific_args: true,
  component_prop_inputs: true,
  js_implementation: true,
};
const COMPONENT_REQUIRED: Record<RequiredKeys<ComponentConfig>, true> = {
  id: true,
  type: true,
  props: true,
  skip_api: true,
  component_class_id: true,
  key: true,
};
const COMPONENT_OPTIONAL: Record<OptionalKeys<ComponentConfig>, true> = {
  rendered_in: true,
  renderable: true,
  api_info: true,
  api_info_as_input: true,
  api_info_as_output: true,
  example_inputs: true,
};
const ENDPOINT_KEYS: Record<keyof ApiEndpointInfo, true> = {
  parameters: true,
  returns: true,
  api_visibility: true,
  description: true,
};
const PARAMETER_KEYS: Record<keyof ApiParameter, true> = {
  label: true,
  parameter_name: true,
  parameter_has_default: true,
  parameter_default: true,
  type: true,
  python_type: true,
  component: true,
  example_input: true,
};
const RETURN_KEYS: Record<keyof ApiReturn, true> = { label: true, type: true, python_type: true, component: true };
const OUTPUT_KEYS: Record<keyof OutputPayload, true> = {
  data: true,
  is_generating: true,
  duration: true,
  average_duration: true,
  render_config: true,
  changed_state_ids: true,
  used_cache: true,
};
const MESSAGE_KEYS: { [K in QueueMessageKind]: Record<keyof Extract<QueueMessage, { msg: K }>, true> } = {
  estimation: { msg: true, event_id: true, rank: true, queue_size: true, rank_eta: true },
  process_starts: { msg: true, event_id: true, eta: true },
  progress: { msg: true, event_id: true, progress_data: true },
  log: { msg: true, event_id: true, log: true, level: true, duration: true, visible: true, title: true },
  process_generating: { msg: true, event_id: true, output: true, success: true, time_limit: true },
  process_streaming: { msg: true, event_id: true, output: true, success: true, time_limit: true },
  process_completed: {
    msg: true,
    event_id: true,
    output: true,
    success: true,
    title: true,
    used_cache: true,
    cache_duration: true,
    avg_time: true,
  },
  heartbeat: { msg: true, event_id: true },
  close_stream: { msg: true, event_id: true },
  unexpected_error: { msg: true, event_id: true, message: true, session_not_found: true, success: true },
};

const sorted = (keys: Iterable<string>) => [...keys].sort();
const keysOf = (value: object) => sorted(Object.keys(value));

function assertConfig(config: unknown, where: string): asserts config is AppConfig {
  assert.ok(isAppConfig(config), `${where}: /config is not an AppConfig`);
  const ours = new Set<string>(OUR_APP_CONFIG_KEYS);
  assert.deepEqual(
    keysOf(config).filter((key) => !ours.has(key)),
    sorted(Object.keys(APP_CONFIG_KEYS)),
    `${where}: the app config's keys`,
  );
  for (const component of config.components) {
    const keys = Object.keys(component);
    for (const key of Object.keys(COMPONENT_REQUIRED))
      assert.ok(keys.includes(key), `${where}: a ${component.type} has no ${key}`);
    const known = new Set([...Object.keys(COMPONENT_REQUIRED), ...Object.keys(COMPONENT_OPTIONAL)]);
    assert.deepEqual(
      keys.filter((key) => !known.has(key)),
      [],
      `${where}: a ${component.type}'s keys the type does not know`,
    );
  }
  for (const dependency of config.dependencies) {
    const keys = Object.keys(dependency).filter((key) => key !== "frontend_fn");
    assert.deepEqual(
      sorted(keys),
      sorted(Object.keys(DEPENDENCY_KEYS)),
      `${where}: dependency ${dependency.id}'s keys`,
    );
  }
}

async function assertApiInfo(url: string, where: string): Promise<void> {
  const info: unknown = await (await fetch(`${url}/gradio_api/info`)).json();
  assert.ok(isApiInfo(info), `${where}: /gradio_api/info is not an ApiInfo`);
  assert.ok(Object.keys(info.named_endpoints).length > 0, `${where}: no endpoints`);
  for (const [name, endpoint] of Object.entries(info.named_endpoints)) {
    // Python adds code snippets for its docs page; no client reads them.
    assert.deepEqual(
      keysOf(endpoint).filter((key) => key !== "code_snippets"),
      sorted(Object.keys(ENDPOINT_KEYS)),
      `${where}: ${name}'s keys`,
    );
    for (const parameter of endpoint.parameters)
      assert.deepEqual(keysOf(parameter), sorted(Object.keys(PARAMETER_KEYS)), `${where}: ${name}'s parameter keys`);
    for (const output of endpoint.returns)
      assert.deepEqual(keysOf(output), sorted(Object.keys(RETURN_KEYS)), `${where}: ${name}'s return keys`);
  }
}

/** Joins each call on one session and reads the session's stream to its end with the protocol's reader. */
async function streamOf(url: string, calls: { fnIndex: number; data: unknown[] }[]): Promise<QueueMessage[]> {
  const sessionHash = `types${Math.random().toString(36).slice(2, 10)}`;
  for (const { fnIndex, data } of calls) {
    const body = JSON.stringify({
      data,
      fn_index: fnIndex,
      session_hash: sessionHash,
      event_data: null,
      trigger_id: null,
    });
    const joined = await fetch(`${url}/gradio_api/queue/join`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    assert.equal(joined.status, 200, `joining fn ${fnIndex}`);
  }
  const response = await fetch(`${url}/gradio_api/queue/data?session_hash=${sessionHash}`);
  const found: QueueMessage[] = [];
  for await (const data of readEventData(response.body!)) {
    const message = parseQueueMessage(data);
    assert.ok(message, `a frame the protocol does not know: ${data.slice(0, 200)}`);
    found.push(message);
    if (message.msg === "close_stream") break;
  }
  return found;
}

function assertMessages(found: QueueMessage[], where: string): void {
  for (const message of found) {
    assert.ok(QUEUE_MESSAGE_KINDS.includes(message.msg), `${where}: unknown kind ${message.msg}`);
    assert.deepEqual(
      keysOf(message),
      sorted(Object.keys(MESSAGE_KEYS[message.msg])),
      `${where}: the keys of a ${message.msg}`,
    );
    if (
      (message.msg === "process_completed" || message.msg === "process_generating") &&
      isResultOutput(message.output)
    ) {
      assert.deepEqual(
        keysOf(message.output),
        sorted(Object.keys(OUTPUT_KEYS)),
        `${where}: the output keys of a ${message.msg}`,
      );
    }
  }
}

/** Kinds one run of the app below must show (heartbeats need 15 s of silence; streaming needs a webcam). */
const EXPECTED_KINDS: QueueMessageKind[] = [
  "estimation",
  "process_starts",
  "progress",
  "log",
  "process_generating",
  "process_completed",
  "close_stream",
];

function tsApp(): gr.Blocks {
  return new gr.Blocks({}, () => {
    const text = new gr.Textbox({ label: "Text" });
    const out = new gr.Textbox({ label: "Out" });
    const go = new gr.Button("Go");
    go.click({
      fn: function echo(value: string) {
        return value;
      },
      inputs: text,
      outputs: out,
    });
    go.click({
      fn: async function* typing(value: string) {
        for (let i = 1; i <= value.length; i++) yield value.slice(0, i);
      },
      inputs: text,
      outputs: out,
    });
    go.click({
      fn: function chatty(value: string, { progress }: gr.EventContext) {
        gr.Info("Starting");
        progress(0.5, { desc: "Halfway" });
        return value;
      },
      inputs: text,
      outputs: out,
    });
    go.click({
      fn: function broken(): string {
        throw new gr.Error("Nope");
      },
      inputs: [],
      outputs: out,
    });
  });
}

const PYTHON_APP = `
import gradio as gr, sys, time
with gr.Blocks() as demo:
    text = gr.Textbox(label="Text")
    out = gr.Textbox(label="Out")
    go = gr.Button("Go")
    def echo(value):
        return value
    def typing(value):
        for i in range(1, len(value) + 1):
            yield value[:i]
    def chatty(value, progress=gr.Progress()):
        gr.Info("Starting")
        progress(0.5, desc="Halfway")
        time.sleep(0.5)  # Gradio sends progress on a timer: give it a tick
        return value
    def broken():
        raise gr.Error("Nope")
    go.click(echo, text, out)
    go.click(typing, text, out)
    go.click(chatty, text, out)
    go.click(broken, None, out)
demo.queue().launch(server_name="127.0.0.1", server_port=int(sys.argv[1]))
`;

const CALLS = [
  { fnIndex: 0, data: ["hi"] },
  { fnIndex: 1, data: ["abc"] },
  { fnIndex: 2, data: ["x"] },
  { fnIndex: 3, data: [] },
];

describe("protocol types against a real gradio-ts server", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(tsApp());
  });
  after(async () => {
    await server.close();
  });
  const url = () => server.url.replace(/\/$/, "");

  test("/config is an AppConfig with exactly its keys, and so is every component and dependency in it", async () => {
    assertConfig(await (await fetch(`${url()}/config`)).json(), "gradio-ts");
  });

  test("/gradio_api/info is an ApiInfo with exactly its keys", async () => {
    await assertApiInfo(url(), "gradio-ts");
  });

  test("every frame of a session stream parses as a known message with exactly its kind's keys", async () => {
    const found = await streamOf(url(), CALLS);
    assertMessages(found, "gradio-ts");
    const kinds = new Set(found.map((message) => message.msg));
    for (const kind of EXPECTED_KINDS)
      assert.ok(kinds.has(kind), `no ${kind} in the stream (saw ${[...kinds].join(", ")})`);
    const failed = found.find((message) => message.msg === "process_completed" && !message.success);
    assert.ok(failed, "the failing fn's completion");
  });

  test("a stream for a session with nothing pending ends with a known unexpected_error", async () => {
    const response = await fetch(`${url()}/gradio_api/queue/data?session_hash=nothing-pending-here`);
    const frames: (QueueMessage | null)[] = [];
    for await (const data of readEventData(response.body!)) frames.push(parseQueueMessage(data));
    assert.equal(frames[0]?.msg, "unexpected_error");
    assertMessages(
      frames.filter((frame): frame is QueueMessage => frame !== null),
      "gradio-ts",
    );
  });
});

describe("protocol types against Python Gradio 6 (the same app)", () => {
  let python: string | null = null;
  let child: ChildProcess | null = null;
  let gradioUrl = "";

  before(async () => {
    python = await pythonWithGradio6();
    if (!python) return;
    const port = 20000 + Math.floor(Math.random() * 20000);
    child = spawn(python, ["-c", PYTHON_APP, String(port)], {
      env: { ...process.env, GRADIO_ANALYTICS_ENABLED: "False", HF_HUB_OFFLINE: "1", NO_PROXY: "127.0.0.1" },
      stdio: "ignore",
    });
    gradioUrl = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    while (
      !(await fetch(`${gradioUrl}/config`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error("the Python Gradio app did not start");
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  });
  after(() => {
    child?.kill("SIGTERM");
  });

  const skipped = "*** Python Gradio 6 is unavailable (no PyPI?): the protocol types were not checked against it ***";

  test("Gradio's /config is an AppConfig with exactly its keys", { timeout: 60_000 }, async (t) => {
    if (!python) return t.skip(skipped);
    assertConfig(await (await fetch(`${gradioUrl}/config`)).json(), "Gradio 6");
  });

  test("Gradio's /gradio_api/info is an ApiInfo with exactly its keys", { timeout: 60_000 }, async (t) => {
    if (!python) return t.skip(skipped);
    await assertApiInfo(gradioUrl, "Gradio 6");
  });

  test(
    "every frame of Gradio's session stream parses as a known message with exactly its kind's keys",
    { timeout: 60_000 },
    async (t) => {
      if (!python) return t.skip(skipped);
      const found = await streamOf(gradioUrl, CALLS);
      assertMessages(found, "Gradio 6");
      const kinds = new Set(found.map((message) => message.msg));
      for (const kind of EXPECTED_KINDS)
        assert.ok(kinds.has(kind), `no ${kind} in Gradio's stream (saw ${[...kinds].join(", ")})`);
    },
  );
});

describe("what the protocol refuses to read", () => {
  test("frames that are not JSON, not a known kind, or lack the structure their kind's readers use", () => {
    assert.equal(parseQueueMessage("ALIVE"), null);
    assert.equal(parseQueueMessage("[1, 2]"), null);
    assert.equal(parseQueueMessage(JSON.stringify({ msg: "send_hash", event_id: null })), null);
    assert.equal(parseQueueMessage(JSON.stringify({ msg: "process_starts" })), null, "no event_id");
    assert.equal(parseQueueMessage(JSON.stringify({ msg: "progress", event_id: "e", progress_data: "half" })), null);
    assert.equal(parseQueueMessage(JSON.stringify({ msg: "log", event_id: "e", log: "x", level: "shout" })), null);
    assert.equal(
      parseQueueMessage(
        JSON.stringify({ msg: "process_generating", event_id: "e", output: { data: "x" }, success: true }),
      ),
      null,
    );
    assert.equal(
      parseQueueMessage(JSON.stringify({ msg: "process_completed", event_id: "e", output: null, success: true })),
      null,
    );
    assert.equal(parseQueueMessage(JSON.stringify({ msg: "unexpected_error", event_id: null })), null);
    assert.ok(isQueueMessage({ msg: "heartbeat", event_id: null }));
  });

  /** A server double for the client under test: real fetch semantics, one answer changed. */
  const serving =
    (answers: Record<string, unknown>): FetchLike =>
    async (input) => {
      const path = new URL(input).pathname;
      const body = answers[path];
      if (body === undefined) return new Response("not found", { status: 404 });
      return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
    };

  test("the client refuses a /config that is not an app's config, naming the URL", async () => {
    await assert.rejects(
      Client.connect("http://127.0.0.1:9/", { fetch: serving({ "/config": { hello: "world" } }), retries: 0 }),
      (error: unknown) => {
        assert.ok(error instanceof ClientHttpError);
        assert.match(error.message, /config is not a Gradio app's config/);
        return true;
      },
    );
  });

  test("the client refuses an API description that is not one", async () => {
    const config = {
      protocol: "sse_v3",
      api_prefix: "/gradio_api",
      components: [],
      dependencies: [],
      layout: { id: 0 },
    };
    const client = await Client.connect("http://127.0.0.1:9/", {
      fetch: serving({ "/config": config, "/gradio_api/info": ["not", "info"] }),
      fetchApiInfo: false,
      retries: 0,
    });
    await assert.rejects(client.viewApi(), /is not an API description/);
    client.close();
  });

  test("the client fails a call whose join answer has no event id", async () => {
    const config = {
      protocol: "sse_v3",
      api_prefix: "/gradio_api",
      components: [],
      dependencies: [{ id: 0, targets: [], inputs: [], outputs: [], backend_fn: true, api_name: "go", queue: true }],
      layout: { id: 0 },
    };
    const client = await Client.connect("http://127.0.0.1:9/", {
      fetch: serving({ "/config": config, "/gradio_api/queue/join": { id: 3 } }),
      fetchApiInfo: false,
      retries: 0,
    });
    await assert.rejects(client.predict("/go", []), /has no event id/);
    client.close();
  });

  test("the client fails a direct call whose answer is not an output", async () => {
    const config = {
      protocol: "sse_v3",
      api_prefix: "/gradio_api",
      components: [],
      dependencies: [{ id: 0, targets: [], inputs: [], outputs: [], backend_fn: true, api_name: "go", queue: false }],
      layout: { id: 0 },
    };
    const client = await Client.connect("http://127.0.0.1:9/", {
      fetch: serving({ "/config": config, "/gradio_api/run/predict": "done" }),
      fetchApiInfo: false,
      retries: 0,
    });
    await assert.rejects(client.predict("/go", []), /not an output/);
    client.close();
  });
});
