// gr.load: a running Gradio app (Python Gradio 6, and one of ours) served as part of this app. Callers
// here use the official @gradio/client; the loaded app's events call the remote through our client.
import assert from "node:assert/strict";
import { writeFile, mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Client, handle_file } from "@gradio/client";
import * as gr from "gradio-ts";
import { pythonWithGradio6, startPythonGradioApp, type PythonGradioApp } from "./api-python.js";
import { startServer, type TestServer } from "./helpers/server.js";
import { TokenStore } from "../src/security/tokens.js";

const PYTHON_APP = `
import gradio as gr, sys, time
def shout(text):
    if text == "boom":
        raise gr.Error("Boom from Python")
    return text.upper()
def count(n):
    for i in range(int(n)):
        time.sleep(0.05)
        yield str(i + 1)
def flip(image):
    return image
with gr.Blocks(title="Remote") as demo:
    with gr.Row():
        inp = gr.Textbox(label="Words")
        out = gr.Textbox(label="Loud")
    gr.Button("Shout").click(shout, inp, out, api_name="shout")
    n = gr.Number(label="n", value=3)
    counted = gr.Textbox(label="Counted")
    gr.Button("Count").click(count, n, counted, api_name="count")
    img = gr.Image(label="In", type="filepath")
    img_out = gr.Image(label="Out")
    gr.Button("Flip").click(flip, img, img_out, api_name="flip")
demo.launch(server_name="127.0.0.1", server_port=int(sys.argv[1]))
`;

// A 1×1 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC",
  "base64",
);

describe("gr.load of a Python Gradio 6 app", () => {
  let remote: PythonGradioApp | null = null;
  let ours: TestServer | null = null;
  let client: Client;
  let pngPath = "";

  before(async () => {
    const python = await pythonWithGradio6();
    if (!python) return;
    remote = await startPythonGradioApp(python, PYTHON_APP);
    ours = await startServer(await gr.load(remote.url));
    client = await Client.connect(ours.url);
    pngPath = path.join(await mkdtemp(path.join(os.tmpdir(), "load-test-")), "dot.png");
    await writeFile(pngPath, PNG);
  });
  after(async () => {
    await ours?.close();
    remote?.close();
  });

  test("mirrors the remote's components, title and endpoints", async (t) => {
    if (!ours) return t.skip("*** Python Gradio 6 virtualenv unavailable: gr.load not checked ***");
    const config = (await (await fetch(`${ours.url}/config`)).json()) as {
      title: string;
      components: { type: string; props: Record<string, unknown> }[];
    };
    assert.equal(config.title, "Remote");
    const labels = config.components.filter((c) => c.type === "textbox").map((c) => c.props.label);
    assert.deepEqual(labels, ["Words", "Loud", "Counted"]);
    assert.ok(config.components.some((c) => c.type === "row"));
    const info = (await (await fetch(`${ours.url}/gradio_api/info`)).json()) as {
      named_endpoints: Record<string, unknown>;
    };
    for (const name of ["/shout", "/count", "/flip"]) assert.ok(info.named_endpoints[name], name);
  });

  test("a call here runs the remote's fn", async (t) => {
    if (!ours) return t.skip("*** Python Gradio 6 virtualenv unavailable: gr.load not checked ***");
    const result = await client.predict("/shout", ["hello"]);
    assert.deepEqual(result.data, ["HELLO"]);
  });

  test("the remote's gr.Error reaches the caller with its message", async (t) => {
    if (!ours) return t.skip("*** Python Gradio 6 virtualenv unavailable: gr.load not checked ***");
    await assert.rejects(client.predict("/shout", ["boom"]), (error: unknown) => {
      assert.match(String((error as { message?: string }).message), /Boom from Python/);
      return true;
    });
  });

  test("a remote generator streams through", async (t) => {
    if (!ours) return t.skip("*** Python Gradio 6 virtualenv unavailable: gr.load not checked ***");
    const stream = async (caller: Client) => {
      const seen: unknown[] = [];
      for await (const message of caller.submit("/count", [3])) if (message.type === "data") seen.push(message.data[0]);
      return seen;
    };
    const direct = await stream(await Client.connect(remote!.url));
    assert.deepEqual([...new Set(direct)], ["1", "2", "3"]);
    assert.deepEqual(await stream(client), direct, "the same messages as the remote's own");
  });

  test("files go up to the remote and come back through our cache", async (t) => {
    if (!ours) return t.skip("*** Python Gradio 6 virtualenv unavailable: gr.load not checked ***");
    const result = await client.predict("/flip", [handle_file(new Blob([PNG], { type: "image/png" }))]);
    const file = result.data[0] as { url: string; path: string };
    assert.ok(file.url.startsWith(ours.url), `served by us: ${file.url}`);
    assert.ok(!file.url.startsWith(remote!.url));
    const bytes = Buffer.from(await (await fetch(file.url)).arrayBuffer());
    assert.ok(bytes.subarray(0, 4).equals(PNG.subarray(0, 4)), "a PNG");
  });
});

