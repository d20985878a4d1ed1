// Fns in worker threads behind the other ways in: the Redis backend (queue, streams and State in Redis)
// and MCP tool calls.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { demo } from "./fixtures/workers/features.js";
import { ensureRedis, startRedis, type TestRedis } from "./helpers/redis.js";
import { startServer, type TestServer } from "./helpers/server.js";
import { callQueue, outputData, WORKER_FIXTURES } from "./helpers/workers.js";

const FEATURES = path.join(WORKER_FIXTURES, "features.ts");
const redisReady = ensureRedis();

describe(
  "fns in worker threads with the Redis backend",
  { skip: redisReady ? false : "redis-server is not installed" },
  () => {
    let redis: TestRedis;
    let server: TestServer;
    before(async () => {
      redis = await startRedis();
      server = await startServer(demo, {
        workers: 1,
        appModule: FEATURES,
        redisUrl: redis.url,
        redisKeyPrefix: "workers",
      });
    });
    after(async () => {
      await server?.close();
      await redis?.stop();
    });

    test("a generator's yields, and a State kept in Redis, come back from a worker", async () => {
      const { messages } = await callQueue(server.url, 0, ["abc"], "redis-gen");
      assert.equal(messages.filter((m) => m.msg === "process_generating").length, 3);
      assert.deepEqual(outputData(messages), ["abc"]);
      assert.deepEqual(outputData((await callQueue(server.url, 5, [2, null], "redis-tally")).messages), [null, 2]);
      assert.deepEqual(outputData((await callQueue(server.url, 5, [5, null], "redis-tally")).messages), [null, 7]);
      const [done] = outputData((await callQueue(server.url, 1, ["x"], "redis-chatty")).messages) as [string];
      assert.match(done, /^done 2 in [1-9]\d*$/);
    });
  },
);

type CallResult = { content: { type: string; text?: string }[]; isError?: boolean };

describe("an MCP tool call runs its fn in a worker", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(demo, { workers: 1, appModule: FEATURES, mcpServer: true });
  });
  after(() => server.close());

  test("the tool answers with what the fn returned in its worker thread", async () => {
    const client = new Client({ name: "gradio-ts-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/gradio_api/mcp/`)));
    try {
      const result = (await client.callTool({ name: "chatty", arguments: { word: "x" } })) as CallResult;
      assert.notEqual(result.isError, true, JSON.stringify(result));
      assert.match(result.content[0]?.text ?? "", /^done 2 in [1-9]\d*$/);
    } finally {
      await client.close();
    }
  });
});
