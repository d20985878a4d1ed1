/** Helpers shared by the bench scripts: a free port, and the load generator run in its own process. */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import type { LoadSpec, UploadSpec } from "./load.js";

const ROOT = path.resolve(import.meta.dirname, "..");

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs bench/load.ts in its own process (so its CPU is not the server's) and returns its last JSON line. */
export function runLoadGenerator<T>(spec: LoadSpec | UploadSpec, timeoutMs = 180_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "bench", "load.ts"), JSON.stringify(spec)],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      const last = out.trim().split("\n").pop();
      if (!last) return reject(new Error("load generator printed nothing"));
      resolve(JSON.parse(last) as T);
    });
  });
}
