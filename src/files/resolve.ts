/** The I/O half of the file rules: turn a requested or returned path into what `decideAccess` needs. */
import { randomUUID } from "node:crypto";
import { constants } from "node:fs";
import { open, realpath, rm, stat, writeFile, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { decideAccess, type AccessDecision, type AccessPurpose, type FilePolicy } from "./access.js";

/** Absolute, symlink-free path of an existing regular file, or null when there is none. */
export async function resolveExistingFile(requested: string, workingDir: string): Promise<string | null> {
  try {
    const real = await realpath(path.resolve(workingDir, requested));
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
export async function checkFile(requested: string, purpose: AccessPurpose, policy: FilePolicy, namedByDeveloper = false): Promise<CheckedFile> {
  const lexical = path.resolve(policy.workingDir, requested.includes("\0") ? "." : requested);
  const onSight = decideAccess({ purpose, requested, lexical, real: null, namedByDeveloper }, policy);
  if (onSight.reason !== "missing") return { ...onSight, real: null };
  const real = await resolveExistingFile(requested, policy.workingDir);
  return { ...decideAccess({ purpose, requested, lexical, real, namedByDeveloper }, policy), real };
}

/**
 * Opens the checked real path without following a link in its last component, so a file swapped for a
 * link between the check and the open is not read; null when it is no longer a regular file.
 */
export async function openRegularFile(real: string): Promise<{ handle: FileHandle; size: number } | null> {
  const handle = await open(real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0)).catch(() => null);
  if (!handle) return null;
  const info = await handle.stat().catch(() => null);
  if (!info?.isFile()) {
    await handle.close();
    return null;
  }
  return { handle, size: info.size };
}

export type ServableRead = { ok: true; real: string; bytes: Buffer } | { ok: false; reason: "refused" | "too-large" };

/**
 * The bytes of a file a caller could also fetch from the file route (the same `serve` decision), read
 * into memory only up to `maxBytes`: the size on disk is not trusted (`/proc` files say 0, a file may
 * grow), so the read itself stops one byte past the bound.
 */
export async function readServableFile(requested: string, policy: FilePolicy, maxBytes: number): Promise<ServableRead> {
  const checked = await checkFile(requested, "serve", policy);
  if (!checked.allowed || checked.real === null) return { ok: false, reason: "refused" };
  const opened = await openRegularFile(checked.real);
  if (!opened) return { ok: false, reason: "refused" };
  const { handle, size } = opened;
  try {
    if (size > maxBytes) return { ok: false, reason: "too-large" };
    const bytes = await readAtMost(handle, maxBytes + 1, size);
    // More than fstat said, and past the bound: refused rather than cut short.
    if (bytes.byteLength > maxBytes) return { ok: false, reason: "too-large" };
    return { ok: true, real: checked.real, bytes };
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
  return realpath(absolute).catch(() => absolute);
}

/** Does the file system holding `dir` ignore case? Probed, because the platform alone does not say. */
export async function isCaseInsensitiveDir(dir: string): Promise<boolean> {
  const probe = path.join(dir, `.case-probe-${randomUUID()}`);
  try {
    await writeFile(probe, "", { flag: "wx" });
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
