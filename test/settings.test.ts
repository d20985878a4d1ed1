// The environment is read in one place (src/server/settings.ts): options win, then the environment,
// then the defaults, and nothing else in the library looks at process.env.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { resolveSettings } from "../src/server/settings.js";

const SRC = path.join(import.meta.dirname, "..", "src");

describe("resolveSettings(env, options)", () => {
  test("defaults with an empty environment", () => {
    const settings = resolveSettings({}, {});
    assert.equal(settings.serverName, "127.0.0.1");
    assert.equal(settings.serverPort, 7860);
    assert.equal(settings.heartbeatMs, 15_000);
    assert.equal(settings.shutdownGraceSeconds, 10);
    assert.equal(settings.redis, null);
    assert.equal(settings.encryptionKey, undefined);
    assert.equal(settings.mcpServer, false);
    assert.deepEqual(settings.metrics, { mode: "open" });
  });

  test("the environment given (not the process's) fills what the options leave out", () => {
    const env = {
      GRADIO_SERVER_NAME: "0.0.0.0",
      GRADIO_SERVER_PORT: "8000",
      GRADIO_HEARTBEAT_INTERVAL: "5",
      GRADIO_SHUTDOWN_GRACE_SECONDS: "3",
      GRADIO_REDIS_URL: "redis://127.0.0.1:1",
      GRADIO_REDIS_PREFIX: "p",
      GRADIO_REDIS_LEASE_MS: "2000",
      GRADIO_MCP_SERVER: "true",
      GRADIO_LOG_LEVEL: "INFO",
      GRADIO_TEMP_DIR: "/srv/cache",
      GRADIO_METRICS_TOKEN: "a-token-of-sixteen-chars",
    };
    const settings = resolveSettings(env, {});
    assert.equal(settings.serverName, "0.0.0.0");
    assert.equal(settings.serverPort, 8000);
    assert.equal(settings.heartbeatMs, 5000);
    assert.equal(settings.shutdownGraceSeconds, 3);
    assert.deepEqual(settings.redis, {
      url: "redis://127.0.0.1:1",
      prefix: "p",
      clusterLimits: undefined,
      leaseMs: 2000,
      reconnectGraceMs: undefined,
    });
    assert.equal(settings.mcpServer, true);
    assert.equal(settings.logLevel, "info");
    assert.equal(settings.cacheDir, "/srv/cache");
    assert.deepEqual(settings.metrics, { mode: "token", token: "a-token-of-sixteen-chars" });
  });

  test("an explicit option wins over the environment", () => {
    const env = {
      GRADIO_SERVER_NAME: "0.0.0.0",
      GRADIO_SERVER_PORT: "8000",
      GRADIO_REDIS_URL: "redis://127.0.0.1:1",
      GRADIO_MCP_SERVER: "1",
    };
    const settings = resolveSettings(env, {
      serverName: "::1",
      serverPort: 0,
      redisUrl: "redis://127.0.0.1:2",
      redisKeyPrefix: "mine",
      mcpServer: false,
    });
    assert.equal(settings.serverName, "::1");
    assert.equal(settings.serverPort, 0);
    assert.equal(settings.redis?.url, "redis://127.0.0.1:2");
    assert.equal(settings.redis?.prefix, "mine");
    assert.equal(settings.mcpServer, false);
  });

  test("a wrong value in the environment is refused, naming the variable", () => {
    assert.throws(
      () => resolveSettings({ GRADIO_SERVER_PORT: "http" }, {}),
      /GRADIO_SERVER_PORT must be a port number/,
    );
    assert.throws(() => resolveSettings({ GRADIO_LOG_LEVEL: "loud" }, {}), /GRADIO_LOG_LEVEL must be one of/);
    assert.throws(
      () => resolveSettings({ GRADIO_MAX_UPLOADS_PER_CLIENT: "0" }, {}),
      /GRADIO_MAX_UPLOADS_PER_CLIENT must be a whole number/,
    );
    assert.throws(
      () => resolveSettings({ GRADIO_METRICS_TOKEN: "short" }, {}),
      /GRADIO_METRICS_TOKEN must be at least 16/,
    );
  });

  test("no other library module reads process.env (the command line reads its own)", async () => {
    const files = (await readdir(SRC, { recursive: true })).filter(
      (file) => file.endsWith(".ts") && !file.startsWith(`cli${path.sep}`),
    );
    const readers: string[] = [];
    for (const file of files) {
      const text = await readFile(path.join(SRC, file), "utf8");
      if (/process\.env\b/.test(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ""))) readers.push(file);
    }
    assert.deepEqual(readers, [path.join("server", "settings.ts")]);
  });
});
