// Components inside Chatbot messages (Gradio 6's ComponentMessage): the wire form, the file rules for
// what they show, refusals by name, the round trip back into a fn, and the answers of both official
// clients compared with Python Gradio 6's for the same app.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Client } from "@gradio/client";
import * as gr from "gradio-ts";
import { lastJsonLine, pythonWithGradio6, runPythonScript, startPythonGradioApp } from "./api-python.js";
import { postJson, readSse, startServer, type TestServer } from "./helpers/server.js";

const MEDIA = path.join(import.meta.dirname, "conformance", "media");
const SQUARE = path.join(MEDIA, "square.png");
const RISING = path.join(MEDIA, "rising.wav");

type Json = Record<string, unknown>;
type Part = { component: string; value: unknown; constructor_args: Json; props: Json; type: string };
type Message = { role: string; content: Part[] };

/** The reply for a kind of message: the same in both twins. */
function replyFor(kind: string): unknown {
  if (kind === "image") return new gr.Image({ value: SQUARE });
  if (kind === "audio") return new gr.Audio({ value: RISING, label: "test" });
  if (kind === "file") return new gr.File({ value: SQUARE });
  if (kind === "plain") return { component: "image", value: SQUARE };
  if (kind === "html") return new gr.HTML("<b>hi</b>");
  if (kind === "textbox") return new gr.Textbox({ value: "x" });
  if (kind === "outside") return new gr.Image({ value: "/etc/hostname" });
  return "Cool";
}

function tsApp(): gr.Blocks {
  return new gr.Blocks({}, () => {
    const chatbot = new gr.Chatbot({
      value: [{ role: "assistant", content: new gr.Image({ value: SQUARE, label: "first" }) }],
    });
    const kind = new gr.Textbox({ label: "kind" });
    // A sync fn runs in a worker thread: its components cross threads.
    kind.submit({
      fn: function bot(history: gr.ChatMessage[] | null, wanted: string) {
        return [...(history ?? []), { role: "assistant", content: replyFor(wanted) } as gr.ChatReturnMessage];
      },
      inputs: [chatbot, kind],
      outputs: chatbot,
    });
    // An async fn runs on the server's thread: its components stay instances.
    new gr.Button("async").click({
      fn: async function bot_async(wanted: string) {
        return [{ role: "assistant", content: replyFor(wanted) } as gr.ChatReturnMessage];
      },
      inputs: kind,
      outputs: chatbot,
    });
    // What the fn receives from a message holding a component.
    const seen = new gr.JSON();
    new gr.Button("echo").click({
      fn: function seen_by_fn(history: gr.ChatMessage[] | null) {
        return (history ?? []).map((message) => message.content);
      },
      inputs: chatbot,
      outputs: seen,
    });
  });
}

const PYTHON_APP = `
import gradio as gr, sys
SQUARE, RISING = sys.argv[2], sys.argv[3]
def reply(kind):
    if kind == "image":
        return gr.Image(SQUARE)
    if kind == "audio":
        return gr.Audio(RISING, label="test")
    if kind == "file":
        return gr.File(SQUARE)
    if kind == "html":
        return gr.HTML("<b>hi</b>")
    return "Cool"
with gr.Blocks() as demo:
    chatbot = gr.Chatbot()
    kind = gr.Textbox(label="kind")
    def bot(history, wanted):
        return (history or []) + [{"role": "assistant", "content": reply(wanted)}]
    kind.submit(bot, [chatbot, kind], chatbot)
demo.launch(server_name="127.0.0.1", server_port=int(sys.argv[1]), allowed_paths=[sys.argv[4]])
`;

/** Runs /bot through the queue with a raw SSE reader (what the page does); returns the completion. */
async function queueCall(base: string, fnIndex: number, data: unknown[]): Promise<Json> {
  const sessionHash = `cm${Math.random().toString(36).slice(2, 10)}`;
  const joined = await postJson(`${base}/gradio_api/queue/join`, {
    data,
    fn_index: fnIndex,
    session_hash: sessionHash,
    event_data: null,
    trigger_id: null,
  });
  assert.equal(joined.status, 200, JSON.stringify(joined.body));
  const messages = (await readSse(await fetch(`${base}/gradio_api/queue/data?session_hash=${sessionHash}`))) as Json[];
  return messages.find((message) => message.msg === "process_completed")!;
}

