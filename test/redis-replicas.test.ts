// Scale out: three replicas of one app share a Redis (Debian's redis-server, started here) and a cache
// directory, behind a real nginx doing plain round-robin (no affinity). The official clients work
// through it, and every cross-replica case of the protocol works when each request hits another replica.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Client, handle_file } from "@gradio/client";
import { pythonWithGradioClient, runPython } from "./helpers/python.js";
import {
  ensureNginx,
  ensureRedis,
  sseMessages,
  startRedis,
  startReplica,
  startRoundRobin,
  type Replica,
  type RoundRobin,
  type TestRedis,
} from "./helpers/redis.js";

const ready = ensureRedis() && ensureNginx();
const json = { "content-type": "application/json" };
const post = (url: string, body: unknown) => fetch(url, { method: "POST", headers: json, body: JSON.stringify(body) });
const FN = { greet: 0, whoami: 1, count: 2, reverse: 3, add: 4, bad_state: 5, slow: 6, once: 7, gpu: 8 };

type Msg = Record<string, unknown> & { msg: string; event_id: string | null };
async function collect(url: string, sessionHash: string): Promise<Msg[]> {
  const seen: Msg[] = [];
  for await (const message of sseMessages(await fetch(`${url}/gradio_api/queue/data?session_hash=${sessionHash}`)))
    seen.push(message as Msg);
  return seen;
}
const outputOf = (messages: Msg[]) =>
  (
    messages.findLast((m) => m.msg === "process_completed") as unknown as {
      output: { data: unknown[]; error?: unknown };
    }
  ).output;

