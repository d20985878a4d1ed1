/**
 * Python tools for the API tests, each in a virtualenv made once under node_modules/.cache and reused:
 * schemathesis and the `mcp` client in one, Gradio 6 in another. Returns null (and the caller skips
 * loudly) only where Python or the package registry is missing.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const CACHE = path.resolve(import.meta.dirname, "..", "node_modules", ".cache");

function venv(name: string, requirements: string[], probe: string): () => Promise<string | null> {
  let ready: Promise<string | null> | null = null;
  const dir = path.join(CACHE, name);
  const python = path.join(dir, "bin", "python");
  return () =>
    (ready ??= (async () => {
      try {
        if (!existsSync(python)) await run("python3", ["-m", "venv", dir], { timeout: 120_000 });
        await run(python, ["-c", probe]).catch(async () => {
          await run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", ...requirements], {
            timeout: 600_000,
          });
        });
        return python;
      } catch (error) {
        console.warn(
          `\n*** SKIPPING: could not set up Python with ${requirements.join(", ")} (${(error as Error).message.split("\n")[0]}) ***\n`,
        );
        return null;
      }
    })());
}

/** schemathesis (the `schemathesis` CLI sits beside this python) and the official `mcp` client. */
export const pythonWithApiTools = venv(
  "gradio-ts-api-tools",
  ["schemathesis>=4,<5", "mcp>=1.9,<2"],
  "import schemathesis, mcp",
);

/** Python Gradio 6, to run a twin app the typed client talks to. */
export const pythonWithGradio6 = venv("gradio-ts-gradio6", ["gradio==6.*"], "import gradio");

export async function runPythonScript(
  python: string,
  script: string,
  args: string[] = [],
  timeoutMs = 60_000,
): Promise<{ stdout: string; stderr: string }> {
  return run(python, ["-c", script, ...args], {
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
    env: {
      ...process.env,
      HF_HUB_DISABLE_TELEMETRY: "1",
      HF_HUB_OFFLINE: "1",
      GRADIO_ANALYTICS_ENABLED: "False",
      NO_PROXY: "127.0.0.1,localhost",
    },
  });
}

export function lastJsonLine(stdout: string): unknown {
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]!);
}

/** A Python Gradio app started by a test: its root URL, and how to stop it. */
export interface PythonGradioApp {
  url: string;
  close(): void;
}

/** A port nothing listens on now, from the kernel, so two apps started at once do not collide. */
async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const probe = createServer().once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Runs `script` (which launches Gradio on 127.0.0.1 at the port given as its first argument, then
 * `args`) and waits until `readyPath` answers. Importing Gradio takes tens of seconds on a busy machine.
 * Fails with the tail of the app's own output when it exits or does not answer in time.
 */
export async function startPythonGradioApp(
  python: string,
  script: string,
  options: { args?: string[]; cwd?: string; readyPath?: string; timeoutMs?: number } = {},
): Promise<PythonGradioApp> {
  const port = await freePort();
  const env = {
    ...process.env,
    GRADIO_ANALYTICS_ENABLED: "False",
    HF_HUB_OFFLINE: "1",
    HF_HUB_DISABLE_TELEMETRY: "1",
    NO_PROXY: "127.0.0.1",
  };
  const child = spawn(python, ["-c", script, String(port), ...(options.args ?? [])], {
    cwd: options.cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (
    !(await fetch(`${url}${options.readyPath ?? "/config"}`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill("SIGTERM");
      throw new Error(`the Python Gradio app did not start:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return { url, close: () => void child.kill("SIGTERM") };
}
