// Options whose work is done on the server, each proven by what a real client sees: how many runs of a
// fn the queue lets through at once (defaultConcurrencyLimit, concurrencyLimit, concurrencyId), what a
// ChatInterface keeps (maxHistory), what the API lists (showApi), what a notification carries (duration,
// visible), what an error tells the caller (showError), and what a render event and `every` configure.
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, test } from "node:test";
import { Client } from "@gradio/client";
import * as gr from "gradio-ts";
import { postJson, readSse, startServer, type TestServer } from "./helpers/server.js";

/** A fn that counts how many of its runs are in progress at once and holds them until `open()`. */
function probe() {
  let running = 0;
  let peak = 0;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const fn = async (value: unknown) => {
    running++;
    peak = Math.max(peak, running);
    await gate;
    running--;
    return String(value);
  };
  return { fn, running: () => running, peak: () => peak, open: () => open() };
}

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await sleep(25);
  assert.ok(check(), "the condition was not reached in time");
}

/**
 * Starts `calls` (each on its own client), waits until `limit` runs are in progress, gives the queue a
 * moment in which it could wrongly start more, and checks it did not; then lets all of them finish.
 */
async function assertRunsAtOnce(
  url: string,
  calls: [endpoint: string, data: unknown[]][],
  limit: number,
  gauge: ReturnType<typeof probe>[],
) {
  const running = () => gauge.reduce((sum, p) => sum + p.running(), 0);
  const results = calls.map(async ([endpoint, data]) => (await Client.connect(url)).predict(endpoint, data));
  await until(() => running() === limit);
  await sleep(300);
  assert.equal(running(), limit, "more runs started than the limit allows");
  for (const p of gauge) p.open();
  const answers = await Promise.all(results);
  assert.equal(answers.length, calls.length);
}

describe("QueueOptions.defaultConcurrencyLimit and EventOptions.concurrencyId", () => {
  const byDefault = probe();
  const first = probe();
  const second = probe();
  let server: TestServer;
  before(async () => {
    const demo = new gr.Blocks({}, () => {
      const text = new gr.Textbox();
      text.submit({ fn: byDefault.fn, inputs: text, outputs: text, apiName: "by_default" });
      // Two events, one group: together they may not run more than the group's limit.
      text.submit({
        fn: first.fn,
        inputs: text,
        outputs: text,
        apiName: "first",
        concurrencyId: "model",
        concurrencyLimit: 1,
      });
      text.submit({
        fn: second.fn,
        inputs: text,
        outputs: text,
        apiName: "second",
        concurrencyId: "model",
        concurrencyLimit: 1,
      });
    }).queue({ defaultConcurrencyLimit: 2 });
    server = await startServer(demo);
  });
  after(async () => server.close());

  test(
    "defaultConcurrencyLimit: an event without its own limit runs that many at once",
    { timeout: 30_000 },
    async () => {
      await assertRunsAtOnce(
        server.url,
        [
          ["/by_default", ["a"]],
          ["/by_default", ["b"]],
          ["/by_default", ["c"]],
        ],
        2,
        [byDefault],
      );
      assert.equal(byDefault.peak(), 2);
    },
  );

  test("concurrencyId: events sharing it share one limit", { timeout: 30_000 }, async () => {
    await assertRunsAtOnce(
      server.url,
      [
        ["/first", ["a"]],
        ["/second", ["b"]],
      ],
      1,
      [first, second],
    );
    assert.equal(first.peak() + second.peak(), 2, "each ran, one after the other");
  });
});

describe("InterfaceOptions.concurrencyLimit and concurrencyId, ChatInterfaceOptions.concurrencyLimit", () => {
  const wide = probe();
  const left = probe();
  const right = probe();
  const chat = probe();
  let server: TestServer;
  before(async () => {
    const interfaceFn = (fn: (value: unknown) => Promise<string>) =>
      function run(text: string) {
        return fn(text);
      };
    const apps = [
      new gr.Interface({
        fn: interfaceFn(wide.fn),
        inputs: "text",
        outputs: "text",
        apiName: "wide",
        concurrencyLimit: 2,
        flaggingMode: "never",
      }),
      new gr.Interface({
        fn: interfaceFn(left.fn),
        inputs: "text",
        outputs: "text",
        apiName: "left",
        concurrencyId: "gpu",
        flaggingMode: "never",
      }),
      new gr.Interface({
        fn: interfaceFn(right.fn),
        inputs: "text",
        outputs: "text",
        apiName: "right",
        concurrencyId: "gpu",
        flaggingMode: "never",
      }),
      new gr.ChatInterface({ fn: (message) => chat.fn(message), apiName: "chat", concurrencyLimit: 2 }),
    ];
    // Each of left and right may run once at a time on its own; only the shared id keeps them from running together.
    server = await startServer(new gr.TabbedInterface(apps).queue({ defaultConcurrencyLimit: 1 }));
  });
  after(async () => server.close());

  test("an Interface's concurrencyLimit lets that many runs through", { timeout: 30_000 }, async () => {
    await assertRunsAtOnce(
      server.url,
      [
        ["/wide", ["a"]],
        ["/wide", ["b"]],
        ["/wide", ["c"]],
      ],
      2,
      [wide],
    );
  });

  test("Interfaces sharing a concurrencyId share one limit", { timeout: 30_000 }, async () => {
    await assertRunsAtOnce(
      server.url,
      [
        ["/left", ["a"]],
        ["/right", ["b"]],
      ],
      1,
      [left, right],
    );
  });

  test("a ChatInterface's concurrencyLimit lets that many replies run at once", { timeout: 30_000 }, async () => {
    await assertRunsAtOnce(
      server.url,
      [
        ["/chat", ["a"]],
        ["/chat", ["b"]],
        ["/chat", ["c"]],
      ],
      2,
      [chat],
    );
  });
});

