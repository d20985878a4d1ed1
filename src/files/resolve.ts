/** The I/O half of the file rules: turn a requested or returned path into what `decideAccess` needs. */
import { randomUUID } from "node:crypto";
import { constants } from "node:fs";
import { open, readlink, realpath, rm, stat, writeFile, type FileHandle } from "node:fs/promises";
import path from "node:path";
import {
  decideAccess,
  type AccessDecision,
  type AccessPurpose,
  type AllowReason,
  type DenyReason,
  type FilePolicy,
} from "./access.js";

/** Absolute, symlink-free path of an existing regular file, or null when there is none. */
export async function resolveExistingFile(requested: string, workingDir: string): Promise<string | null> {
  try {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- resolves the real path the file access policy then judges; nothing is read
    const real = await realpath(path.resolve(workingDir, requested));
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- resolves the real path the file access policy then judges; nothing is read
    const info = await stat(real);
    return info.isFile() ? real : null;
  } catch {
    return null;
  }
}

export type CheckedFile = AccessDecision & { real: string | null };

/**
 * Resolves `requested` and asks the policy. The decision is asked once before touching the file
 * system (with no real path), so a path the rules refuse on sight (a UNC name, a URL, a null byte)
 * never reaches `realpath`, and once more with the real path.
 */
export async function checkFile(
  requested: string,
  purpose: AccessPurpose,
  policy: FilePolicy,
  namedByDeveloper = false,
): Promise<CheckedFile> {
  const lexical = path.resolve(policy.workingDir, requested.includes("\0") ? "." : requested);
  const onSight = decideAccess({ purpose, requested, lexical, real: null, namedByDeveloper }, policy);
  if (onSight.reason !== "missing") return { ...onSight, real: null };
  const real = await resolveExistingFile(requested, policy.workingDir);
  return { ...decideAccess({ purpose, requested, lexical, real, namedByDeveloper }, policy), real };
}

/** A file the policy allowed, opened: its bytes are read from `handle`, never from a path again. */
export interface OpenedFile {
  allowed: true;
  reason: AllowReason;
  /** The real path the rules were asked about, and where the opened descriptor really is. */
  real: string;
  handle: FileHandle;
  size: number;
}

export type OpenCheckedResult = OpenedFile | { allowed: false; reason: DenyReason };

// No link in the last component; no hang on a FIFO swapped in for the file.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Checks `requested` with the policy and opens the file the rules were asked about, or nothing.
 * Every place that sends or copies bytes from a path a user can influence opens it here.
 */
export async function openChecked(
  requested: string,
  purpose: AccessPurpose,
  policy: FilePolicy,
  namedByDeveloper = false,
): Promise<OpenCheckedResult> {
  const checked = await checkFile(requested, purpose, policy, namedByDeveloper);
  if (!checked.allowed) return { allowed: false, reason: checked.reason };
  if (checked.real === null) return { allowed: false, reason: "missing" };
  const opened = await openExactly(checked.real);
  if (opened === null) return { allowed: false, reason: "missing" };
  return { allowed: true, reason: checked.reason, real: checked.real, ...opened };
}

/**
 * Opens the regular file at `real` (a symlink-free path already judged) only if the descriptor really
 * is that file. `O_NOFOLLOW` guards the last component only: a folder higher up can be swapped for a
 * link between the check and the open, so the opened descriptor's own path must equal the judged one
 * (the decision, a function of that path, then holds for what is read). Null otherwise.
 */
export async function openExactly(real: string): Promise<{ handle: FileHandle; size: number } | null> {
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- `real` was judged by the file access policy; the descriptor is checked to be that file below
  const handle = await open(real, OPEN_FLAGS).catch(() => null);
  if (!handle) return null;
  try {
    const info = await handle.stat();
    if (info.isFile() && (await openedRealPath(handle, real, info)) === real) return { handle, size: info.size };
  } catch {
    // Treated as a mismatch below.
  }
  await handle.close().catch(() => undefined);
  return null;
}

interface FileIdentity {
  dev: number;
  ino: number;
}

/**
 * Where the opened descriptor really is. Linux names it in `/proc/self/fd`, whatever happened to the
 * path since; elsewhere the path is resolved again and must lead to the very same file (device and
 * inode), or the open is not trusted. Null when it cannot be established.
 */
async function openedRealPath(handle: FileHandle, checkedReal: string, opened: FileIdentity): Promise<string | null> {
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- the process's own descriptor table, not a caller's path
  const fromProc = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => null);
  if (fromProc !== null) return path.isAbsolute(fromProc) && !fromProc.endsWith(" (deleted)") ? fromProc : null;
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- re-resolves the judged path to check the descriptor; nothing is read
  const again = await realpath(checkedReal).catch(() => null);
  if (again === null) return null;
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- re-resolves the judged path to check the descriptor; nothing is read
  const now = await stat(again).catch(() => null);
  return now !== null && now.dev === opened.dev && now.ino === opened.ino ? again : null;
}

export type ServableRead = { ok: true; real: string; bytes: Buffer } | { ok: false; reason: "refused" | "too-large" };

/**
 * The bytes of a file a caller could also fetch from the file route (the same `serve` decision, through
 * `openChecked`), read into memory only up to `maxBytes`: the size on disk is not trusted (`/proc` files
 * say 0, a file may grow), so the read itself stops one byte past the bound.
 */
export async function readServableFile(requested: string, policy: FilePolicy, maxBytes: number): Promise<ServableRead> {
  const opened = await openChecked(requested, "serve", policy);
  if (!opened.allowed) return { ok: false, reason: "refused" };
  const { handle, size, real } = opened;
  try {
    if (size > maxBytes) return { ok: false, reason: "too-large" };
    const bytes = await readAtMost(handle, maxBytes + 1, size);
    // More than fstat said, and past the bound: refused rather than cut short.
    if (bytes.byteLength > maxBytes) return { ok: false, reason: "too-large" };
    return { ok: true, real, bytes };
  } finally {
    await handle.close();
  }
}

/** Up to `limit` bytes from the start of `handle`, in chunks sized by what fstat said (at least 64 KiB). */
async function readAtMost(handle: FileHandle, limit: number, expected: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const chunk = Buffer.alloc(Math.min(limit - total, Math.max(expected - total, 64 * 1024)));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, total);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
  }
  return Buffer.concat(chunks, total);
}

/** Real path of a directory setting (allowedPaths and the like), kept as given when it does not exist. */
export async function resolveSetting(setting: string, workingDir: string): Promise<string> {
  const absolute = path.resolve(workingDir, setting);
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- a developer's folder setting, resolved, not read
  return realpath(absolute).catch(() => absolute);
}

/** Does the file system holding `dir` ignore case? Probed, because the platform alone does not say. */
export async function isCaseInsensitiveDir(dir: string): Promise<boolean> {
  const probe = path.join(dir, `.case-probe-${randomUUID()}`);
  try {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- a random probe name in a folder the developer configured
    await writeFile(probe, "", { flag: "wx" });
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- a random probe name in a folder the developer configured
    return await stat(path.join(dir, path.basename(probe).toUpperCase())).then(
      () => true,
      () => false,
    );
  } catch {
    return process.platform === "darwin" || process.platform === "win32";
  } finally {
    await rm(probe, { force: true });
  }
}
