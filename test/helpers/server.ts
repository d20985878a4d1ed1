/** Starts a real app on 127.0.0.1 with a random port for one test file, and stops it afterwards. */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type * as gr from "gradio-ts";

export interface TestServer {
  url: string;
  cacheDir: string;
  close(): Promise<void>;
}

export async function startServer(demo: gr.Blocks, options: gr.LaunchOptions = {}): Promise<TestServer> {
  const cacheDir = options.cacheDir ?? (await mkdtemp(path.join(os.tmpdir(), "gradio-ts-test-cache-")));
  const running = await demo.launch({ serverPort: 0, quiet: true, logLevel: "silent", ...options, cacheDir });
  return {
    url: running.url,
    cacheDir,
    close: async () => {
      await running.close();
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

/** Reads a whole SSE response into its `data:` payloads (JSON-parsed where possible). */
export async function readSse(response: Response): Promise<unknown[]> {
  const text = await response.text();
  return text
    .split("\n\n")
    .filter((block) => block.startsWith("data: "))
    .map((block) => {
      const payload = block.slice("data: ".length);
      try {
        return JSON.parse(payload) as unknown;
      } catch {
        return payload;
      }
    });
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed };
}