describe("gr.load of a gradio-ts app", () => {
  let remote: TestServer;
  let ours: TestServer;

  before(async () => {
    const app = new gr.Blocks({ title: "Ours" }, () => {
      const name = new gr.Textbox({ label: "Name" });
      const greeting = new gr.Textbox({ label: "Greeting" });
      const count = new gr.State(0);
      const calls = new gr.Number({ label: "Calls" });
      new gr.Button({ value: "Greet" }).click({
        fn: (n: string, c: number) => [`Hello ${n}`, c + 1, c + 1],
        inputs: [name, count],
        outputs: [greeting, count, calls],
        apiName: "greet",
      });
      const picture = new gr.Image({ label: "Elsewhere" });
      new gr.Button({ value: "Point" }).click({
        fn: () => "http://files.example.invalid/secret.png",
        outputs: picture,
        apiName: "point",
      });
    });
    remote = await startServer(app);
    ours = await startServer(await gr.load(`${remote.url}/`));
  });
  after(async () => {
    await ours.close();
    await remote.close();
  });

  test("calls pass through, and each session keeps its own remote State", async () => {
    const first = await Client.connect(ours.url);
    const second = await Client.connect(ours.url);
    assert.deepEqual((await first.predict("/greet", ["Ada"])).data, ["Hello Ada", 1]);
    assert.deepEqual((await first.predict("/greet", ["Ada"])).data, ["Hello Ada", 2]);
    assert.deepEqual((await second.predict("/greet", ["Bo"])).data, ["Hello Bo", 1]);
  });

  test("a file the remote names on another address is not fetched", async () => {
    const caller = await Client.connect(ours.url);
    await assert.rejects(caller.predict("/point", []), (error: unknown) => {
      // A gradio-ts remote refuses to hand out a URL it cannot fetch through its own guarded fetcher;
      // a remote that did would be stopped here by gr.load, which fetches only from the remote's address.
      assert.match(
        String((error as { message?: string }).message),
        /not on its own address|only files at public http\(s\) addresses/,
      );
      return true;
    });
  });
});

describe("gr.load refuses what it cannot load", () => {
  for (const [source, message] of [
    ["spaces/gradio/hello_world", /Hugging Face Spaces and models are not reachable/],
    ["models/gpt2", /Hugging Face Spaces and models are not reachable/],
    ["gradio/hello_world", /Hugging Face Spaces and models are not reachable/],
    ["file:///etc/passwd", /only http\(s\) URLs can be loaded/],
    ["ftp://127.0.0.1/app", /only http\(s\) URLs can be loaded/],
    ["", /needs the URL of a running Gradio app/],
  ] as const) {
    test(`refuses ${JSON.stringify(source)} by name`, async () => {
      await assert.rejects(gr.load(source), message);
    });
  }

  test("says so when nothing answers at the URL", async () => {
    const closed = await startServer(new gr.Blocks({}, () => new gr.Textbox()));
    const url = closed.url;
    await closed.close();
    await assert.rejects(gr.load(url, {}), /could not load the app/);
  });
});

describe("gr.load options", () => {
  let remote: TestServer;
  let guarded: TestServer;
  let picture: string;
  let token: string;

  before(async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-load-options-"));
    picture = path.join(folder, "big.png");
    await writeFile(picture, Buffer.concat([PNG, Buffer.alloc(4096)]));
    const app = new gr.Blocks({}, () => {
      const team = new gr.Textbox({ label: "Team" });
      new gr.Button({ value: "Who" }).click({
        fn: (context: gr.EventContext) => context.request.headers["x-team"] ?? "nobody",
        inputs: [],
        outputs: team,
        apiName: "who",
      });
      const count = new gr.State(0);
      const calls = new gr.Number({ label: "Calls" });
      new gr.Button({ value: "Count" }).click({
        fn: (c: number) => [c + 1, c + 1],
        inputs: [count],
        outputs: [count, calls],
        apiName: "count",
      });
      const image = new gr.Image({ label: "Big" });
      new gr.Button({ value: "Big" }).click({ fn: () => picture, outputs: image, apiName: "big" });
    });
    remote = await startServer(app, { allowedPaths: [folder] });
    const store = path.join(folder, "tokens.json");
    token = new TokenStore(store).create({ name: "loader" }).token;
    guarded = await startServer(
      new gr.Blocks({}, () => {
        const out = new gr.Textbox({ label: "Out" });
        new gr.Button({ value: "Ping" }).click({ fn: () => "pong", outputs: out, apiName: "ping" });
      }),
      { auth: [["alice", "pw"]], tokenStore: store },
    );
  });
  after(async () => {
    await remote.close();
    await guarded.close();
  });

  test("headers go with every request to the remote", async (t) => {
    const ours = await startServer(await gr.load(`${remote.url}/`, { headers: { "x-team": "blue" } }));
    t.after(() => ours.close());
    const caller = await Client.connect(ours.url);
    assert.deepEqual((await caller.predict("/who", [])).data, ["blue"]);
  });

  test("token: a remote that requires sign-in loads with it and not without", async (t) => {
    await assert.rejects(gr.load(`${guarded.url}/`), /could not load the app/);
    const ours = await startServer(await gr.load(`${guarded.url}/`, { token }));
    t.after(() => ours.close());
    const caller = await Client.connect(ours.url);
    assert.deepEqual((await caller.predict("/ping", [])).data, ["pong"]);
  });

  test("maxSessions: the oldest session's remote State is dropped past the limit", async (t) => {
    const ours = await startServer(await gr.load(`${remote.url}/`, { maxSessions: 1 }));
    t.after(() => ours.close());
    const first = await Client.connect(ours.url);
    const second = await Client.connect(ours.url);
    assert.deepEqual((await first.predict("/count", [])).data, [1]);
    assert.deepEqual((await first.predict("/count", [])).data, [2]);
    assert.deepEqual((await second.predict("/count", [])).data, [1]);
    // The first session's remote session was dropped for the second: its count starts again.
    assert.deepEqual((await first.predict("/count", [])).data, [1]);
  });

  test("maxFileBytes: a remote file over the limit is refused with a message", async (t) => {
    const ours = await startServer(await gr.load(`${remote.url}/`, { maxFileBytes: 1024 }));
    t.after(() => ours.close());
    const caller = await Client.connect(ours.url);
    await assert.rejects(caller.predict("/big", []), (error: unknown) => {
      assert.match(String((error as { message?: string }).message), /larger than 1024 bytes/);
      return true;
    });
  });
});
