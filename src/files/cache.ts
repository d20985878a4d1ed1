/**
 * The content-addressed cache: every file a user can download was copied here first, under
 * `{files}/{sha256(seed + bytes)}/{name}`, so one user's file is never overwritten while another still
 * needs it, and nobody can guess another user's file from its content.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, mkdir, rename, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { FileTooLargeError } from "../errors.js";
import { sanitizeFileName } from "./file-name.js";

export interface CachedFile {
  path: string;
  size: number;
  origName: string;
}

export function defaultCacheRoot(): string {
  const fromEnv = process.env.GRADIO_TEMP_DIR;
  if (fromEnv && path.isAbsolute(fromEnv)) return fromEnv;
  return path.join(os.tmpdir(), "gradio-ts");
}

/** Counts and hashes bytes as they pass, and fails the stream the moment it exceeds `maxBytes`. */
class MeasuringStream extends Transform {
  readonly hash = createHash("sha256");
  size = 0;
  constructor(seed: Buffer, private readonly maxBytes: number) {
    super();
    this.hash.update(seed);
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void) {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return done(new FileTooLargeError(this.maxBytes));
    this.hash.update(chunk);
    done(null, chunk);
  }
}

export class FileCache {
  /** Where finished files live; the only part of the cache that is served. */
  readonly filesDir: string;
  readonly #incomingDir: string;
  readonly #seed = randomBytes(32);

  constructor(readonly root: string = defaultCacheRoot()) {
    this.filesDir = path.join(root, "files");
    this.#incomingDir = path.join(root, "incoming");
  }

  async init(): Promise<void> {
    await mkdir(this.filesDir, { recursive: true, mode: 0o700 });
    await mkdir(this.#incomingDir, { recursive: true, mode: 0o700 });
  }

  /** Streams `source` into the cache; a stream over `maxBytes` is refused and leaves nothing behind. */
  async putStream(source: Readable, name: string | undefined, maxBytes = Number.POSITIVE_INFINITY): Promise<CachedFile> {
    const origName = sanitizeFileName(name);
    const partial = path.join(this.#incomingDir, randomUUID());
    const measure = new MeasuringStream(this.#seed, maxBytes);
    try {
      await pipeline(source, measure, createWriteStream(partial, { mode: 0o600 }));
    } catch (error) {
      source.resume();
      await rm(partial, { force: true });
      throw error;
    }
    const folder = path.join(this.filesDir, measure.hash.digest("hex"));
    const finalPath = path.join(folder, origName);
    await mkdir(folder, { recursive: true });
    await rename(partial, finalPath);
    return { path: finalPath, size: measure.size, origName };
  }

  async putBytes(bytes: Uint8Array, name: string): Promise<CachedFile> {
    const { Readable } = await import("node:stream");
    return this.putStream(Readable.from([Buffer.from(bytes)]), name);
  }

  /** Copies a host file in (the caller has already checked that the rules allow it). */
  async putFile(sourcePath: string, name = path.basename(sourcePath)): Promise<CachedFile> {
    const hash = createHash("sha256").update(this.#seed);
    await pipeline(createReadStream(sourcePath), async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) hash.update(chunk);
    });
    const origName = sanitizeFileName(name);
    const folder = path.join(this.filesDir, hash.digest("hex"));
    const finalPath = path.join(folder, origName);
    const existing = await stat(finalPath).catch(() => null);
    if (!existing) {
      await mkdir(folder, { recursive: true });
      const partial = path.join(this.#incomingDir, randomUUID());
      await copyFile(sourcePath, partial);
      await rename(partial, finalPath);
    }
    const { size } = existing ?? (await stat(finalPath));
    return { path: finalPath, size, origName };
  }

  async clear(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}
