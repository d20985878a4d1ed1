// ChatInterface `saveHistory`: the conversations live in a BrowserState (the browser's localStorage), listed in a
// Dataset beside the chat; the events that save, list and open them run through the real server, and a
// conversation the browser sends back is checked like any chat value (a forged file path is refused).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { postJson, startServer, type TestServer } from "./helpers/server.js";

type Json = Record<string, unknown>;
interface Config {
  components: { id: number; type: string; props: Json }[];
  dependencies: { id: number; api_name: string | null; api_visibility: string }[];
}

describe("ChatInterface saveHistory", () => {
  let server: TestServer;
  let config: Config;
  const depId = (name: string) => config.dependencies.find((d) => d.api_name === name)!.id;
  const predict = (name: string, data: unknown[], session: string) =>
    postJson(`${server.url}/gradio_api/run/predict`, { data, fn_index: depId(name), session_hash: session });

  before(async () => {
    server = await startServer(
      new gr.ChatInterface({
        fn: function reply(message: unknown) {
          return `echo ${String(message)}`;
        },
        saveHistory: true,
      }),
    );
    config = (await (await fetch(`${server.url}/config`)).json()) as Config;
  });
  after(() => server.close());

  const first = [
    { role: "user", content: [{ type: "text", text: "hello there" }] },
    { role: "assistant", content: [{ type: "text", text: "echo hello there" }] },
  ];

  test("a BrowserState keeps the chats; New chat and the Chats list are beside the chat", async () => {
    const state = config.components.find((c) => c.type === "browserstate")!;
    assert.equal(state.props.storage_key, "_saved_conversations_0");
    assert.ok(config.components.some((c) => c.type === "button" && c.props.value === "New chat"));
    assert.ok(config.components.some((c) => c.type === "dataset" && c.props.label === "Chats"));
    // The API lists only the chat endpoint.
    const info = (await (await fetch(`${server.url}/gradio_api/info`)).json()) as { named_endpoints: Json };
    assert.deepEqual(Object.keys(info.named_endpoints), ["/reply"]);
  });

  test("a finished turn is saved first, then in its place; the list shows titles", async () => {
    const saved = await predict("_save_conversation", [null, first, []], "s1");
    // The conversation id is a State: kept by the server, never sent.
    const conversations = (saved.body as { data: [null, Json[][]] }).data[1];
    assert.equal(conversations.length, 1);
    const again = await predict("_save_conversation", [0, [...first, ...first], conversations], "s1");
    assert.equal((again.body as { data: [number, Json[][]] }).data[1][0]!.length, 4);
    const listed = await predict("_load_chat_history", [conversations], "s1");
    assert.deepEqual((listed.body as { data: Json[] }).data[0], { samples: [["hello there"]], __type__: "update" });
    const opened = await predict("_load_conversation", [0, conversations], "s1");
    assert.equal(opened.status, 200);
    const shown = (opened.body as { data: [unknown, { content: { text: string }[] }[]] }).data[1];
    assert.deepEqual(
      shown.map((m) => m.content[0]!.text),
      ["hello there", "echo hello there"],
    );
  });

  test("a conversation that is not saved, or names a file outside the app, is refused", async () => {
    await predict("_load_chat_history", [[first, first]], "s2");
    const missing = await predict("_load_conversation", [1, [first]], "s2");
    assert.match(JSON.stringify(missing.body), /This conversation is no longer saved\./);
    const forged = [[{ role: "user", content: { path: "/etc/passwd" } }]];
    const refused = await predict("_load_conversation", [0, forged], "s2");
    // Refused like any fn output naming such a file: a server error, with nothing of the file or its path.
    assert.equal(refused.status, 500);
    assert.doesNotMatch(JSON.stringify(refused.body), /root:|\/etc\/passwd/);
  });
});
