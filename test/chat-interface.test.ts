// ChatInterface streaming through both the API endpoint and the page's events; TabbedInterface; Blocks features.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Client } from "@gradio/client";
import * as gr from "gradio-ts";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

interface TestServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Like helpers/server.ts, but the close also cuts open connections: with a State in the app the JS client
 * keeps a heartbeat stream open, and a plain close would wait for it forever.
 */
async function startServer(demo: gr.Blocks): Promise<TestServer> {
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-chat-cache-"));
  const running = await demo.launch({ serverPort: 0, quiet: true, logLevel: "silent", cacheDir });
  return {
    url: running.url,
    close: async () => {
      const closing = running.close();
      running.fastify.server.closeAllConnections();
      await closing;
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

type Json = Record<string, unknown>;

// Apps with a State make the client hold a heartbeat stream open: close every client before the server.
const clients: Client[] = [];
async function connect(url: string): Promise<Client> {
  const client = await Client.connect(url);
  clients.push(client);
  return client;
}
async function closeAll(server: TestServer): Promise<void> {
  clients.length = 0;
  await server.close();
}

describe("ChatInterface", () => {
  let server: TestServer;
  const seenHistories: unknown[] = [];

  before(async () => {
    const demo = new gr.ChatInterface({
      title: "Echo",
      examples: ["hello", "bye"],
      fn: async function* reply(message: string | gr.MultimodalValue, history: gr.ChatMessage[]) {
        seenHistories.push(history);
        const text = typeof message === "string" ? message : message.text;
        let out = "";
        for (const word of ["You", "said:", text]) {
          out += (out ? " " : "") + word;
          yield out;
        }
      },
    });
    server = await startServer(demo);
  });
  after(() => closeAll(server));

  test("/reply streams the reply token by token, and a session remembers its history", async () => {
    const client = await connect(server.url);
    const values: unknown[] = [];
    for await (const message of client.submit("/reply", ["hi there"])) {
      if (message.type === "data") values.push((message.data as unknown[])[0]);
      if (message.type === "status" && message.stage === "complete") break;
    }
    assert.deepEqual(values.slice(0, 3), ["You", "You said:", "You said: hi there"]);
    assert.equal(values.at(-1), "You said: hi there");
    seenHistories.length = 0;
    const second = await client.predict("/reply", ["again"]);
    assert.deepEqual((second as { data: unknown[] }).data, ["You said: again"]);
    assert.deepEqual(seenHistories[0], [
      { role: "user", content: "hi there" },
      { role: "assistant", content: "You said: hi there" },
    ]);
  });

  test("/info lists only /reply, with one message parameter", async () => {
    const client = await connect(server.url);
    const api = (await client.view_api()) as { named_endpoints: Record<string, { parameters: unknown[] }> };
    assert.deepEqual(Object.keys(api.named_endpoints), ["/reply"]);
    assert.equal(api.named_endpoints["/reply"]!.parameters.length, 1);
  });

  test("the page's submit, retry and undo events update the chatbot", async () => {
    const config = (await (await fetch(`${server.url}/config`)).json()) as {
      mode: string;
      dependencies: Json[];
      components: Json[];
    };
    assert.equal(config.mode, "chat_interface");
    const chatbotId = config.components.find((c) => c.type === "chatbot")!.id;
    const depFor = (event: string) =>
      config.dependencies.find((d) => (d.targets as [number, string][]).some(([, e]) => e === event))!;
    assert.ok(config.components.some((c) => c.type === "dataset"));
    const client = await connect(server.url);
    const submit = depFor("submit");
    const steps: unknown[] = [];
    for await (const message of client.submit(submit.id as number, ["yo", []])) {
      if (message.type === "data") steps.push(structuredClone(message.data));
      if (message.type === "status" && message.stage === "complete") break;
    }
    const last = steps.at(-1) as [string, Json[]];
    assert.equal(last[0], "");
    // Gradio 6's wire form: each message's content is a list of parts.
    const texts = (messages: Json[]) =>
      messages.map((m) => (m.content as { text: string }[]).map((part) => part.text).join(""));
    assert.deepEqual(texts(last[1]), ["yo", "You said: yo"]);
    assert.deepEqual(texts((steps[0] as [string, Json[]])[1]), ["yo"]);
    const retry = depFor("retry");
    assert.deepEqual((retry.targets as unknown[][])[0], [chatbotId, "retry"]);
    const retried = (await client.predict(retry.id as number, [last[1]])) as { data: Json[][] };
    assert.deepEqual(texts(retried.data[0]!), ["yo", "You said: yo"]);
    const undone = (await client.predict(depFor("undo").id as number, [last[1]])) as { data: unknown[] };
    assert.deepEqual(undone.data, [[], "yo"]);
  });
});

describe("TabbedInterface and Blocks features", () => {
  let server: TestServer;
  let batches: unknown[][] = [];

  before(async () => {
    const upper = new gr.Interface({
      fn: function upper(s: string) {
        return s.toUpperCase();
      },
      inputs: "text",
      outputs: "text",
    });
    const chat = new gr.ChatInterface({
      fn: (m: string | gr.MultimodalValue) => `echo ${typeof m === "string" ? m : m.text}`,
    });
    const blocks = new gr.Blocks({}, () => {
      const a = new gr.Textbox({ label: "a" });
      const b = new gr.Textbox({ label: "b" });
      const slow = new gr.Button("slow").click({
        fn: async function slow() {
          return "x";
        },
        inputs: [],
        outputs: b,
      });
      new gr.Button("trim").click({
        // A batch fn takes lists, which the per-call argument types do not describe.
        fn: function trim(words: string[]) {
          batches.push(words);
          return [words.map((w) => w.trim())];
        } as never,
        inputs: a,
        outputs: b,
        batch: true,
        maxBatchSize: 8,
        cancels: slow,
        triggerMode: "always_last",
        showProgress: "hidden",
      });
      new gr.Button("tick").click({
        fn: function clock() {
          return "t";
        },
        inputs: [],
        outputs: b,
        every: 2,
      });
    });
    const demo = new gr.TabbedInterface([upper, chat, blocks], ["Upper", "Chat", "Tools"]);
    server = await startServer(demo);
  });
  after(() => closeAll(server));

  test("each app lives in its own tab and keeps its API names", async () => {
    const config = (await (await fetch(`${server.url}/config`)).json()) as {
      mode: string;
      components: Json[];
      dependencies: Json[];
      layout: Json;
    };
    assert.equal(config.mode, "tabbed_interface");
    const tabs = config.components.filter((c) => c.type === "tabitem").map((c) => (c.props as Json).label);
    assert.deepEqual(tabs, ["Upper", "Chat", "Tools"]);
    const client = await connect(server.url);
    assert.deepEqual(((await client.predict("/upper", ["abc"])) as { data: unknown[] }).data, ["ABC"]);
    assert.deepEqual(((await client.predict("/lambda_2", ["hi"])) as { data: unknown[] }).data, ["echo hi"]);
  });

  test("batch fns get lists; cancels, trigger_mode, show_progress and every reach the config", async () => {
    const config = (await (await fetch(`${server.url}/config`)).json()) as { components: Json[]; dependencies: Json[] };
    const trim = config.dependencies.find((d) => d.api_name === "trim")!;
    const slow = config.dependencies.find((d) => d.api_name === "slow")!;
    assert.deepEqual(
      [trim.batch, trim.max_batch_size, trim.cancels, trim.trigger_mode, trim.show_progress],
      [true, 8, [slow.id], "always_last", "hidden"],
    );
    const clock = config.dependencies.find((d) => d.api_name === "clock")!;
    const [timerId] = (clock.targets as [number, string][]).find(([, e]) => e === "tick")!;
    const timer = config.components.find((c) => c.id === timerId)!;
    assert.equal(timer.type, "timer");
    assert.equal((timer.props as Json).value, 2);
    batches = [];
    const client = await connect(server.url);
    assert.deepEqual(((await client.predict("/trim", ["  padded  "])) as { data: unknown[] }).data, ["padded"]);
    assert.deepEqual(batches, [["  padded  "]]);
  });
});

describe("Examples with cacheExamples", () => {
  let server: TestServer;
  let calls = 0;
  before(async () => {
    const demo = new gr.Blocks({}, () => {
      const input = new gr.Textbox({ label: "in" });
      const output = new gr.Textbox({ label: "out" });
      new gr.Examples({
        examples: ["a", "b"],
        inputs: input,
        outputs: output,
        cacheExamples: true,
        fn: (s: string) => (calls++, `${s}!`),
      });
      new gr.Examples({
        examples: ["lazy"],
        inputs: input,
        outputs: output,
        cacheExamples: "lazy",
        fn: (s: string) => (calls++, `${s}?`),
      });
    });
    server = await startServer(demo);
  });
  after(() => closeAll(server));

  test("eager examples ran at launch; clicking serves the cache; lazy ones run once on first click", async () => {
    assert.equal(calls, 2);
    const config = (await (await fetch(`${server.url}/config`)).json()) as { dependencies: Json[] };
    const [eager, lazy] = config.dependencies.filter((d) => String(d.api_name).startsWith("load_example"));
    const client = await connect(server.url);
    assert.deepEqual(((await client.predict(eager!.id as number, [1])) as { data: unknown[] }).data, ["b", "b!"]);
    assert.equal(calls, 2);
    assert.deepEqual(((await client.predict(lazy!.id as number, [0])) as { data: unknown[] }).data, ["lazy", "lazy?"]);
    await client.predict(lazy!.id as number, [0]);
    assert.equal(calls, 3);
  });
});
