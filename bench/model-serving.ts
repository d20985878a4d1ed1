/**
 * Model serving: the digits example's ONNX model behind gradio-ts (examples/digits/app.ts through the
 * CLI, onnxruntime-node) and behind Python Gradio 6 (bench/apps/digits_gradio.py, onnxruntime), each
 * started as a user starts it, with 1, 4 and 16 concurrent callers. One prediction is what a client does:
 * upload the picture, call /classify_digit over REST, read the result (checked: the right digit).
 * Prints predictions/s and p50/p99 latency as a markdown table. Loopback only, bounded in time and count.
 *
 *   node --conditions=source --import tsx bench/model-serving.ts [--quick]
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");
const VENV = path.join(ROOT, "node_modules", ".cache", "gradio-ts-bench-onnx");
const PYTHON = path.join(VENV, "bin", "python");
const QUICK = process.argv.includes("--quick");
const SECONDS = QUICK ? 3 : 10;
const MAX_PREDICTIONS = 5_000;
const WARM_UP = 20;
const CALLERS = [1, 4, 16];
const SAMPLES_DIR = path.join(ROOT, "examples", "digits", "samples");
const SAMPLES = readdirSync(SAMPLES_DIR)
  .filter((name) => name.endsWith(".png"))
  .sort()
  .map((name) => ({ name, label: name.split("-")[0]!, bytes: readFileSync(path.join(SAMPLES_DIR, name)) }));

type Name = "gradio-ts" | "gradio";

interface Server {
  name: Name;
  base: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

interface Figures {
  predictions: number;
  errors: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  firstError?: string;
}

const log = (message: string) => console.error(`[model-serving] ${message}`);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A virtualenv with Python Gradio 6, onnxruntime and Pillow, made once; false where it cannot be. */
async function ensurePython(): Promise<boolean> {
  try {
    if (!existsSync(PYTHON)) await run("python3", ["-m", "venv", VENV], { timeout: 120_000 });
    await run(PYTHON, ["-c", "import gradio, onnxruntime, PIL"]).catch(async () => {
      log("installing Python Gradio 6, onnxruntime and Pillow into a virtualenv (once)…");
      const packages = ["gradio==6.*", "onnxruntime", "pillow"];
      await run(PYTHON, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", ...packages], {
        timeout: 900_000,
      });
    });
    return true;
  } catch (error) {
    log(
      `Python Gradio with onnxruntime cannot be installed here: not measured (${(error as Error).message.split("\n")[0]})`,
    );
    return false;
  }
}

function command(name: Name): [string, string[]] {
  if (name === "gradio") return [PYTHON, [path.join(ROOT, "bench", "apps", "digits_gradio.py")]];
  return [process.execPath, [path.join(ROOT, "bin", "gradio-ts.js"), path.join(ROOT, "examples", "digits", "app.ts")]];
}

async function start(name: Name): Promise<Server> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const [cmd, args] = command(name);
  const env = {
    ...process.env,
    GRADIO_SERVER_PORT: String(port),
    GRADIO_SERVER_NAME: "127.0.0.1",
    GRADIO_ANALYTICS_ENABLED: "False",
    HF_HUB_OFFLINE: "1",
  };
  // Its own process group: the CLI may run the app in a child of its own, and both must stop.
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"], detached: true });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${stderr}`);
    if (performance.now() - started > 90_000) throw new Error(`${name} did not start in 90 s: ${stderr}`);
    if (
      await fetch(`${base}/config`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const stop = async () => {
    const exited = child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", resolve));
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // the group is already gone
    }
    await exited;
    child.stderr!.destroy();
  };
  return { name, base, child, stop };
}

