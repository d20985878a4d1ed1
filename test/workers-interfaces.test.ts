// gr.Interface and gr.ChatInterface make their events for the user: their `runIn` option says where the
// fn runs, and by default a sync fn runs in a worker thread as a plain event's would.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import { threadId } from "node:worker_threads";
import * as gr from "gradio-ts";
import { demo as chat } from "./fixtures/workers/chat.js";
import { demo as iface } from "./fixtures/workers/interface.js";
import { startServer } from "./helpers/server.js";
import { callRest, WORKER_FIXTURES } from "./helpers/workers.js";

describe("Interface and ChatInterface with worker threads", () => {
  test("an Interface's sync fn runs in a worker; runIn: main keeps it on the server's thread", async () => {
    const server = await startServer(iface, { workers: 1, appModule: path.join(WORKER_FIXTURES, "interface.ts") });
    try {
      const { data } = await callRest(server.url, "where", ["x"]);
      assert.notEqual(Number((data as [string])[0]), 0);
    } finally {
      await server.close();
    }
    const onMain = new gr.Interface({
      fn: function where(_text: string) {
        return String(threadId);
      },
      inputs: "text",
      outputs: "text",
      flaggingMode: "never",
      runIn: "main",
    });
    const mainServer = await startServer(onMain, { workers: 1, appModule: path.join(WORKER_FIXTURES, "interface.ts") });
    try {
      assert.deepEqual((await callRest(mainServer.url, "where", ["x"])).data, ["0"]);
    } finally {
      await mainServer.close();
    }
  });

  test("a ChatInterface's sync generator streams its reply from a worker", async () => {
    const server = await startServer(chat, { workers: 1, appModule: path.join(WORKER_FIXTURES, "chat.ts") });
    try {
      const { data } = await callRest(server.url, "reply", ["hi"]);
      assert.match(String((data as [string])[0]), /^hi from [1-9]\d*$/);
    } finally {
      await server.close();
    }
  });
});
