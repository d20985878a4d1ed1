/**
 * `node --import tsx bench/profile.ts [rest|queue] [clients] [seconds]`: runs the bench app under
 * `node --cpu-prof`, drives the trivial echo fn with the load generator, and prints the server's CPU per
 * event and the functions with the most self time, to find what an event costs.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { LoadResult, LoadSpec } from "./load.js";
import { treeCpuMicros } from "./proc.js";
import { freePort, runLoadGenerator } from "./load-process.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ROOT = path.resolve(import.meta.dirname, "..");
const [mode = "rest", clients = "16", seconds = "5"] = process.argv.slice(2);

/** Now on the monotonic clock, in µs: the clock V8's profiles use, shared by every process of the machine. */
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/** Self time per function (name + place), in ms, highest first, over the samples taken in `window` (µs). */
function topSelfTime(profile: Profile, count: number, window: [number, number]): [string, number][] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    // Start-up (module loading, the app's build) is not what an event costs.
    if (at < window[0] || at > window[1]) return;
    const frame = byId.get(id)!.callFrame;
    const where = frame.url
      ? `${frame.url.replace(`file://${ROOT}/`, "").replace(/.*node_modules\//, "")}:${frame.lineNumber + 1}`
      : "";
    const key = `${frame.functionName || "(anonymous)"} ${where}`;
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals].sort((a, b) => b[1] - a[1]).slice(0, count);
}

const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-profile-"));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const app = path.join(ROOT, "bench", "apps", "gradio-ts-app.ts");
// The CLI's source entry, run directly: through bin/ a source checkout runs the app in a child process,
// and the profile would be the idle parent's.
const server = spawn(
  process.execPath,
  [
    "--cpu-prof",
    `--cpu-prof-dir=${dir}`,
    "--conditions=source",
    "--import",
    "tsx",
    path.join(ROOT, "src", "cli", "main.ts"),
    app,
  ],
  {
    // One address plays every client: lift the per-client stream cap (see bench/run.ts).
    env: { ...process.env, GRADIO_MAX_STREAMS_PER_CLIENT: "100000", BENCH_PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit"],
  },
);
while (
  !(await fetch(`${base}/config`).then(
    (r) => r.ok,
    () => false,
  ))
)
  await new Promise((r) => setTimeout(r, 50));
const spec = {
  mode,
  base,
  api: "echo",
  fnIndex: 0,
  concurrency: Number(clients),
  seconds: Number(seconds),
  data: ["hello"],
} as LoadSpec;
await runLoadGenerator<LoadResult>({ ...spec, seconds: 0.5 });
const before = await treeCpuMicros(server.pid!);
const loadStarted = monotonicMicros();
const result = await runLoadGenerator<LoadResult>(spec);
const loadEnded = monotonicMicros();
const used = (await treeCpuMicros(server.pid!)) - before;
console.log(
  `${mode} c=${clients}: ${result.events} events, ${result.eventsPerSecond.toFixed(0)} ev/s, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, ${(used / result.events).toFixed(0)} µs CPU/event`,
);
server.kill("SIGINT");
await new Promise((resolve) => server.once("exit", resolve));
// One profile per thread: the server's main thread and each worker thread that ran fns.
const files = (await readdir(dir)).filter((name) => name.endsWith(".cpuprofile")).sort();
for (const file of files) {
  const profile = JSON.parse(await readFile(path.join(dir, file), "utf8")) as Profile;
  const top = topSelfTime(profile, Number(process.env.TOP ?? 40), [loadStarted, loadEnded]);
  const busy = top.filter(([name]) => !name.startsWith("(idle)")).reduce((sum, [, ms]) => sum + ms, 0);
  console.log(`\n${file}: ${busy.toFixed(0)} ms in its top functions during the load`);
  for (const [name, ms] of top) console.log(`${ms.toFixed(0).padStart(7)} ms  ${name}`);
}
if (files.length === 0) console.log("no profile written (the server did not exit cleanly)");
await rm(dir, { recursive: true, force: true });