describe(
  "three replicas, one Redis, nginx round-robin",
  { skip: ready ? false : "redis-server or nginx is not installed" },
  () => {
    let redis: TestRedis;
    let cache: string;
    let replicas: Replica[] = [];
    let lb: RoundRobin;
    let A: string, B: string, C: string;

    before(async () => {
      redis = await startRedis();
      cache = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-shared-cache-"));
      const env = { GRADIO_REDIS_URL: redis.url, GRADIO_TEMP_DIR: cache, GRADIO_REDIS_PREFIX: "three" };
      replicas = await Promise.all([startReplica(env), startReplica(env), startReplica(env)]);
      [A, B, C] = replicas.map((r) => r.url) as [string, string, string];
      lb = await startRoundRobin(replicas.map((r) => r.url));
    });

    after(async () => {
      await lb?.stop();
      await Promise.all(replicas.map((r) => r.kill("SIGKILL")));
      await redis?.stop();
      if (cache) await rm(cache, { recursive: true, force: true });
    });

    test("round-robin really spreads requests over the three replicas", async () => {
      const pids = new Set<string>();
      for (let i = 0; i < 6; i++) {
        const { event_id } = (await (await post(`${lb.url}/gradio_api/call/whoami`, { data: [] })).json()) as {
          event_id: string;
        };
        const text = await (await fetch(`${lb.url}/gradio_api/call/whoami/${event_id}`)).text();
        pids.add(JSON.parse(/event: complete\ndata: (.*)/.exec(text)![1]!)[0] as string);
      }
      assert.equal(pids.size, 3, `ran on ${[...pids].join(", ")}`);
    });

    test(
      "@gradio/client: predict, a generator stream, a file round trip and State across calls",
      { timeout: 30_000 },
      async () => {
        const client = await Client.connect(lb.url);
        assert.deepEqual((await client.predict("/greet", ["Ada"])).data, ["Hello Ada!"]);
        const seen: unknown[] = [];
        for await (const message of client.submit("/count", ["4"])) {
          if (message.type === "data") seen.push((message.data as unknown[])[0]);
          if (message.type === "status" && message.stage === "complete") break;
        }
        assert.deepEqual(seen.slice(0, 4), ["n=1", "n=2", "n=3", "n=4"]);
        const file = (await client.predict("/reverse", [handle_file(new Blob([Buffer.from("abc-xyz")]))])).data as {
          url: string;
        }[];
        assert.equal(await (await fetch(file[0]!.url)).text(), "zyx-cba");
        assert.deepEqual((await client.predict("/add", [2])).data, [2]);
        assert.deepEqual((await client.predict("/add", [3])).data, [5]);
        assert.deepEqual((await client.predict("/add", [10])).data, [15]);
      },
    );

    test(
      "Python gradio_client: predict, a generator stream, a file round trip and State across calls",
      { timeout: 90_000 },
      async (t) => {
        const python = await pythonWithGradioClient();
        if (!python) return t.skip("Python gradio_client is not available");
        const result = await runPython(
          python,
          `
import json, tempfile, os
from gradio_client import Client, handle_file
c = Client(${JSON.stringify(lb.url)}, verbose=False)
out = {"greet": c.predict("Bo", api_name="/greet")}
job = c.submit("5", api_name="/count")
job.result()
out["stream"] = job.outputs()
p = os.path.join(tempfile.mkdtemp(), "in.txt")
open(p, "w").write("hello")
out["file"] = open(c.predict(handle_file(p), api_name="/reverse")).read()
out["state"] = [c.predict(1, api_name="/add"), c.predict(2, api_name="/add"), c.predict(4, api_name="/add")]
print(json.dumps(out))
`,
        );
        assert.deepEqual(result, {
          greet: "Hello Bo!",
          stream: ["n=1", "n=2", "n=3", "n=4", "n=5", "n=5"].slice(0, (result as { stream: unknown[] }).stream.length),
          file: "olleh",
          state: [1, 3, 7],
        });
        assert.ok((result as { stream: string[] }).stream.includes("n=5"));
      },
    );

    test(
      "queue/join on one replica, queue/data on a second, the heartbeat on a third",
      { timeout: 20_000 },
      async () => {
        const session = "cross-1";
        const heartbeat = await fetch(`${C}/gradio_api/heartbeat/${session}`);
        const reader = heartbeat.body!.getReader();
        assert.match(new TextDecoder().decode((await reader.read()).value), /data: ALIVE/);
        const { event_id } = (await (
          await post(`${A}/gradio_api/queue/join`, { data: ["3"], fn_index: FN.count, session_hash: session })
        ).json()) as { event_id: string };
        const seen = await collect(B, session);
        await reader.cancel();
        assert.deepEqual(
          seen.map((m) => m.msg),
          [
            "estimation",
            "process_starts",
            "process_generating",
            "process_generating",
            "process_generating",
            "process_completed",
            "close_stream",
          ],
        );
        assert.ok(seen.slice(0, -1).every((m) => m.event_id === event_id));
        assert.deepEqual(outputOf(seen).data, ["n=3"]);
      },
    );

    test("the REST call route: POST on one replica, GET of the result on another", async () => {
      const { event_id } = (await (await post(`${A}/gradio_api/call/greet`, { data: ["Cy"] })).json()) as {
        event_id: string;
      };
      const text = await (await fetch(`${B}/gradio_api/call/greet/${event_id}`)).text();
      assert.match(text, /event: complete\ndata: \["Hello Cy!"\]/);
      // Read once: a second GET (anywhere) finds nothing.
      assert.equal((await fetch(`${C}/gradio_api/call/greet/${event_id}`)).status, 404);
    });

    test("a file uploaded to one replica is used by a job on another and downloaded from a third", async () => {
      const form = new FormData();
      form.append("files", new Blob([Buffer.from("shared volume")]), "in.txt");
      const [stored] = (await (
        await fetch(`${A}/gradio_api/upload`, { method: "POST", body: form })
      ).json()) as string[];
      const { event_id } = (await (
        await post(`${B}/gradio_api/call/reverse`, { data: [{ path: stored, meta: { _type: "gradio.FileData" } }] })
      ).json()) as { event_id: string };
      const text = await (await fetch(`${B}/gradio_api/call/reverse/${event_id}`)).text();
      const [file] = JSON.parse(/event: complete\ndata: (.*)/.exec(text)![1]!) as { path: string }[];
      const download = await fetch(`${C}/gradio_api/file=${file!.path}`);
      assert.equal(download.status, 200);
      assert.equal(await download.text(), "emulov derahs");
    });

    test("cancel sent to one replica stops a job running on another", { timeout: 20_000 }, async () => {
      const session = "cross-cancel";
      const { event_id } = (await (
        await post(`${A}/gradio_api/queue/join`, { data: ["8"], fn_index: FN.slow, session_hash: session })
      ).json()) as { event_id: string };
      const stream = collect(B, session);
      await sleep(500);
      const started = Date.now();
      assert.equal(
        (await post(`${C}/gradio_api/cancel`, { session_hash: session, fn_index: FN.slow, event_id })).status,
        200,
      );
      const seen = await stream;
      assert.ok(Date.now() - started < 3000, "the stream ended soon after the cancel");
      assert.deepEqual(outputOf(seen), {});
      assert.ok(!seen.some((m) => m.msg === "process_completed" && (m.output as { data?: unknown }).data));
    });

    test(
      "gr.State lives in Redis: set through one replica, read through another; an unserializable value is refused, naming the State",
      { timeout: 20_000 },
      async () => {
        const session = "cross-state";
        const results: unknown[] = [];
        for (const [url, step] of [
          [A, 5],
          [B, 6],
          [C, 7],
        ] as const) {
          await post(`${url}/gradio_api/queue/join`, { data: [step, null], fn_index: FN.add, session_hash: session });
          results.push(outputOf(await collect(url === A ? C : A, session)).data);
        }
        assert.deepEqual(results, [
          [null, 5],
          [null, 11],
          [null, 18],
        ]);
        await post(`${A}/gradio_api/queue/join`, { data: [], fn_index: FN.bad_state, session_hash: "cross-bad" });
        const bad = await collect(B, "cross-bad");
        const completed = bad.findLast((m) => m.msg === "process_completed") as unknown as {
          success: boolean;
          output: { error: string };
        };
        assert.equal(completed.success, false);
        assert.match(completed.output.error, /gr\.State "kept" \(component \d+\) cannot be stored: value is a Map/);
      },
    );

    test(
      "a stream that reconnects to another replica gets the rest of the messages, in order, once",
      { timeout: 20_000 },
      async () => {
        const session = "cross-reconnect";
        await post(`${A}/gradio_api/queue/join`, { data: ["30"], fn_index: FN.count, session_hash: session });
        const first: Msg[] = [];
        const controller = new AbortController();
        const response = await fetch(`${B}/gradio_api/queue/data?session_hash=${session}`, {
          signal: controller.signal,
        });
        try {
          for await (const message of sseMessages(response)) {
            first.push(message as Msg);
            if (first.length === 6) break;
          }
        } finally {
          controller.abort();
        }
        await sleep(300);
        const rest = await collect(C, session);
        const all = [...first, ...rest];
        assert.deepEqual(
          all.map((m) => m.msg),
          [
            "estimation",
            "process_starts",
            ...Array(30).fill("process_generating"),
            "process_completed",
            "close_stream",
          ],
        );
        // Diffs applied in order rebuild every value: nothing lost, nothing twice.
        let value = "";
        const values: string[] = [];
        for (const m of all.filter((x) => x.msg === "process_generating")) {
          const data = (m.output as { data: unknown[] }).data[0];
          value = typeof data === "string" ? data : (data as [string, unknown[], string][])[0]![2];
          values.push(value);
        }
        assert.deepEqual(
          values,
          Array.from({ length: 30 }, (_, i) => `n=${i + 1}`),
        );
      },
    );

    test("messages sent before the stream connects are all delivered", async () => {
      const session = "cross-early";
      await post(`${A}/gradio_api/queue/join`, { data: ["Di"], fn_index: FN.greet, session_hash: session });
      await sleep(500);
      const seen = await collect(C, session);
      assert.deepEqual(
        seen.map((m) => m.msg),
        ["estimation", "process_starts", "process_completed", "close_stream"],
      );
      assert.deepEqual(outputOf(seen).data, ["Hello Di!"]);
    });
  },
);