/** One prediction as a client makes it; throws unless the top digit is the sample's label. */
async function predict(base: string, sample: (typeof SAMPLES)[number]): Promise<void> {
  const form = new FormData();
  form.append("files", new Blob([new Uint8Array(sample.bytes)], { type: "image/png" }), sample.name);
  const uploaded = await fetch(`${base}/gradio_api/upload`, { method: "POST", body: form });
  if (!uploaded.ok) throw new Error(`upload: status ${uploaded.status}`);
  const [uploadedPath] = (await uploaded.json()) as string[];
  const file = { path: uploadedPath, orig_name: sample.name, meta: { _type: "gradio.FileData" } };
  const posted = await fetch(`${base}/gradio_api/call/classify_digit`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ data: [file] }),
  });
  if (!posted.ok) throw new Error(`call: status ${posted.status}`);
  const { event_id: eventId } = (await posted.json()) as { event_id: string };
  const stream = await (await fetch(`${base}/gradio_api/call/classify_digit/${eventId}`)).text();
  const complete = /event: complete\ndata: (.*)/.exec(stream);
  if (!complete) throw new Error(`no result: ${stream.slice(0, 200)}`);
  const [result] = JSON.parse(complete[1]!) as [{ label: string }];
  if (result.label !== sample.label) throw new Error(`${sample.name} read as ${result.label}`);
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** `callers` callers in a loop, each starting its next prediction when the last one answered. */
async function measure(base: string, callers: number): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      for (let round = 0; performance.now() < deadline && latencies.length + errors < MAX_PREDICTIONS; round++) {
        const t0 = performance.now();
        try {
          await predict(base, SAMPLES[(caller + round) % SAMPLES.length]!);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors++;
          firstError ??= (error as Error).message;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const figures = {
    predictions: latencies.length,
    errors,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
  return firstError === undefined ? figures : { ...figures, firstError };
}

/** The model alone, in this process (no server): what a prediction costs before any serving. */
async function inferenceOnly(): Promise<{ perSecond: number; p50Ms: number }> {
  const sharp = (await import("sharp")).default;
  const { classify, digitFeatures } = await import("../examples/digits/digits.js");
  const pictures = await Promise.all(
    SAMPLES.map(async ({ bytes }) => {
      const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      return { width: info.width, height: info.height, channels: 4 as const, data: new Uint8Array(data) };
    }),
  );
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < 2_000 && performance.now() - started < SECONDS * 1000; i++) {
    const t0 = performance.now();
    await classify(await digitFeatures(pictures[i % pictures.length]!));
    latencies.push(performance.now() - t0);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    perSecond: latencies.length / seconds,
    p50Ms: percentile(
      latencies.sort((a, b) => a - b),
      50,
    ),
  };
}

async function main(): Promise<void> {
  const alone = await inferenceOnly();
  log(
    `the model alone (preprocessing + onnxruntime-node, in process): ${alone.perSecond.toFixed(0)}/s, p50 ${alone.p50Ms.toFixed(2)} ms`,
  );
  const names: Name[] = (await ensurePython()) ? ["gradio-ts", "gradio"] : ["gradio-ts"];
  const rows: { name: Name; callers: number; figures: Figures }[] = [];
  for (const name of names) {
    log(`starting ${name}…`);
    const server = await start(name);
    try {
      for (let i = 0; i < WARM_UP; i++) await predict(server.base, SAMPLES[i % SAMPLES.length]!);
      for (const callers of CALLERS) {
        const figures = await measure(server.base, callers);
        log(
          `${name}, ${callers} callers: ${figures.perSecond.toFixed(1)}/s, p50 ${figures.p50Ms.toFixed(1)} ms, p99 ${figures.p99Ms.toFixed(1)} ms, ${figures.errors} errors`,
        );
        if (figures.firstError) log(`  first error: ${figures.firstError}`);
        rows.push({ name, callers, figures });
      }
    } finally {
      await server.stop();
    }
  }
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(
    `Model serving (digits.onnx, upload + REST call + result, ${SECONDS} s per row), ${os.cpus().length} × ${cpu}, Node ${process.version}\n`,
  );
  console.log(
    `The model alone, in process (decoded picture → 8×8 → onnxruntime-node): ${alone.perSecond.toFixed(0)} predictions/s, p50 ${alone.p50Ms.toFixed(2)} ms\n`,
  );
  console.log("| server | callers | predictions/s | p50 ms | p99 ms | errors |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const { name, callers, figures: f } of rows) {
    const server = name === "gradio" ? "Python Gradio 6 + onnxruntime" : "gradio-ts + onnxruntime-node";
    console.log(
      `| ${server} | ${callers} | ${f.perSecond.toFixed(1)} | ${f.p50Ms.toFixed(1)} | ${f.p99Ms.toFixed(1)} | ${f.errors} |`,
    );
  }
}

await main();
// Keep-alive sockets to the stopped servers would hold the process open a while longer.
process.exit(0);