describe("ChatInterfaceOptions.maxHistory", () => {
  let server: TestServer;
  before(async () => {
    const seen = (_message: unknown, history: unknown[]) => `saw ${history.length}`;
    server = await startServer(new gr.ChatInterface({ fn: seen, apiName: "chat", maxHistory: 2 }));
  });
  after(async () => server.close());

  test("an API session's history is cut to the last maxHistory messages", { timeout: 30_000 }, async () => {
    const client = await Client.connect(server.url);
    const replies: unknown[] = [];
    for (const message of ["one", "two", "three"]) replies.push((await client.predict("/chat", [message])).data);
    // Without the bound the third turn would see 4 messages (two turns of user + assistant).
    assert.deepEqual(replies, [["saw 0"], ["saw 2"], ["saw 2"]]);
  });
});

interface Message {
  msg: string;
  log?: string;
  level?: string;
  duration?: number | null;
  visible?: boolean;
  output?: { error?: string | null };
}

/** Runs one event over the raw protocol and returns every message of the session's stream. */
async function messagesOf(url: string, fnIndex: number, data: unknown[]): Promise<Message[]> {
  const sessionHash = `options-${Math.random().toString(36).slice(2)}`;
  const joined = await postJson(`${url}/gradio_api/queue/join`, {
    data,
    fn_index: fnIndex,
    session_hash: sessionHash,
    event_data: null,
    trigger_id: null,
  });
  assert.equal(joined.status, 200, JSON.stringify(joined.body));
  return (await readSse(await fetch(`${url}/gradio_api/queue/data?session_hash=${sessionHash}`))) as Message[];
}

interface Config {
  components: { id: number; type: string; props: Record<string, unknown> }[];
  dependencies: {
    id: number;
    api_name: string | null;
    targets: [number | null, string][];
    trigger_mode: string;
    show_progress: string;
    render_id: number | null;
  }[];
}

describe("EventOptions.showApi and every, NotifyOptions, RenderOptions, LaunchOptions.showError", () => {
  let server: TestServer;
  let quiet: TestServer;
  let config: Config;
  let renderDependency: gr.Blocks["dependencies"][number] | undefined;
  const failing = (text: string) => {
    throw new Error(`internal detail about ${text}`);
  };
  before(async () => {
    const demo = new gr.Blocks({}, () => {
      const text = new gr.Textbox();
      text.submit({ fn: (t: string) => t, inputs: text, outputs: text, apiName: "hidden", showApi: false });
      text.submit({ fn: (t: string) => t, inputs: text, outputs: text, apiName: "ticking", every: 5 });
      text.submit({
        fn: (t: string) => (gr.Info("saved", { duration: 2, visible: false }), t),
        inputs: text,
        outputs: text,
        apiName: "notify",
      });
      text.submit({ fn: failing, inputs: text, outputs: text, apiName: "failing" });
      const options = {
        inputs: text,
        triggerMode: "multiple",
        showProgress: "hidden",
        concurrencyLimit: 3,
        concurrencyId: "renders",
      } as const;
      gr.render(options, (t: string) => void new gr.Markdown({ value: t }));
    });
    renderDependency = demo.dependencies.find((d) => d.renderable !== null);
    server = await startServer(demo, { showError: true });
    quiet = await startServer(
      new gr.Blocks({}, () => {
        const text = new gr.Textbox();
        text.submit({ fn: failing, inputs: text, outputs: text, apiName: "failing" });
      }),
    );
    config = (await (await fetch(`${server.url}/config`)).json()) as Config;
  });
  after(async () => {
    await server.close();
    await quiet.close();
  });

  const dependencyNamed = (name: string) => config.dependencies.find((d) => d.api_name === name)!;

  test("showApi: false leaves the endpoint out of the API docs, still callable", { timeout: 30_000 }, async () => {
    const info = (await (await fetch(`${server.url}/gradio_api/info`)).json()) as {
      named_endpoints: Record<string, unknown>;
    };
    assert.ok(!("/hidden" in info.named_endpoints));
    assert.ok("/notify" in info.named_endpoints);
    const client = await Client.connect(server.url);
    assert.deepEqual((await client.predict("/hidden", ["still here"])).data, ["still here"]);
  });

  test("every: a hidden Timer of that interval triggers the event", () => {
    const ticking = dependencyNamed("ticking");
    const timers = config.components.filter((c) => c.type === "timer");
    const timerTarget = ticking.targets.find(([, event]) => event === "tick");
    assert.ok(timerTarget, "the event listens to a timer's tick");
    const timer = timers.find((c) => c.id === timerTarget[0]);
    assert.equal(timer?.props.value, 5);
    assert.equal(timer?.props.active, true);
  });

  test("Info's duration and visible reach the page's log message", { timeout: 30_000 }, async () => {
    const messages = await messagesOf(server.url, dependencyNamed("notify").id, ["x"]);
    const log = messages.find((m) => m.msg === "log");
    assert.deepEqual(
      { log: log?.log, level: log?.level, duration: log?.duration, visible: log?.visible },
      { log: "saved", level: "info", duration: 2, visible: false },
    );
  });

  test(
    "showError: true tells the caller the fn's error message; by default it is hidden",
    { timeout: 30_000 },
    async () => {
      const shown = (await messagesOf(server.url, dependencyNamed("failing").id, ["x"])).find(
        (m) => m.msg === "process_completed",
      );
      assert.equal(shown?.output?.error, "internal detail about x");
      const quietConfig = (await (await fetch(`${quiet.url}/config`)).json()) as Config;
      const hidden = (await messagesOf(quiet.url, quietConfig.dependencies[0]!.id, ["x"])).find(
        (m) => m.msg === "process_completed",
      );
      assert.equal(hidden?.output?.error ?? null, null);
    },
  );

  test("a render's triggerMode and showProgress are its event's; its concurrency options go to the queue", () => {
    const render = config.dependencies.find((d) => d.render_id !== null)!;
    assert.equal(render.trigger_mode, "multiple");
    assert.equal(render.show_progress, "hidden");
    // The queue reads these from the event's options, as for any event (proven above).
    assert.equal(renderDependency?.options.concurrencyLimit, 3);
    assert.equal(renderDependency?.concurrencyId, "renders");
  });
});

