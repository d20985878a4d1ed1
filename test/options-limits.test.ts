// Input limits a developer sets on a component: a caller who sends more is refused with a message naming
// the input and the limit, the server keeps serving, and a value within the limit is accepted.
// Proven here: GalleryOptions.maxItems, DataframeOptions.maxBytes (a table sent as a CSV file),
// ChatbotOptions.maxMessages, MultimodalTextboxOptions.maxLength and MultimodalTextboxOptions.maxFiles.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { readSse, startServer, type TestServer } from "./helpers/server.js";

interface Outcome {
  ok: boolean;
  status: number;
  text: string;
}

describe("component input limits", () => {
  let server: TestServer;
  const fnIndex: Record<string, number> = {};

  before(async () => {
    const demo = new gr.Blocks({}, () => {
      const out = new gr.Textbox();
      const count = (value: unknown, _context?: unknown) =>
        Array.isArray(value) ? String(value.length) : JSON.stringify(value).length.toString();
      const listen = (name: string, input: gr.Gallery | gr.Dataframe | gr.Chatbot | gr.MultimodalTextbox) => {
        fnIndex[name] = input.change({ fn: count, inputs: input, outputs: out, apiName: name }).dependency.id;
      };
      listen("gallery", new gr.Gallery({ label: "Photos", maxItems: 2 }));
      listen("table", new gr.Dataframe({ label: "Table", maxBytes: 40 }));
      listen("chat", new gr.Chatbot({ label: "Chat", maxMessages: 2 }));
      listen("box", new gr.MultimodalTextbox({ label: "Box", maxLength: 10, maxFiles: 1 }));
    });
    server = await startServer(demo);
  });
  after(async () => server.close());

  async function upload(content: string, name: string) {
    const form = new FormData();
    form.append("files", new Blob([content]), name);
    const response = await fetch(`${server.url}/gradio_api/upload`, { method: "POST", body: form });
    assert.equal(response.status, 200, await response.clone().text());
    const [path] = (await response.json()) as [string];
    return { path, orig_name: name, meta: { _type: "gradio.FileData" } };
  }

  let sessions = 0;
  /** One call through the queue; a refusal comes back at join (422) or as the event's failed outcome. */
  async function call(name: string, value: unknown): Promise<Outcome> {
    const session = `limits-${++sessions}`;
    const body = JSON.stringify({ data: [value], fn_index: fnIndex[name], session_hash: session });
    const join = await fetch(`${server.url}/gradio_api/queue/join`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    if (join.status !== 200) return { ok: false, status: join.status, text: await join.text() };
    const messages = (await readSse(await fetch(`${server.url}/gradio_api/queue/data?session_hash=${session}`))) as {
      msg: string;
      success?: boolean;
      output?: unknown;
    }[];
    const done = messages.find((m) => m.msg === "process_completed");
    assert.ok(done, JSON.stringify(messages));
    return { ok: done.success === true, status: 200, text: JSON.stringify(done.output) };
  }

  /** `at`: where the refusal comes: at join (422), or, for what is read from a file, as the event's failure. */
  async function assertRefused(name: string, value: unknown, message: RegExp, at: "join" | "event" = "join") {
    const outcome = await call(name, value);
    assert.equal(outcome.ok, false, outcome.text);
    assert.equal(outcome.status, at === "join" ? 422 : 200, outcome.text);
    assert.match(outcome.text, message);
    assert.doesNotMatch(outcome.text, /\/tmp\/|gradio-ts-test-cache/, "no host path in the answer");
  }

  test("Gallery maxItems", async () => {
    const photo = { image: await upload("not really a picture", "a.txt"), caption: null };
    await assertRefused(
      "gallery",
      [photo, photo, photo],
      /Photos: a list of gallery items has 3 items; the limit is 2/,
    );
    assert.equal((await call("gallery", [])).ok, true);
  });

  test("Dataframe maxBytes, for a table sent as a CSV file", async () => {
    const big = await upload(`a,b\n${"1,2\n".repeat(20)}`, "big.csv");
    await assertRefused("table", big, /Table: the table file is larger than 40 bytes/, "event");
    assert.equal((await call("table", await upload("a,b\n1,2\n", "small.csv"))).ok, true);
  });

  test("Chatbot maxMessages", async () => {
    const message = { role: "user", content: "hi" };
    await assertRefused(
      "chat",
      [message, message, message],
      /Chat: a list of chat messages has 3 items; the limit is 2/,
    );
    assert.equal((await call("chat", [message, message])).ok, true);
  });

  test("MultimodalTextbox maxLength and maxFiles", async () => {
    await assertRefused("box", { text: "x".repeat(11), files: [] }, /Box: text is 11 characters long; the limit is 10/);
    const file = await upload("hello", "note.txt");
    await assertRefused(
      "box",
      { text: "hi", files: [file, file] },
      /Box: the attached files has 2 items; the limit is 1/,
    );
    assert.equal((await call("box", { text: "x".repeat(10), files: [file] })).ok, true);
  });
});
