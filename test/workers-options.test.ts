// The worker-thread settings: what each does, and a clear refusal for each bad one.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import { demo as burnEcho } from "./fixtures/workers/burn-echo.js";
import { demo } from "./fixtures/workers/features.js";
import { startServer } from "./helpers/server.js";
import { callQueue, completed, outputData, WORKER_FIXTURES } from "./helpers/workers.js";

const FEATURES = path.join(WORKER_FIXTURES, "features.ts");
const BURN_ECHO = path.join(WORKER_FIXTURES, "burn-echo.ts");
const threadOf = async (url: string, fnIndex: number) =>
  Number((outputData((await callQueue(url, fnIndex, ["x"], `where-${fnIndex}`)).messages) as [string])[0]);

describe("worker settings", () => {
  test("workers: 0 runs every fn on the server's thread, runIn: worker included", async () => {
    const server = await startServer(demo, { workers: 0, appModule: FEATURES });
    try {
      assert.equal(await threadOf(server.url, 12), 0);
    } finally {
      await server.close();
    }
  });

  test("an app with no known module (built by a program) keeps its fns on the server's thread, GRADIO_WORKERS or not", async () => {
    process.env.GRADIO_WORKERS = "2";
    try {
      const server = await startServer(demo);
      try {
        assert.equal(await threadOf(server.url, 12), 0);
      } finally {
        await server.close();
      }
    } finally {
      delete process.env.GRADIO_WORKERS;
    }
  });

  test("bad settings are refused at launch with a message naming them", async () => {
    const refused = async (options: Parameters<typeof startServer>[1], pattern: RegExp) => {
      await assert.rejects(startServer(demo, options), (error: Error) => (assert.match(error.message, pattern), true));
    };
    await refused({ workers: 2 }, /launch\(\{ workers: 2 \}\).*app's module is unknown.*appModule/);
    await refused({ workers: 1.5, appModule: FEATURES }, /launch\(\{ workers \}\) must be a whole number/);
    await refused({ appModule: "no-such-app.ts" }, /appModule \}\) names no file \(no-such-app\.ts\)/);
    await refused({ appModule: FEATURES, workerGroups: { heavy: -1 } }, /workerGroups\.heavy must be a whole number/);
    await refused({ appModule: FEATURES, workerMaxMemoryMb: 4 }, /workerMaxMemoryMb must be at least 16/);
    await refused({ maxRunSeconds: 0 }, /maxRunSeconds must be a positive number/);
    process.env.GRADIO_WORKERS = "many";
    try {
      await refused({ appModule: FEATURES }, /GRADIO_WORKERS must be a whole number.*"many"/);
    } finally {
      delete process.env.GRADIO_WORKERS;
    }
  });

  test("maxRunSeconds stops a run that has no timeLimit of its own; the next call works", async () => {
    const server = await startServer(burnEcho, { workers: 1, appModule: BURN_ECHO, maxRunSeconds: 1 });
    try {
      const end = completed((await callQueue(server.url, 3, ["x"], "forever")).messages);
      assert.equal(end.success, false);
      assert.match(String((end.output as { error: string }).error), /time limit of 1 s/);
      assert.deepEqual(outputData((await callQueue(server.url, 1, ["next"], "next")).messages), ["next"]);
    } finally {
      await server.close();
    }
  });

  test("a fn that outgrows workerMaxMemoryMb fails only its own event, generically; its worker is replaced", async () => {
    const server = await startServer(demo, { workers: 1, appModule: FEATURES, workerMaxMemoryMb: 256 });
    try {
      const end = completed((await callQueue(server.url, 17, ["x"], "hog")).messages);
      assert.equal(end.success, false);
      assert.deepEqual(end.output, { error: null });
      assert.deepEqual(outputData((await callQueue(server.url, 15, ["next"], "next")).messages), ["next"]);
    } finally {
      await server.close();
    }
  });
});
