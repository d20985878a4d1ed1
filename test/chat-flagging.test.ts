// ChatInterface flagging, as Gradio's: with flaggingMode "manual" the Chatbot's feedback buttons add the
// conversation, the message's index and the choice to <flaggingDir>/log.csv (through the real server and
// queue, as the page sends a like event); a choice the chat does not offer is refused and not written.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { postJson, readSse, startServer, type TestServer } from "./helpers/server.js";

interface Config {
  components: { id: number; type: string; props: Record<string, unknown> }[];
  dependencies: { id: number; targets: [number, string][]; api_name?: string | null }[];
}

async function likeEvent(url: string) {
  const config = (await (await fetch(`${url}/config`)).json()) as Config;
  const chatbot = config.components.find((c) => c.type === "chatbot")!;
  const like = config.dependencies.find((d) => d.targets.some(([id, event]) => id === chatbot.id && event === "like"));
  return { chatbot, like };
}

/** Sends a like event as the page does; true when it completed successfully. */
async function sendLike(url: string, fnIndex: number, conversation: unknown, eventData: unknown, session: string) {
  await postJson(`${url}/gradio_api/queue/join`, {
    data: [conversation],
    fn_index: fnIndex,
    session_hash: session,
    event_data: eventData,
  });
  const messages = (await readSse(await fetch(`${url}/gradio_api/queue/data?session_hash=${session}`))) as {
    msg: string;
    success?: boolean;
  }[];
  return messages.find((m) => m.msg === "process_completed")?.success === true;
}

const conversation = [
  { role: "user", content: "one" },
  { role: "assistant", content: "echo one" },
];

describe("ChatInterface flagging", () => {
  let dir = "";
  let server: TestServer;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-chat-flags-"));
    server = await startServer(
      new gr.ChatInterface({
        fn: (message: unknown) => `echo ${String(message)}`,
        flaggingMode: "manual",
        flaggingOptions: ["Like", "Dislike", "Wrong"],
        flaggingDir: dir,
      }),
    );
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("a like, a dislike and another choice each add the conversation and the message's index to log.csv", async () => {
    const { chatbot, like } = await likeEvent(server.url);
    assert.deepEqual(chatbot.props.feedback_options, ["Like", "Dislike", "Wrong"]);
    assert.ok(like, "a like event on the chatbot");
    assert.equal(
      await sendLike(server.url, like.id, conversation, { index: 1, value: "echo one", liked: true }, "f1"),
      true,
    );
    assert.equal(
      await sendLike(server.url, like.id, conversation, { index: 1, value: "echo one", liked: false }, "f2"),
      true,
    );
    assert.equal(
      await sendLike(server.url, like.id, conversation, { index: 1, value: "echo one", liked: "Wrong" }, "f3"),
      true,
    );
    const rows = await gr.readFlags(dir, undefined, { fileName: "log.csv" });
    assert.deepEqual(rows[0], ["Chatbot", "index", "flag", "username", "timestamp"]);
    assert.deepEqual(
      rows.slice(1).map((row) => [row[1], row[2]]),
      [
        ["1", "Like"],
        ["1", "Dislike"],
        ["1", "Wrong"],
      ],
    );
    const saved = JSON.parse(rows[1]![0]!) as { role: string; content: unknown }[];
    assert.deepEqual(
      saved.map((m) => m.role),
      ["user", "assistant"],
    );
  });

  test("a choice the chat does not offer is refused and nothing is written", async () => {
    const { like } = await likeEvent(server.url);
    const before = await readFile(path.join(dir, "log.csv"), "utf8").catch(() => "");
    assert.equal(
      await sendLike(server.url, like!.id, conversation, { index: 1, value: "x", liked: "Spam" }, "f4"),
      false,
    );
    assert.equal(await readFile(path.join(dir, "log.csv"), "utf8").catch(() => ""), before);
  });

  test("off by default (no like event to flag with); GRADIO_CHAT_FLAGGING_MODE turns it on; a bad mode is refused", async () => {
    const plain = await startServer(new gr.ChatInterface({ fn: (m: unknown) => String(m) }));
    try {
      assert.equal((await likeEvent(plain.url)).like, undefined);
    } finally {
      await plain.close();
    }
    const previous = process.env.GRADIO_CHAT_FLAGGING_MODE;
    process.env.GRADIO_CHAT_FLAGGING_MODE = "manual";
    try {
      const chat = new gr.ChatInterface({ fn: (m: unknown) => String(m), flaggingDir: dir });
      assert.ok(chat.dependencies.some((d) => d.targets.some(([, event]) => event === "like")));
      process.env.GRADIO_CHAT_FLAGGING_MODE = "auto";
      assert.throws(() => new gr.ChatInterface({ fn: (m: unknown) => String(m) }), /GRADIO_CHAT_FLAGGING_MODE "auto"/);
    } finally {
      if (previous === undefined) delete process.env.GRADIO_CHAT_FLAGGING_MODE;
      else process.env.GRADIO_CHAT_FLAGGING_MODE = previous;
    }
    assert.throws(
      () => new gr.ChatInterface({ fn: (m: unknown) => String(m), flaggingMode: "manual", flaggingOptions: [] }),
      /flaggingOptions must be a non-empty list/,
    );
  });
});
