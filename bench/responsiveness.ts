/**
 * Responsiveness while fns burn CPU: the latency of a trivial `echo` call (REST POST + SSE GET) while N
 * (0, 1, 2, 4) calls of a synchronous 3 s `burn` run, side by side: gradio-ts (worker threads, default
 * pool), gradio-ts with the burns pinned to a one-worker pool of their own (`workerGroups`), gradio-ts
 * with `GRADIO_WORKERS=0` (every fn on the server's thread), and Python Gradio 6 (its thread pool).
 * Prints a markdown table. Loopback only; each run is bounded in time.
 *
 *   node --import tsx bench/responsiveness.ts
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const PYTHON = path.join(ROOT, "node_modules", ".cache", "gradio-ts-gradio6", "bin", "python");
const BURN_SECONDS = 3;
const BURNS = [0, 1, 2, 4];

interface Contestant {
  label: string;
  command: [string, string[]];
  env: Record<string, string>;
}

const CONTESTANTS: Contestant[] = [
  {
    label: `gradio-ts (workers: default, ${os.availableParallelism()})`,
    command: [
      process.execPath,
      [path.join(ROOT, "bin", "gradio-ts.js"), path.join(ROOT, "bench", "apps", "burn-echo.ts")],
    ],
    env: {},
  },
  {
    label: "gradio-ts (workers: default, burn pinned to workerGroups { burn: 1 })",
    command: [
      process.execPath,
      [path.join(ROOT, "bin", "gradio-ts.js"), path.join(ROOT, "bench", "apps", "burn-echo.ts")],
    ],
    env: { BENCH_BURN_WORKERS: "1" },
  },
  {
    label: "gradio-ts (workers: 0)",
    command: [
      process.execPath,
      [path.join(ROOT, "bin", "gradio-ts.js"), path.join(ROOT, "bench", "apps", "burn-echo.ts")],
    ],
    env: { GRADIO_WORKERS: "0" },
  },
  {
    label: "Python Gradio 6",
    command: [PYTHON, [path.join(ROOT, "bench", "apps", "burn_echo.py")]],
    env: { GRADIO_ANALYTICS_ENABLED: "False", HF_HUB_OFFLINE: "1" },
  },
];

const log = (message: string) => console.error(`[responsiveness] ${message}`);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function start(contestant: Contestant): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const [command, args] = contestant.command;
  const child = spawn(command, args, {
    env: { ...process.env, ...contestant.env, BENCH_PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${contestant.label} exited`);
    if (performance.now() - started > 90_000) throw new Error(`${contestant.label} did not start in 90 s`);
    const ok = await fetch(`${base}/config`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { base, child };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** One REST call, POST then the SSE GET of its result; its latency in ms. */
async function call(base: string, name: string, data: unknown[]): Promise<number> {
  const started = performance.now();
  const posted = await fetch(`${base}/gradio_api/call/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ data }),
  });
  const { event_id: eventId } = (await posted.json()) as { event_id: string };
  const text = await (await fetch(`${base}/gradio_api/call/${name}/${eventId}`)).text();
  if (!text.includes("event: complete")) throw new Error(`${name} failed: ${text.slice(0, 200)}`);
  return performance.now() - started;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/** Echo latencies while `burns` burns run (echo calls one after another until the burns end). */
async function measure(
  base: string,
  burns: number,
): Promise<{ p50: number; p99: number; count: number; burnWall: number }> {
  const started = performance.now();
  let running = burns > 0;
  const burning = Promise.all(Array.from({ length: burns }, () => call(base, "burn", [BURN_SECONDS]))).then(
    () => (running = false),
  );
  // Give the burns a moment to reach their fns.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const latencies: number[] = [];
  const until = performance.now() + BURN_SECONDS * 1000;
  while (burns === 0 ? performance.now() < until : running) latencies.push(await call(base, "echo", ["hi"]));
  await burning;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    count: sorted.length,
    burnWall: (performance.now() - started) / 1000,
  };
}

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const contestant of CONTESTANTS) {
    if (contestant.command[0] === PYTHON && !existsSync(PYTHON)) {
      rows.push(`| ${contestant.label} | not measured (no Python Gradio virtualenv) | | | |`);
      continue;
    }
    log(`starting ${contestant.label}`);
    const { base, child } = await start(contestant);
    try {
      // Warm up: every worker builds the app before anything is measured.
      await Promise.all(Array.from({ length: 4 }, () => call(base, "burn", [0.2])));
      for (let i = 0; i < 5; i++) await call(base, "echo", ["warm"]);
      for (const burns of BURNS) {
        const result = await measure(base, burns);
        log(
          `${contestant.label}, ${burns} burn(s): p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms (${result.count} echoes)`,
        );
        const wall = burns === 0 ? "–" : `${result.burnWall.toFixed(1)} s`;
        rows.push(
          `| ${contestant.label} | ${burns} | ${result.p50.toFixed(0)} | ${result.p99.toFixed(0)} | ${result.count} | ${wall} |`,
        );
      }
    } finally {
      child.kill("SIGTERM");
    }
  }
  console.log(
    `Echo latency while N synchronous ${BURN_SECONDS} s burns run (concurrency limit 4; ${os.availableParallelism()} cores; ${os.cpus()[0]?.model ?? "CPU"})\n`,
  );
  console.log("| server | burns running | echo p50 (ms) | echo p99 (ms) | echoes | wall time of the burns |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const row of rows) console.log(row);
}

await main();
