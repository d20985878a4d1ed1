/**
 * The content-addressed cache: every file a user can download was copied here first, under
 * `{files}/{sha256(seed + bytes)}/{name}`, so one user's file is never overwritten while another still
 * needs it, and nobody can guess another user's file from its content.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, type Stats } from "node:fs";
import { mkdir, readdir, rename, rm, rmdir, stat, utimes, type FileHandle } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { FileTooLargeError } from "../errors.js";
import { sanitizeFileName } from "./file-name.js";
import { registerPrivatePath } from "./private-paths.js";

export interface CachedFile {
  path: string;
  size: number;
  origName: string;
  /** This call created the hash folder (no identical file was there before). */
  createdFolder: boolean;
}

/** `GRADIO_TEMP_DIR` when it is an absolute path (as Gradio asks), else a `gradio-ts` folder in the OS temp dir. */
export function defaultCacheRoot(fromEnv?: string): string {
  if (fromEnv && path.isAbsolute(fromEnv)) return fromEnv;
  return path.join(os.tmpdir(), "gradio-ts");
}

/** How many developer files `putFileOnce` remembers; past it the oldest is forgotten (and copied again if asked). */
const MAX_REMEMBERED_SOURCES = 10_000;

/** Counts and hashes bytes as they pass, and fails the stream the moment it exceeds `maxBytes`. */
class MeasuringStream extends Transform {
  readonly hash = createHash("sha256");
  size = 0;
  constructor(
    seed: Buffer,
    private readonly maxBytes: number,
  ) {
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

/** What a file's content is known by without reading it: changing the bytes changes one of these. */
function identityOf(info: Stats): string {
  return `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
}

export class FileCache {
  /** Where finished files live; the only part of the cache that is served. */
  readonly filesDir: string;
  readonly #incomingDir: string;
  /** Per instance, so two apps sharing a cache root never share (or delete) each other's folders. */
  readonly #seed = randomBytes(32);
  /** The hash folders this instance created: the ones `sweep` and `clear` may remove. */
  readonly #ownFolders = new Set<string>();
  /** Developer files already copied in, by source path and name: what the copy was made from, and the copy. */
  readonly #copiesBySource = new Map<string, { identity: string; copy: Promise<CachedFile> }>();

  constructor(readonly root: string = defaultCacheRoot()) {
    this.filesDir = path.join(root, "files");
    this.#incomingDir = path.join(root, "incoming");
    // Uploads still arriving (another user's): never a file a fn may return, even with the cache in
    // the working directory.
    registerPrivatePath(this.#incomingDir);
  }

  async init(): Promise<void> {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the cache's own folder, made by the server
    await mkdir(this.filesDir, { recursive: true, mode: 0o700 });
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the cache's own folder, made by the server
    await mkdir(this.#incomingDir, { recursive: true, mode: 0o700 });
  }

  /**
   * Streams `source` into the cache, hashing as it goes (one pass, so the bytes hashed are the bytes
   * stored); a stream over `maxBytes` is refused and leaves nothing behind.
   */
  async putStream(
    source: Readable,
    name: string | undefined | null,
    maxBytes = Number.POSITIVE_INFINITY,
  ): Promise<CachedFile> {
    const origName = sanitizeFileName(name);
    const partial = path.join(this.#incomingDir, randomUUID());
    const measure = new MeasuringStream(this.#seed, maxBytes);
    try {
      // Cheap, and keeps uploads working if another app sharing this root just tidied it away.
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- the cache's own folder, made by the server
      await mkdir(this.#incomingDir, { recursive: true, mode: 0o700 });
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- a random name in the cache's own incoming folder
      await pipeline(source, measure, createWriteStream(partial, { mode: 0o600 }));
    } catch (error) {
      // Keep draining what the client still sends, so the 413 can be written before the socket closes.
      source.resume();
      await rm(partial, { force: true });
      throw error;
    }
    const folder = path.join(this.filesDir, measure.hash.digest("hex"));
    const finalPath = path.join(folder, origName);
    // The same bytes under the same name are already stored: keep that file rather than replace it, or
    // a request reading it at that moment would find its file gone (its descriptor on a deleted inode).
    if (this.#ownFolders.has(folder) && (await this.#reuse(finalPath, measure.size))) {
      await rm(partial, { force: true });
      return { path: finalPath, size: measure.size, origName, createdFolder: false };
    }
    let createdFolder = false;
    try {
      // Twice at most: a sweep may remove the folder between the two calls.
      for (let attempt = 0; ; attempt++) {
        // eslint-disable-next-line security/detect-non-literal-fs-filename -- a content-hash folder inside the cache
        createdFolder = (await mkdir(folder, { recursive: true, mode: 0o700 })) !== undefined || createdFolder;
        try {
          // Same content and name as an entry this instance did not store (or one swept meanwhile).
          // eslint-disable-next-line security/detect-non-literal-fs-filename -- the server's partial upload, moved to a sanitized name in its content-hash folder
          await rename(partial, finalPath);
          break;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "ENOENT" || attempt > 0) throw error;
        }
      }
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    this.#ownFolders.add(folder);
    return { path: finalPath, size: measure.size, origName, createdFolder };
  }

  /** Bytes already in memory are hashed first: when the same bytes and name are cached, nothing is written. */
  async putBytes(bytes: Uint8Array, name: string): Promise<CachedFile> {
    const origName = sanitizeFileName(name);
    const folder = path.join(this.filesDir, createHash("sha256").update(this.#seed).update(bytes).digest("hex"));
    const existing = path.join(folder, origName);
    if (this.#ownFolders.has(folder) && (await this.#reuse(existing, bytes.byteLength))) {
      return { path: existing, size: bytes.byteLength, origName, createdFolder: false };
    }
    return this.putStream(Readable.from([Buffer.from(bytes)]), name);
  }

  /**
   * Copies a host file in from a descriptor `openChecked` opened (the rules were asked about the very
   * file it reads, so nothing swapped in after the check can be copied); the handle is closed after.
   */
  async putOpened(handle: FileHandle, name: string): Promise<CachedFile> {
    return this.putStream(createReadStream("", { fd: handle, start: 0 }), name);
  }

  /**
   * Copies a developer's file in (an example, a default value) once: asked again for the same path and
   * name while the file is unchanged (same inode, size, modification and change times), it gives the
   * same copy without reading or writing the file, so each page load does not copy every example again.
   * An edited file is copied anew. `handle` is the file `openChecked` opened for `sourcePath`; it is
   * closed after.
   */
  async putFileOnce(sourcePath: string, handle: FileHandle, name: string): Promise<CachedFile> {
    const reused = await this.knownCopy(sourcePath, handle, name);
    if (reused) return reused;
    const key = `${sourcePath}\0${name}`;
    const identity = identityOf(await handle.stat());
    const copy = this.putOpened(handle, name);
    this.#remember(key, { identity, copy });
    copy.catch(() => {
      if (this.#copiesBySource.get(key)?.copy === copy) this.#copiesBySource.delete(key);
    });
    return copy;
  }

  /**
   * The copy `putFileOnce` made of this unchanged file, if any, without making one: a fn that hands out
   * the developer's file again (an example loaded on click) reuses it instead of copying it anew. The
   * handle is closed when a copy is reused, and left open for the caller otherwise.
   */
  async knownCopy(sourcePath: string, handle: FileHandle, name: string): Promise<CachedFile | null> {
    const known = this.#copiesBySource.get(`${sourcePath}\0${name}`);
    if (!known) return null;
    const info = await handle.stat().catch(() => null);
    if (!info || identityOf(info) !== known.identity) return null;
    const copy = await known.copy.catch(() => null);
    if (!copy || !(await this.#reuse(copy.path, copy.size))) return null;
    await handle.close();
    return { ...copy, createdFolder: false };
  }

  #remember(key: string, entry: { identity: string; copy: Promise<CachedFile> }): void {
    this.#copiesBySource.delete(key);
    this.#copiesBySource.set(key, entry);
    if (this.#copiesBySource.size > MAX_REMEMBERED_SOURCES)
      this.#copiesBySource.delete(this.#copiesBySource.keys().next().value!);
  }

  /**
   * Whether a cached file is still there (a sweep or a person may have removed it) with the size it was
   * stored with; if so its folder's age is refreshed, as storing it again would, so a sweep keeps it.
   */
  async #reuse(cachedPath: string, size: number): Promise<boolean> {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- a path this cache stored itself
    const info = await stat(cachedPath).catch(() => null);
    if (!info?.isFile() || info.size !== size) return false;
    const now = new Date();
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- a path this cache stored itself
    return utimes(path.dirname(cachedPath), now, now).then(
      () => true,
      () => false,
    );
  }

  /** Removes this instance's folders not touched for more than `maxAgeMs`; returns how many went. */
  async sweep(maxAgeMs: number, now = Date.now()): Promise<number> {
    let removed = 0;
    for (const folder of [...this.#ownFolders]) {
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- a folder this cache made itself
      const info = await stat(folder).catch(() => null);
      if (info && now - info.mtimeMs <= maxAgeMs) continue;
      await rm(folder, { recursive: true, force: true });
      this.#ownFolders.delete(folder);
      removed++;
    }
    await this.#removeStalePartials(maxAgeMs, now);
    return removed;
  }

  /**
   * Removes everything this instance put in the cache, then the cache's own folders if they are
   * empty. Never the whole root: it may be shared with other apps, or be a folder the developer named.
   */
  async clear(): Promise<void> {
    await Promise.all([...this.#ownFolders].map((folder) => rm(folder, { recursive: true, force: true })));
    this.#ownFolders.clear();
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the cache's own folders
    for (const dir of [this.filesDir, this.#incomingDir, this.root]) await rmdir(dir).catch(() => undefined);
  }

  /** Partial uploads are removed when they fail; one left by a crash goes once it is old enough. */
  async #removeStalePartials(maxAgeMs: number, now: number): Promise<void> {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the cache's own incoming folder
    const names = await readdir(this.#incomingDir).catch(() => [] as string[]);
    for (const name of names) {
      const partial = path.join(this.#incomingDir, name);
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- an entry of the cache's own incoming folder
      const info = await stat(partial).catch(() => null);
      if (info && now - info.mtimeMs > maxAgeMs) await rm(partial, { force: true });
    }
  }
}
