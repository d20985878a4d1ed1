/**
 * Folders and files the app keeps for itself: flagged samples (with their encryption key file), the
 * API token store, the TLS private key and the cache's uploads in progress. Each registers its place
 * where it is created or read, whatever it is called, and `decideAccess` refuses everything inside for
 * every purpose, before any rule that could allow it: a fn that returns such a path, a developer-named
 * value, allowedPaths or the file route never hand it out.
 *
 * Process-wide on purpose: one app's flagged data is private from every app in the process, and a
 * logger made after launch counts at once (the policy holds the live list).
 */
import { realpathSync } from "node:fs";
import path from "node:path";

const registered: string[] = [];

/** Marks `target` (a folder or a file, existing or not yet) as private to the app. */
export function registerPrivatePath(target: string): void {
  for (const form of pathForms(target)) if (!registered.includes(form)) registered.push(form);
}

/** The live list (absolute and real forms), for `FilePolicy.privatePaths`. */
export function privatePaths(): readonly string[] {
  return registered;
}

/**
 * As written (made absolute) and with links followed, as blockedPaths are compared: a store that does
 * not exist yet is resolved through its nearest existing folder, so `/tmp` being a link still matches.
 */
function pathForms(target: string): string[] {
  const absolute = path.resolve(target);
  return [...new Set([absolute, realPathThroughAncestors(absolute)])];
}

function realPathThroughAncestors(absolute: string): string {
  const missing: string[] = [];
  for (let current = absolute; ; current = path.dirname(current)) {
    try {
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- resolves a path to compare it with the private ones; nothing is read
      return path.join(realpathSync(current), ...missing);
    } catch {
      if (path.dirname(current) === current) return absolute;
      missing.unshift(path.basename(current));
    }
  }
}
