/** A real FileProcessor over a fresh cache, for testing components' pre/postprocess without a server. */
import { mkdtemp, realpath, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ProcessContext } from "../src/components/component.js";
import { FileCache } from "../src/files/cache.js";
import { FileProcessor } from "../src/files/file-processor.js";

export interface TestContext extends ProcessContext {
  /** Puts bytes in the cache as an upload would, returning the FileData a client would send. */
  upload(
    bytes: Uint8Array | string,
    name: string,
  ): Promise<{ path: string; orig_name: string; meta: { _type: "gradio.FileData" } }>;
  close(): Promise<void>;
}

export async function processContext(): Promise<TestContext> {
  const root = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-unit-cache-"));
  const cache = new FileCache(root);
  await cache.init();
  const files = new FileProcessor(cache, {
    cacheDir: await realpath(cache.filesDir),
    allowedPaths: [],
    blockedPaths: [],
    privatePaths: [],
    staticPaths: [],
    workingDir: await realpath(process.cwd()),
    tempDir: await realpath(os.tmpdir()),
    caseInsensitive: false,
  });
  return {
    files,
    rootUrl: "http://127.0.0.1:7860",
    async upload(bytes, name) {
      const stored = await cache.putBytes(typeof bytes === "string" ? Buffer.from(bytes) : bytes, name);
      return { path: stored.path, orig_name: name, meta: { _type: "gradio.FileData" } };
    },
    close: () => rm(root, { recursive: true, force: true }),
  };
}
