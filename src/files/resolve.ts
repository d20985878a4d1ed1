/** The I/O half of the file rules: turn a requested or returned path into a real, existing file path. */
import { realpath, stat } from "node:fs/promises";
import path from "node:path";

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

/** Real path of a directory setting (allowedPaths and the like), kept as given when it does not exist. */
export async function resolveSetting(setting: string, workingDir: string): Promise<string> {
  const absolute = path.resolve(workingDir, setting);
  return realpath(absolute).catch(() => absolute);
}
