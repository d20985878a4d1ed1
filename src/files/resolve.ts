/** The I/O half of the file rules: turn a requested or returned path into what `decideAccess` needs. */
import { randomUUID } from "node:crypto";
import { realpath, rm, stat, writeFile } from "node:fs/promises";
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
