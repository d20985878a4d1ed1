// Events/s and p99 latency of a scaled-out app with 1, 2 and 3 replicas on one Redis (Debian's
// redis-server, started here on 127.0.0.1). Each event is a REST call (POST /call, then GET of its
// result) to /greet (concurrency limit 1 per replica, a 20 ms fn), sent round-robin over the replicas,
// the POST and the GET to different replicas. Prints one JSON line per replica count, then a summary.
//   node --conditions=source --import tsx bench/redis-replicas.ts [events] [concurrency]
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startRedis, startReplica, type Replica } from "../test/helpers/redis.js";

const EVENTS = Number(process.argv[2] ?? 300);
const CONCURRENCY = Number(process.argv[3] ?? 16);

const APP = `import * as gr from "gradio-ts";
await new gr.Interface({ fn: async function greet(name: string) { await new Promise((r) => setTimeout(r, 20)); return "Hello " + name; }, inputs: "text", outputs: "text" }).launch({ logLevel: "warn" });
`;

async function call(post: string, get: string, i: number): Promise<number> {
  const started = performance.now();
  const posted = await fetch(`${post}/gradio_api/call/greet`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ data: [`n${i}`] }),
  });
  const { event_id } = (await posted.json()) as { event_id: string };
  const text = await (await fetch(`${get}/gradio_api/call/greet/${event_id}`)).text();
  if (!text.includes(`"Hello n${i}"`)) throw new Error(`wrong answer for ${i}: ${text}`);
  return performance.now() - started;
}

async function measure(replicas: Replica[]): Promise<{ eventsPerSecond: number; p50Ms: number; p99Ms: number }> {
  const urls = replicas.map((r) => r.url);
  // Warm up (JIT, connections, Redis scripts).
  await Promise.all(urls.map((u, i) => call(u, urls[(i + 1) % urls.length]!, i)));
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < EVENTS) {
        const i = next++;
        latencies.push(await call(urls[i % urls.length]!, urls[(i + 1) % urls.length]!, i));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pick = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10;
  return { eventsPerSecond: Math.round((EVENTS / seconds) * 10) / 10, p50Ms: pick(0.5), p99Ms: pick(0.99) };
}

const redis = await startRedis();
const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-bench-replicas-"));
const appFile = path.join(
  path.resolve(import.meta.dirname, "..", "test", "fixtures"),
  `bench-replica-${process.pid}.ts`,
);
await writeFile(appFile, APP);
const results: Record<string, unknown>[] = [];
try {
  // First one replica on the in-memory queue: the baseline the Redis backend's cost is read against.
  for (const [count, backend] of [
    [1, "memory"],
    [1, "redis"],
    [2, "redis"],
    [3, "redis"],
  ] as const) {
    const env: Record<string, string> =
      backend === "redis"
        ? { GRADIO_REDIS_URL: redis.url, GRADIO_TEMP_DIR: dir, GRADIO_REDIS_PREFIX: `bench${count}` }
        : { GRADIO_TEMP_DIR: dir };
    const replicas = await Promise.all(Array.from({ length: count }, () => startReplica(env, appFile)));
    try {
      const figures = {
        bench: "redis-replicas",
        backend,
        replicas: count,
        events: EVENTS,
        concurrency: CONCURRENCY,
        ...(await measure(replicas)),
      };
      results.push(figures);
      console.log(JSON.stringify(figures));
    } finally {
      await Promise.all(replicas.map((r) => r.kill("SIGKILL")));
    }
  }
} finally {
  await redis.stop();
  await rm(appFile, { force: true });
  await rm(dir, { recursive: true, force: true });
}
console.log("\nbackend  replicas  events/s  p50 ms  p99 ms");
for (const r of results)
  console.log(
    `${String(r.backend).padStart(7)}  ${String(r.replicas).padStart(8)}  ${String(r.eventsPerSecond).padStart(8)}  ${String(r.p50Ms).padStart(6)}  ${String(r.p99Ms).padStart(6)}`,
  );