describe("two replicas share the work", { skip: ensureRedis() ? false : "redis-server is not installed" }, () => {
  let redis: TestRedis;
  let replicas: Replica[] = [];

  before(async () => {
    redis = await startRedis();
    const env = {
      GRADIO_REDIS_URL: redis.url,
      GRADIO_REDIS_PREFIX: "two",
      GRADIO_TEST_CLUSTER_LIMITS: JSON.stringify({ gpu: 1 }),
    };
    replicas = await Promise.all([startReplica(env), startReplica(env)]);
  });
  after(async () => {
    await Promise.all(replicas.map((r) => r.kill("SIGKILL")));
    await redis?.stop();
  });

  test(
    "4 jobs of 2 s joined on one replica (limit 1 each) finish in about 4 s, on both replicas; positions are cluster-wide",
    { timeout: 30_000 },
    async () => {
      const url = replicas[0]!.url;
      const started = Date.now();
      const sessions = ["w1", "w2", "w3", "w4"];
      for (const s of sessions)
        await post(`${url}/gradio_api/queue/join`, { data: ["2"], fn_index: FN.slow, session_hash: s });
      const results = await Promise.all(sessions.map((s) => collect(url, s)));
      const elapsed = (Date.now() - started) / 1000;
      assert.ok(elapsed >= 3.9 && elapsed < 5.5, `took ${elapsed} s`);
      const runners = new Set(results.map((r) => String(outputOf(r).data[0])));
      assert.equal(runners.size, 2, [...runners].join(", "));
      // The last one joined waited behind the others across the cluster: its first position was 2 (two running, two waiting).
      const firstEstimate = results[3]!.find((m) => m.msg === "estimation") as unknown as {
        rank: number;
        queue_size: number;
      };
      assert.ok(firstEstimate.rank >= 1, JSON.stringify(firstEstimate));
    },
  );

  // launch({ clusterConcurrencyLimits: { gpu: 1 } }): the fixture passes GRADIO_TEST_CLUSTER_LIMITS through.
  test("a cluster-wide limit (gpu: 1) holds across replicas although each allows 2", { timeout: 30_000 }, async () => {
    const started = Date.now();
    const sessions = ["g1", "g2", "g3"];
    for (const [i, s] of sessions.entries())
      await post(`${replicas[i % 2]!.url}/gradio_api/queue/join`, { data: ["1"], fn_index: FN.gpu, session_hash: s });
    await Promise.all(sessions.map((s, i) => collect(replicas[(i + 1) % 2]!.url, s)));
    const elapsed = (Date.now() - started) / 1000;
    assert.ok(elapsed >= 2.9, `took ${elapsed} s: the limit did not hold`);
  });
});