describe("ExamplesOptions.examplesPerPage and a multimodal ChatInterface's submitBtn", () => {
  test("examplesPerPage is the page size of the examples' dataset", () => {
    let dataset: Record<string, unknown> = {};
    new gr.Blocks({}, () => {
      const text = new gr.Textbox();
      dataset = new gr.Examples({ examples: [["a"], ["b"], ["c"]], inputs: text, examplesPerPage: 2 }).dataset.props();
    });
    assert.equal(dataset.samplesPerPage, 2);
  });

  test("a multimodal ChatInterface labels its textbox's own submit button with submitBtn, or has none", async () => {
    const boxes = async (submitBtn: string | null) => {
      const server = await startServer(new gr.ChatInterface({ fn: () => "ok", multimodal: true, submitBtn }));
      try {
        const config = (await (await fetch(`${server.url}/config`)).json()) as Config;
        return config.components.filter((c) => c.type === "multimodaltextbox").map((c) => c.props.submit_btn);
      } finally {
        await server.close();
      }
    };
    assert.deepEqual(await boxes("Send"), ["Send"]);
    assert.deepEqual(await boxes(null), [false]);
  });
});

describe("Gradio options not built yet are refused by name (plain-JavaScript callers)", () => {
  const unbuilt: [string, string, () => unknown][] = [
    ["Dialogue", "unformatter", () => new gr.Dialogue({ unformatter: () => [] } as gr.DialogueOptions)],
  ];
  for (const [owner, option, build] of unbuilt) {
    test(`${owner} ${option}`, () => {
      assert.throws(
        build,
        (error: Error) =>
          error.name === "AppConfigError" &&
          error.message.startsWith(`${owner}: `) &&
          error.message.includes(`"${option}" is not built yet`),
      );
    });
  }
});

describe("fileName of CSVLogger, addFlagging (FlaggingOptions) and readFlags (ReadFlagsOptions)", () => {
  let server: TestServer;
  let dir = "";
  let logger: gr.CSVLogger;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-flag-name-"));
    const demo = new gr.Interface({
      fn: (t: string) => t.toUpperCase(),
      inputs: "text",
      outputs: "text",
      flaggingMode: "never",
    });
    // A name given as a path keeps only its last segment: the CSV stays inside `dir`.
    logger = gr.addFlagging(demo, { dir, fileName: "../votes.csv" });
    server = await startServer(demo);
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test(
    "flags go to that file inside the dataset folder, and readFlags reads it back by name",
    { timeout: 30_000 },
    async () => {
      assert.equal(logger.fileName, "votes.csv");
      const client = await Client.connect(server.url);
      await client.predict("/flag", ["hello", "HELLO"]);
      assert.ok((await readdir(dir)).includes("votes.csv"));
      const rows = await gr.readFlags(dir, undefined, { fileName: "votes.csv" });
      assert.deepEqual(
        rows.slice(1).map((row) => row.slice(0, 2)),
        [["hello", "HELLO"]],
      );
      await assert.rejects(gr.readFlags(dir), { code: "ENOENT" }, "the default name is not what was written");
    },
  );

  test("CSVLogger's own fileName", () => {
    assert.equal(new gr.CSVLogger({ dir, fileName: "other.csv" }).csvPath, path.join(dir, "other.csv"));
  });
});
