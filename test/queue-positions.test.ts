// Waiting callers hear their place once per change of the line, however many events left it in that
// turn of the event loop: cancelling three waiting events tells each remaining waiter once, not three times.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { setImmediate as nextTurn } from "node:timers/promises";
import * as gr from "gradio-ts";
import { GradioRequest } from "../src/blocks/request.js";
import type { Dependency } from "../src/blocks/events.js";
import { FileCache } from "../src/files/cache.js";
import { FileProcessor } from "../src/files/file-processor.js";
import { MemoryChannels } from "../src/queue/channels.js";
import type { QueuedCall } from "../src/queue/queued-call.js";
import type { QueueMessage } from "../src/protocol/messages.js";
import { MemoryQueue } from "../src/queue/queue.js";
import { MemoryRenderStore } from "../src/queue/renders.js";
import { Runner } from "../src/queue/runner.js";
import { MemoryStateStore } from "../src/queue/session-state.js";

const silent = { error() {}, warn() {}, info() {} };

function job(dependency: Dependency, sessionHash: string): QueuedCall {
  return {
    eventId: `ev-${sessionHash}`,
    sessionHash,
    dependency,
    data: ["x"],
    request: new GradioRequest({ headers: {}, clientIp: "127.0.0.1", sessionHash, username: null }),
    eventData: null,
    rootUrl: "http://127.0.0.1",
    simpleFormat: false,
    abort: new AbortController(),
    joinedAt: Date.now(),
  };
}

test("cancelling several waiting events in one turn sends each remaining waiter one new position", async () => {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const demo = new gr.Blocks({}, () => {
    const text = new gr.Textbox();
    new gr.Button("Go").click({
      fn: async (t: string) => (await held, t),
      inputs: text,
      outputs: text,
      apiName: "slow",
      concurrencyLimit: 1,
    });
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-positions-"));
  const cache = new FileCache(dir);
  await cache.init();
  const files = new FileProcessor(cache, {
    cacheDir: cache.filesDir,
    allowedPaths: [],
    blockedPaths: [],
    privatePaths: [],
    staticPaths: [],
    workingDir: dir,
    tempDir: dir,
    caseInsensitive: false,
  });
  const channels = new MemoryChannels();
  const states = new MemoryStateStore();
  const runner = new Runner({
    channels,
    states,
    renders: new MemoryRenderStore(new gr.Blocks()),
    files,
    logger: silent,
    showError: false,
  });
  const queue = new MemoryQueue(demo.queueSettings, channels, runner);
  const heard = new Map<string, QueueMessage[]>();
  channels.tap((session, message) => {
    if (message.msg === "estimation") heard.set(session, [...(heard.get(session) ?? []), message]);
  });
  try {
    const slow = demo.dependencies.find((d) => d.apiName === "slow")!;
    const sessions = ["running", "w1", "w2", "w3", "w4", "w5"];
    for (const session of sessions) queue.join(job(slow, session));
    await nextTurn();
    heard.clear();
    for (const session of ["w1", "w2", "w3"])
      assert.ok(queue.cancel({ sessionHash: session, username: null }, slow.id, `ev-${session}`));
    await nextTurn();
    // w4 and w5 moved from places 3 and 4 to 0 and 1, and heard it once each.
    assert.deepEqual(
      ["w4", "w5"].map((session) => heard.get(session)?.map((m) => (m as { rank: number }).rank)),
      [[0], [1]],
    );
  } finally {
    release();
    queue.stop();
    channels.close();
    states.close();
    await rm(dir, { recursive: true, force: true });
  }
});
