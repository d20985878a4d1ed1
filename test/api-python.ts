/**
 * Python tools for the API tests, each in a virtualenv made once under node_modules/.cache and reused:
 * schemathesis and the `mcp` client in one, Gradio 6 in another. Returns null (and the caller skips
 * loudly) only where Python or the package registry is missing.
 */
import { execFile } from "node:child_process";
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
          await run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", ...requirements], { timeout: 600_000 });
        });
        return python;
      } catch (error) {
        console.warn(`\n*** SKIPPING: could not set up Python with ${requirements.join(", ")} (${(error as Error).message.split("\n")[0]}) ***\n`);
        return null;
      }
    })());
}

/** schemathesis (the `schemathesis` CLI sits beside this python) and the official `mcp` client. */
export const pythonWithApiTools = venv("gradio-ts-api-tools", ["schemathesis>=4,<5", "mcp>=1.9,<2"], "import schemathesis, mcp");

/** Python Gradio 6, to run a twin app the typed client talks to. */
export const pythonWithGradio6 = venv("gradio-ts-gradio6", ["gradio==6.*"], "import gradio");

export async function runPythonScript(python: string, script: string, args: string[] = [], timeoutMs = 60_000): Promise<{ stdout: string; stderr: string }> {
  return run(python, ["-c", script, ...args], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, HF_HUB_DISABLE_TELEMETRY: "1", HF_HUB_OFFLINE: "1", GRADIO_ANALYTICS_ENABLED: "False", NO_PROXY: "127.0.0.1,localhost" } });
}

export function lastJsonLine(stdout: string): unknown {
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]!);
}
