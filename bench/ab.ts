/**
 * `node --import tsx bench/ab.ts <treeA> <treeB> [seconds] [clients...]`: server CPU per event of two
 * source trees of gradio-ts (say main and a branch) in one run, alternating, on the bench app's echo fn
 * (REST and queue routes). CPU is the server's own (its process tree, worker threads included), so a
 * shared machine's other load moves wall time but not this figure much.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { LoadMode, LoadResult, LoadSpec } from "./load.js";
import { threadCpuMicros, treeCpuMicros } from "./proc.js";
import { freePort, runLoadGenerator } from "./load-process.js";

const [treeA, treeB, seconds = "5", ...clientArgs] = process.argv.slice(2);
if (!treeA || !treeB) throw new Error("usage: bench/ab.ts <treeA> <treeB> [seconds] [clients...]");
const clientCounts = clientArgs.length ? clientArgs.map(Number) : [16];

/** A tree is a folder, optionally followed by environment settings for its server: `../main,GRADIO_WORKERS=0`. */
async function startTree(treeSpec: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const [tree = ".", ...settings] = treeSpec.split(",");
  const env = Object.fromEntries(settings.map((setting) => setting.split("=", 2) as [string, string]));
  const root = path.resolve(tree);
  const child = spawn(
    process.execPath,
    [
      "--conditions=source",
      "--import",
      "tsx",
      path.join(root, "src", "cli", "main.ts"),
      path.join(root, "bench", "apps", "gradio-ts-app.ts"),
    ],
    {
      cwd: root,
      env: { ...process.env, GRADIO_MAX_STREAMS_PER_CLIENT: "100000", ...env, BENCH_PORT: String(port) },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  while (
    !(await fetch(`${base}/config`).then(
      (r) => r.ok,
      () => false,
    ))
  )
    await new Promise((r) => setTimeout(r, 50));
  return { child, base };
}

const servers = [await startTree(treeA), await startTree(treeB)];
const names = [treeA, treeB];
for (const { base } of servers) {
  for (const mode of ["rest", "queue"] as LoadMode[])
    await runLoadGenerator<LoadResult>({
      mode,
      base,
      api: "echo",
      fnIndex: 0,
      concurrency: 8,
      seconds: 1,
      data: ["warm"],
    });
}
for (const concurrency of clientCounts) {
  for (const mode of ["rest", "queue"] as LoadMode[]) {
    for (const [i, { child, base }] of servers.entries()) {
      const spec: LoadSpec = {
        mode,
        base,
        api: "echo",
        fnIndex: 0,
        concurrency,
        seconds: Number(seconds),
        data: ["hi"],
      };
      const before = await treeCpuMicros(child.pid!);
      const threadsBefore = await threadCpuMicros(child.pid!);
      const result = await runLoadGenerator<LoadResult>(spec);
      const used = (await treeCpuMicros(child.pid!)) - before;
      const threadsAfter = await threadCpuMicros(child.pid!);
      console.log(
        `${names[i]} ${mode} c=${concurrency}: ${result.events} events, ${result.eventsPerSecond.toFixed(0)} ev/s, ` +
          `p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, ${result.errors} errors` +
          `${result.firstError ? ` (${result.firstError})` : ""}, ${(used / result.events).toFixed(0)} µs CPU/event`,
      );
      if (process.env.THREADS) {
        const perThread = [...threadsAfter]
          .map(([thread, micros]) => [thread, (micros - (threadsBefore.get(thread) ?? 0)) / result.events] as const)
          .filter(([, micros]) => micros >= 1)
          .map(([thread, micros]) => `${thread}: ${micros.toFixed(0)}`);
        console.log(`    per thread (µs/event): ${perThread.join(", ")}`);
      }
    }
  }
}
for (const { child } of servers) child.kill("SIGKILL");
