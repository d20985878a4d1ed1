/**
 * A virtualenv with Python's official `gradio_client`, made once and reused. Returns null (and the
 * caller skips loudly) only where Python or the package registry is missing.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const VENV = path.resolve(import.meta.dirname, "..", "..", "node_modules", ".cache", "gradio-ts-python");
const PYTHON = path.join(VENV, "bin", "python");

let ready: Promise<string | null> | null = null;

export function pythonWithGradioClient(): Promise<string | null> {
  ready ??= (async () => {
    try {
      if (!existsSync(PYTHON)) await run("python3", ["-m", "venv", VENV], { timeout: 120_000 });
      await run(PYTHON, ["-c", "import gradio_client"]).catch(async () => {
        await run(PYTHON, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "gradio_client>=2,<3"], {
          timeout: 300_000,
        });
      });
      return PYTHON;
    } catch (error) {
      console.warn(
        `\n*** SKIPPING Python gradio_client tests: could not set up Python with gradio_client (${(error as Error).message.split("\n")[0]}) ***\n`,
      );
      return null;
    }
  })();
  return ready;
}

/** Runs a Python snippet with the client; the snippet prints JSON on its last line. */
export async function runPython(python: string, script: string, env: Record<string, string> = {}): Promise<unknown> {
  const { stdout } = await run(python, ["-c", script], {
    timeout: 120_000,
    env: { ...process.env, HF_HUB_DISABLE_TELEMETRY: "1", HF_HUB_OFFLINE: "1", ...env },
  });
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]!);
}