const lastPart = (history: unknown): Part => {
  const messages = history as Message[];
  return messages.at(-1)!.content.at(-1)!;
};

describe("components inside Chatbot messages", () => {
  let server: TestServer;
  let base: string;
  let client: Client;

  before(async () => {
    server = await startServer(tsApp(), { showError: true });
    base = server.url.replace(/\/$/, "");
    client = await Client.connect(server.url);
  });
  after(async () => server?.close());

  test("a component in the Chatbot's value is shown in the message, not in the page", async () => {
    const config = (await (await fetch(`${base}/config`)).json()) as { components: Json[] };
    assert.deepEqual(
      config.components.map((component) => component.type).filter((type) => type === "image"),
      [],
      "the Image lives in the message only",
    );
    const chatbot = config.components.find((component) => component.type === "chatbot")!;
    const part = lastPart((chatbot.props as Json).value);
    assert.equal(part.type, "component");
    assert.equal(part.component, "image");
    assert.deepEqual(part.constructor_args, { label: "first", render: false });
    const file = part.value as Json;
    assert.equal(file.orig_name, "square.png");
    assert.equal((file.meta as Json)._type, "gradio.FileData");
    assert.deepEqual(part.props.value, part.value);
    assert.equal(part.props.label, "first");
    assert.equal(part.props.name, "image");
    const served = await fetch(String(file.url));
    assert.equal(served.status, 200, "the image is served from the cache");
  });

  for (const endpoint of ["/bot", "/bot_async"]) {
    const where = endpoint === "/bot" ? "a sync fn (worker thread)" : "an async fn (server thread)";
    test(`${where}: an image and an audio reply in Gradio's wire form`, async () => {
      const args = (kind: string) => (endpoint === "/bot" ? [[], kind] : [kind]);
      const image = lastPart(((await client.predict(endpoint, args("image"))).data as unknown[])[0]);
      assert.equal(image.component, "image");
      assert.deepEqual(image.constructor_args, { render: false });
      assert.equal((image.value as Json).orig_name, "square.png");

      const audio = lastPart(((await client.predict(endpoint, args("audio"))).data as unknown[])[0]);
      assert.equal(audio.component, "audio");
      assert.deepEqual(audio.constructor_args, { label: "test", render: false });
      assert.equal((audio.value as Json).orig_name, "rising.wav");
      assert.equal(audio.props.label, "test");
      assert.equal((await fetch(String((audio.value as Json).url))).status, 200);
    });
  }

  test("a plain { component, value } works like the instance; a File's value is a list, as in Gradio", async () => {
    const plain = lastPart(((await client.predict("/bot", [[], "plain"])).data as unknown[])[0]);
    assert.equal(plain.component, "image");
    assert.equal((plain.value as Json).orig_name, "square.png");
    const file = lastPart(((await client.predict("/bot", [[], "file"])).data as unknown[])[0]);
    assert.equal(file.component, "file");
    assert.ok(Array.isArray(file.value));
    assert.equal(((file.value as Json[])[0] as Json).orig_name, "square.png");
  });

  test("a component a message cannot show is refused by name", async () => {
    const completed = await queueCall(base, 0, [[], "textbox"]);
    assert.equal(completed.success, false);
    const error = String((completed.output as Json).error);
    assert.match(error, /a textbox cannot be shown inside a chat message/);
    assert.match(error, /image, audio, video, file/);
    assert.throws(
      () =>
        new gr.Blocks({}, () => {
          new gr.Chatbot({ value: [{ role: "user", content: new gr.Textbox({ value: "x" }) as never }] });
        }),
      /Chatbot value: a textbox cannot be shown inside a chat message/,
    );
    // The server still serves.
    assert.equal(lastPart(((await client.predict("/bot", [[], "image"])).data as unknown[])[0]).component, "image");
  });

  test("a file a fn's component names passes the file rules, and the host path is not shown", async () => {
    const completed = await queueCall(base, 0, [[], "outside"]);
    assert.equal(completed.success, false);
    const error = String((completed.output as Json).error ?? "");
    assert.doesNotMatch(error, /\/etc\/hostname/);
  });

  test("a message holding a component comes back to the fn as { component, value }", async () => {
    const history = ((await client.predict("/bot", [[], "image"])).data as unknown[])[0];
    const seen = ((await client.predict("/seen_by_fn", [history])).data as unknown[])[0] as Json[];
    const image = seen.at(-1)!;
    assert.equal(image.component, "image");
    assert.equal(path.basename(String(image.value)), "square.png");
    assert.ok(path.isAbsolute(String(image.value)), "the fn gets a path, as for an Image input");
  });

  test("a component message sent by a caller is checked: its type by name, its files by the file rules", async () => {
    const image = (value: unknown, component = "image") => [
      [{ role: "assistant", content: [{ component, value, constructor_args: {}, props: {}, type: "component" }] }],
    ];
    const outside = await postJson(`${base}/gradio_api/run/seen_by_fn`, {
      data: image({ path: "/etc/hostname", meta: { _type: "gradio.FileData" } }),
    });
    assert.equal(outside.status, 422, JSON.stringify(outside.body));
    assert.match(JSON.stringify(outside.body), /not uploaded/);
    const button = await postJson(`${base}/gradio_api/run/seen_by_fn`, { data: image("x", "button") });
    assert.equal(button.status, 422);
    assert.match(JSON.stringify(button.body), /a button cannot be shown inside a chat message/);
  });

  test("both official clients get what they get from Python Gradio 6", { timeout: 240_000 }, async (t) => {
    const python = await pythonWithGradio6();
    if (!python) return t.skip("*** Python Gradio 6 is unavailable (no PyPI?): the differential test did not run ***");
    const twin = await startPythonGradioApp(python, PYTHON_APP, { args: [SQUARE, RISING, MEDIA] });
    try {
      // What a caller can compare across servers: the shape of the message, the constructor args,
      // the file by name, and the props both servers fill from the same options.
      const comparable = (history: unknown) => {
        const part = lastPart(history);
        const nameOf = (value: unknown): unknown =>
          Array.isArray(value)
            ? value.map(nameOf)
            : typeof value === "string"
              ? path.basename(value)
              : value && typeof value === "object" && "path" in value
                ? path.basename(String((value as Json).orig_name ?? (value as Json).path))
                : value;
        return {
          keys: Object.keys(part),
          component: part.component,
          type: part.type,
          value: nameOf(part.value),
          constructor_args: part.constructor_args,
          props: { value: nameOf(part.props.value), label: part.props.label ?? null, name: part.props.name },
        };
      };
      for (const kind of ["image", "audio", "file", "html"]) {
        const script = `
import json, sys
from gradio_client import Client
client = Client(sys.argv[1], verbose=False)
print(json.dumps(client.predict([], sys.argv[2], api_name="/bot")))
`;
        const [theirs, mine] = await Promise.all(
          [twin.url, base].map(async (url): Promise<unknown> =>
            lastJsonLine((await runPythonScript(python, script, [`${url}/`, kind], 120_000)).stdout),
          ),
        );
        assert.deepEqual(comparable(mine), comparable(theirs), `gradio_client, ${kind}`);
        const [theirJs, myJs] = await Promise.all(
          [twin.url, base].map(async (url) => {
            const js = await Client.connect(`${url}/`);
            return ((await js.predict("/bot", [[], kind])).data as unknown[])[0];
          }),
        );
        assert.deepEqual(comparable(myJs), comparable(theirJs), `@gradio/client, ${kind}`);
      }
    } finally {
      twin.close();
    }
  });
});
