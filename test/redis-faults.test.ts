// Faults of a scaled-out app: a replica killed (SIGKILL) mid-job, a graceful SIGTERM, Redis missing at
// start, Redis lost and back while running. Real processes on 127.0.0.1, Debian's redis-server.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import {
  ensureRedis,
  freePort,
  sseMessages,
  startRedis,
  startReplica,
  type Replica,
  type TestRedis,
} from "./helpers/redis.js";

const json = { "content-type": "application/json" };
const post = (url: string, body: unknown) => fetch(url, { method: "POST", headers: json, body: JSON.stringify(body) });
const FN = { greet: 0, slow: 6, once: 7 };
type Msg = Record<string, unknown> & { msg: string };
async function collect(url: string, sessionHash: string): Promise<Msg[]> {
  const seen: Msg[] = [];
  for await (const message of sseMessages(await fetch(`${url}/gradio_api/queue/data?session_hash=${sessionHash}`)))
    seen.push(message as Msg);
  return seen;
}
const completed = (messages: Msg[]) =>
  messages.findLast((m) => m.msg === "process_completed") as unknown as {
    success: boolean;
    output: { data?: unknown[]; error?: string };
  };

describe(
  "faults",
  { skip: ensureRedis() ? false : "redis-server is not installed (apt-get install -y redis-server)" },
  () => {
    let redis: TestRedis;
    let dir: string;
    const started: Replica[] = [];
    const replica = async (extra: Record<string, string> = {}) => {
      const r = await startReplica({
        GRADIO_REDIS_URL: redis.url,
        GRADIO_REDIS_LEASE_MS: "2000",
        GRADIO_TEST_RUN_LOG: path.join(dir, "runs.log"),
        GRADIO_TEST_GRACE: "1",
        ...extra,
      });
      started.push(r);
      return r;
    };
    const runs = async () =>
      (await readFile(path.join(dir, "runs.log"), "utf8").catch(() => "")).trim().split("\n").filter(Boolean);

    before(async () => {
      redis = await startRedis();
      dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-faults-"));
    });
    after(async () => {
      await Promise.all(started.map((r) => r.kill("SIGKILL")));
      await redis?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    /** Joins `fn` on `via`, waits until a replica logs running it, and returns that replica and the other. */
    async function runningOn(pair: Replica[], fn: number, session: string, seconds: string, line: string) {
      await rm(path.join(dir, "runs.log"), { force: true });
      await post(`${pair[0]!.url}/gradio_api/queue/join`, { data: [seconds], fn_index: fn, session_hash: session });
      for (let i = 0; (await runs()).length === 0; i++) {
        assert.ok(i < 100, "the job did not start");
        await sleep(50);
      }
      const pid = Number((await runs())[0]!.replace(`${line} `, ""));
      const victim = pair.find((r) => r.child.pid === pid)!;
      const survivor = pair.find((r) => r !== victim)!;
      assert.ok(victim && survivor);
      return { victim, survivor };
    }

    test(
      "SIGKILL mid-job: the job runs again on the surviving replica and the client gets the result within 15 s",
      { timeout: 40_000 },
      async () => {
        const pair = [await replica({ GRADIO_REDIS_PREFIX: "kill" }), await replica({ GRADIO_REDIS_PREFIX: "kill" })];
        const { victim, survivor } = await runningOn(pair, FN.slow, "kill-1", "3", "slow");
        const stream = collect(survivor.url, "kill-1");
        await sleep(300);
        await victim.kill("SIGKILL");
        const killedAt = Date.now();
        const seen = await stream;
        const result = completed(seen);
        assert.ok(Date.now() - killedAt < 15_000);
        assert.equal(result.success, true);
        assert.deepEqual(result.output.data, [`done by ${survivor.child.pid}`]);
        // Run twice in all: once on the dead replica, once more on the survivor.
        assert.deepEqual((await runs()).sort(), [`slow ${survivor.child.pid}`, `slow ${victim.child.pid}`].sort());
        await survivor.kill("SIGKILL");
      },
    );

    test(
      "SIGKILL mid-job of an event that opted out of re-running: a clear error, and it ran once",
      { timeout: 40_000 },
      async () => {
        const pair = [await replica({ GRADIO_REDIS_PREFIX: "once" }), await replica({ GRADIO_REDIS_PREFIX: "once" })];
        const { victim, survivor } = await runningOn(pair, FN.once, "once-1", "3", "once");
        const stream = collect(survivor.url, "once-1");
        await sleep(300);
        await victim.kill("SIGKILL");
        const killedAt = Date.now();
        const result = completed(await stream);
        assert.ok(Date.now() - killedAt < 15_000);
        assert.equal(result.success, false);
        assert.match(
          result.output.error ?? "",
          /replica running this event stopped.*not run again because its fn has side effects \(rerun: false\)/,
        );
        await sleep(500);
        assert.deepEqual(await runs(), [`once ${victim.child.pid}`]);
        await survivor.kill("SIGKILL");
      },
    );

    test(
      "graceful SIGTERM: a job still running after the grace period is handed back and finishes on another replica",
      { timeout: 40_000 },
      async () => {
        const pair = [await replica({ GRADIO_REDIS_PREFIX: "term" }), await replica({ GRADIO_REDIS_PREFIX: "term" })];
        const { victim, survivor } = await runningOn(pair, FN.slow, "term-1", "4", "slow");
        const stream = collect(survivor.url, "term-1");
        await sleep(300);
        victim.child.kill("SIGTERM");
        assert.equal(await victim.exited, 0);
        const result = completed(await stream);
        assert.equal(result.success, true);
        assert.deepEqual(result.output.data, [`done by ${survivor.child.pid}`]);
        await survivor.kill("SIGKILL");
      },
    );

    test("Redis unreachable at start: a clear error and exit", { timeout: 30_000 }, async () => {
      const port = await freePort();
      await assert.rejects(startReplica({ GRADIO_REDIS_URL: `redis://127.0.0.1:${port}` }), (error: Error) => {
        assert.match(error.message, /replica exited/);
        assert.match(error.message, new RegExp(`Cannot reach Redis at redis://127\\.0\\.0\\.1:${port}`));
        return true;
      });
    });

    test(
      "Redis lost while running: /readyz fails and joins get 503; the replica recovers when Redis returns",
      { timeout: 40_000 },
      async () => {
        const r = await replica({ GRADIO_REDIS_PREFIX: "lost" });
        assert.equal((await fetch(`${r.url}/readyz`)).status, 200);
        await redis.kill();
        let status = 200;
        for (let i = 0; i < 50 && status === 200; i++) {
          await sleep(100);
          status = (await fetch(`${r.url}/readyz`)).status;
        }
        assert.equal(status, 503);
        assert.equal(
          ((await (await fetch(`${r.url}/readyz`)).json()) as { status: string }).status,
          "redis unavailable",
        );
        const join = await post(`${r.url}/gradio_api/queue/join`, {
          data: ["x"],
          fn_index: FN.greet,
          session_hash: "lost-1",
        });
        assert.equal(join.status, 503);
        assert.match(((await join.json()) as { detail: string }).detail, /cannot reach its Redis/);
        await redis.restart();
        for (let i = 0; i < 100 && status !== 200; i++) {
          await sleep(100);
          status = (await fetch(`${r.url}/readyz`)).status;
        }
        assert.equal(status, 200);
        const again = await post(`${r.url}/gradio_api/queue/join`, {
          data: ["Eve"],
          fn_index: FN.greet,
          session_hash: "lost-2",
        });
        assert.equal(again.status, 200);
        assert.deepEqual(completed(await collect(r.url, "lost-2")).output.data, ["Hello Eve!"]);
      },
    );
  },
);
