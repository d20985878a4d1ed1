/**
 * Upload memory: streams one large file (1 GB by default) to a real server and prints the server
 * process's peak RSS, to show uploads are never held whole in memory. The uploader runs in a child
 * process, so the figure is the server's alone. Not part of `npm test` (it writes GBs to disk).
 *
 * Usage: node --conditions=source --import tsx bench/upload-memory.ts [megabytes=1024]
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as gr from "gradio-ts";

const BOUNDARY = "----gradio-ts-bench";
const CHUNK = Buffer.alloc(1024 * 1024, 0x61);

/** Child mode: POST `megabytes` of data as one multipart file, written chunk by chunk with backpressure. */
async function upload(url: string, megabytes: number): Promise<void> {
  const { port } = new URL(url);
  await new Promise<void>((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/gradio_api/upload",
        method: "POST",
        headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
      },
      (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () =>
          response.statusCode === 200
            ? resolve()
            : reject(new Error(`upload answered ${response.statusCode}: ${body}`)),
        );
      },
    );
    request.on("error", reject);
    request.write(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    let sent = 0;
    const pump = () => {
      while (sent < megabytes) {
        sent++;
        if (!request.write(CHUNK)) return void request.once("drain", pump);
      }
      request.end(`\r\n--${BOUNDARY}--\r\n`);
    };
    pump();
  });
}

async function main(): Promise<void> {
  const [mode, url, size] = process.argv.slice(2);
  if (mode === "--client") return upload(url!, Number(size));

  const megabytes = Number(mode ?? 1024);
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-bench-upload-"));
  const demo = new gr.Interface({ fn: (p) => p, inputs: "file", outputs: "file" });
  const app = await demo.launch({ serverPort: 0, quiet: true, logLevel: "silent", cacheDir, deleteCacheOnClose: true });
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);

  const started = performance.now();
  const child = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), "--client", app.url, String(megabytes)],
    { stdio: "inherit" },
  );
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await app.close();
  await rm(cacheDir, { recursive: true, force: true });

  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  console.log(
    JSON.stringify({
      uploadedMB: megabytes,
      ok: code === 0,
      seconds: Number(seconds.toFixed(2)),
      baselineRssMB: mb(baseline),
      peakRssMB: mb(peak),
      growthMB: mb(peak - baseline),
    }),
  );
  if (code !== 0) process.exitCode = 1;
}

await main();
