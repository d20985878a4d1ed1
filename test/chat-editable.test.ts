// ChatInterface `editable`: the Chatbot lets the user edit their messages, and an edit reruns the conversation
// from the edited message (through the real server and queue, as the page sends it); bad edits are refused.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { postJson, readSse, startServer, type TestServer } from "./helpers/server.js";

type Json = Record<string, unknown>;
interface Config {
  components: { id: number; type: string; props: Json }[];
  dependencies: { id: number; targets: [number, string][] }[];
}

const texts = (messages: Json[]) =>
  messages.map((m) => (m.content as { text: string }[]).map((part) => part.text).join(""));

/** Runs one event as the page does (with event data); its last output, or the error message. */
async function runEvent(url: string, fnIndex: number, data: unknown[], eventData: unknown, session: string) {
  await postJson(`${url}/gradio_api/queue/join`, {
    data,
    fn_index: fnIndex,
    session_hash: session,
    event_data: eventData,
  });
  const messages = (await readSse(await fetch(`${url}/gradio_api/queue/data?session_hash=${session}`))) as {
    msg: string;
    success?: boolean;
    output?: { data?: unknown[]; error?: string };
  }[];
  const done = messages.find((m) => m.msg === "process_completed")!;
  return done.success ? { data: done.output!.data! } : { error: done.output!.error };
}

describe("ChatInterface editable", () => {
  let server: TestServer;
  let plain: TestServer;
  const histories: unknown[] = [];

  before(async () => {
    const fn = async function* (message: unknown, history: unknown[]) {
      histories.push(history);
      yield `echo ${String(message)}`;
    };
    server = await startServer(new gr.ChatInterface({ fn, editable: true }));
    plain = await startServer(new gr.ChatInterface({ fn }));
  });
  after(async () => {
    await server.close();
    await plain.close();
  });

  const chatParts = async (url: string) => {
    const config = (await (await fetch(`${url}/config`)).json()) as Config;
    const chatbot = config.components.find((c) => c.type === "chatbot")!;
    const edit = config.dependencies.find((d) =>
      d.targets.some(([id, event]) => id === chatbot.id && event === "edit"),
    );
    return { chatbot, edit };
  };
  const conversation = [
    { role: "user", content: "one" },
    { role: "assistant", content: "echo one" },
    { role: "user", content: "two" },
    { role: "assistant", content: "echo two" },
  ];

  test("the Chatbot is editable by the user, and an edit event reruns from the edited message", async () => {
    const { chatbot, edit } = await chatParts(server.url);
    assert.equal(chatbot.props.editable, "user");
    assert.ok(edit, "an edit event on the chatbot");
    histories.length = 0;
    const result = await runEvent(server.url, edit.id, [conversation], { index: 0, value: "uno" }, "ed1");
    assert.deepEqual(texts((result.data as Json[][])[0]!), ["uno", "echo uno"]);
    assert.deepEqual(histories, [[]], "the fn sees the conversation before the edited message");
    const later = await runEvent(server.url, edit.id, [conversation], { index: 2, value: "dos" }, "ed2");
    assert.deepEqual(texts((later.data as Json[][])[0]!), ["one", "echo one", "dos", "echo dos"]);
  });

  test("an edit of a message that is not there, or not the user's, is refused with a readable error", async () => {
    const { edit } = await chatParts(server.url);
    const outside = await runEvent(server.url, edit!.id, [conversation], { index: 9, value: "x" }, "ed3");
    assert.equal(outside.error, "The edited message is not in this conversation.");
    const notNumber = await runEvent(server.url, edit!.id, [conversation], { index: "0", value: "x" }, "ed4");
    assert.equal(notNumber.error, "The edited message is not in this conversation.");
    const assistant = await runEvent(server.url, edit!.id, [conversation], { index: 1, value: "x" }, "ed5");
    assert.equal(assistant.error, "Only your own messages can be edited.");
  });

  test("without editable, the Chatbot is not editable and has no edit event", async () => {
    const { chatbot, edit } = await chatParts(plain.url);
    assert.equal(chatbot.props.editable ?? null, null);
    assert.equal(edit, undefined);
  });
});
