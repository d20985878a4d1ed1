/**
 * The files of a flagging dataset, stored by content: flagging the same upload again (or the same bytes
 * under another name) adds a row, never another copy.
 *
 * - Plain: `<column>/<sha256 of the bytes>/<name>`. The same bytes under another name are a hard link
 *   in the same folder (a copy only where links are not supported), so every row keeps its own name.
 * - Encrypted: `<column>/<HMAC-SHA256 of the bytes>/file.enc`, the HMAC keyed from the at-rest key. Keyed,
 *   so the folder names do not let someone who can list the dataset (but has no key) check whether a
 *   file they know was flagged; the file is sealed once, with the name it was first flagged under (the
 *   name is inside the ciphertext, so one sealed copy per content means one name).
 *
 * A file is written aside, its digest checked against the one it is stored under, synced, then renamed
 * into place: a name in the store always holds complete bytes with that digest, so finding it is enough
 * to reuse it. Older datasets (`<column>/<random id>/…`) stay readable: a cell is a relative path either way.
 */
import { createHash, randomUUID, type Hash, type Hmac } from "node:crypto";
import { createWriteStream } from "node:fs";
import { link, lstat, mkdir, open, readdir, rename, rm, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppConfigError } from "../errors.js";
import { sanitizeFileName } from "../files/file-name.js";
import type { AtRestCipher } from "../security/encryption.js";

/** A file value to store: its name and a way to read its bytes (twice at most). */
export interface FlaggedContent {
  name: string;
  open(): AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/** A file opened through the gate: each read starts at its beginning, from the descriptor, never the path. */
export function contentOfOpenFile(handle: FileHandle, name: string): FlaggedContent {
  return { name: sanitizeFileName(name), open: () => handle.createReadStream({ start: 0, autoClose: false }) };
}

export function contentOfBytes(bytes: Uint8Array, name: string): FlaggedContent {
  return { name: sanitizeFileName(name), open: () => [bytes] };
}

/** Stores `content` under `dir` unless the same content is there already; returns its path relative to `dir`. */
export async function storeFlaggedFile(
  dir: string,
  column: string,
  content: FlaggedContent,
  cipher: AtRestCipher | null,
): Promise<string> {
  const id = await digestOf(content.open(), cipher);
  const folder = path.join(dir, sanitizeFileName(column), id);
  const target = path.join(folder, cipher ? "file.enc" : content.name);
  const relative = path.relative(dir, target).split(path.sep).join("/");
  if (await isRegularFile(target)) return relative;
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- inside the flagging folder: a sanitized column name and a content hash
  await mkdir(folder, { recursive: true, mode: 0o700 });
  if (!cipher && (await linkSibling(folder, target))) return relative;
  await writeOnce(content, { target, relative, id }, cipher);
  await syncPath(folder);
  return relative;
}

function newDigest(cipher: AtRestCipher | null): Hash | Hmac {
  return cipher ? cipher.fileIdDigest() : createHash("sha256");
}

async function digestOf(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  cipher: AtRestCipher | null,
): Promise<string> {
  const digest = newDigest(cipher);
  for await (const chunk of source) digest.update(chunk);
  return digest.digest("hex");
}

/** Passes the bytes through, adding them to `digest` on the way. */
async function* digesting(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  digest: Hash | Hmac,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    digest.update(chunk);
    yield chunk;
  }
}

/** Writes the bytes aside, checks they are the bytes `id` names (the source may change), then moves them in. */
async function writeOnce(
  content: FlaggedContent,
  place: { target: string; relative: string; id: string },
  cipher: AtRestCipher | null,
): Promise<void> {
  const partial = path.join(path.dirname(place.target), `.${randomUUID()}.partial`);
  const digest = newDigest(cipher);
  const bytes = digesting(content.open(), digest);
  try {
    if (cipher) await cipher.encryptStreamToFile(bytes, partial, place.relative, content.name);
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- a random partial name inside the flagging folder
    else await pipeline(Readable.from(bytes), createWriteStream(partial, { flags: "wx", mode: 0o600 }));
    if (digest.digest("hex") !== place.id)
      throw new AppConfigError("A flagged file changed while it was being stored; flag it again.");
    await syncPath(partial);
    // A concurrent writer of the same content may have got there first: same bytes, so replacing is harmless.
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the store's partial file, moved to its content-hash place in the flagging folder
    await rename(partial, place.target);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** Plain store: the same bytes under a new name share the existing file's data. */
async function linkSibling(folder: string, target: string): Promise<boolean> {
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- a content-hash folder inside the flagging folder
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith(".")) continue;
    const sibling = path.join(folder, name);
    if (!(await isRegularFile(sibling))) continue;
    try {
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- both inside one content-hash folder of the flagging folder
      await link(sibling, target);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "EEXIST";
    }
  }
  return false;
}

async function isRegularFile(file: string): Promise<boolean> {
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- a path inside the flagging folder, built by this store
  return lstat(file).then(
    (info) => info.isFile(),
    () => false,
  );
}

/** fsync a file or a folder (some platforms cannot sync a folder: the files in it are synced). */
export async function syncPath(target: string): Promise<void> {
  let handle;
  try {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- a file or folder this store just wrote
    handle = await open(target, "r");
    await handle.sync();
  } catch (error) {
    if (!(await isRegularFile(target))) return;
    throw error;
  } finally {
    await handle?.close();
  }
}
