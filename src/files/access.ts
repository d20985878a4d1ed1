/**
 * The one place that decides which host files may enter the cache and which may be served.
 * Pure functions over already-resolved absolute paths: the caller resolves (realpath) and then asks.
 */
import path from "node:path";

export interface FilePolicy {
  /** The cache directory; everything in it was uploaded by a user or copied in by the rules. */
  cacheDir: string;
  allowedPaths: readonly string[];
  blockedPaths: readonly string[];
  /** Paths given to `gr.setStaticPaths()`: served in place, never copied. */
  staticPaths: readonly string[];
  /** The working directory and the OS temp dir, which may feed the cache but are never served as is. */
  workingDir: string;
  tempDir: string;
  caseInsensitive: boolean;
}

export type AccessDecision =
  | { allowed: true; reason: AllowReason }
  | { allowed: false; reason: DenyReason };

export type AllowReason = "cache" | "allowed-path" | "static-path" | "working-dir" | "temp-dir" | "named-by-developer";
export type DenyReason = "malformed" | "blocked" | "dot-file" | "outside";

const allow = (reason: AllowReason): AccessDecision => ({ allowed: true, reason });
const deny = (reason: DenyReason): AccessDecision => ({ allowed: false, reason });

/** Component-wise containment: `/a/bc` is not inside `/a/b`. */
export function isInside(child: string, parent: string, caseInsensitive = false): boolean {
  const c = caseInsensitive ? child.toLowerCase() : child;
  const p = caseInsensitive ? parent.toLowerCase() : parent;
  if (c === p) return true;
  const prefix = p.endsWith(path.sep) ? p : p + path.sep;
  return c.startsWith(prefix);
}

const insideAny = (target: string, roots: readonly string[], ci: boolean) => roots.some((root) => isInside(target, root, ci));

/**
 * Requested paths that no platform should ever interpret: null bytes, backslashes (Windows separators,
 * UNC), schemes and `//host` forms, `..` segments, NTFS streams, trailing dots or spaces, 8.3 names.
 * Checked on the raw string before any file-system call.
 */
export function isMalformedRequestPath(raw: string): boolean {
  if (raw.length === 0 || raw.length > 4096) return true;
  if (raw.includes("\0") || raw.includes("\\") || raw.includes("::")) return true;
  if (raw.startsWith("//") || /^[a-z][a-z0-9+.-]*:/i.test(raw)) return true;
  return raw.split("/").some((segment) => segment === ".." || /[. ]$/.test(segment) && segment !== "." || /~\d/.test(segment));
}

/** Rule 1.2 + 1.3: may a user fetch this resolved path? */
export function decideServe(resolved: string, policy: FilePolicy): AccessDecision {
  const ci = policy.caseInsensitive;
  if (!path.isAbsolute(resolved)) return deny("malformed");
  if (insideAny(resolved, policy.blockedPaths, ci)) return deny("blocked");
  if (isInside(resolved, policy.cacheDir, ci)) return allow("cache");
  if (insideAny(resolved, policy.allowedPaths, ci)) return allow("allowed-path");
  if (insideAny(resolved, policy.staticPaths, ci)) return allow("static-path");
  return deny("outside");
}

/** Rule 1.1 + 1.3: may a path a fn returned (or the developer named) be copied into the cache? */
export function decideCache(resolved: string, policy: FilePolicy, namedByDeveloper = false): AccessDecision {
  const ci = policy.caseInsensitive;
  if (!path.isAbsolute(resolved)) return deny("malformed");
  if (insideAny(resolved, policy.blockedPaths, ci)) return deny("blocked");
  if (isInside(resolved, policy.cacheDir, ci)) return allow("cache");
  if (insideAny(resolved, policy.allowedPaths, ci)) return allow("allowed-path");
  if (insideAny(resolved, policy.staticPaths, ci)) return allow("static-path");
  if (isInside(resolved, policy.workingDir, ci)) {
    const below = path.relative(policy.workingDir, resolved).split(path.sep);
    if (below.some((part) => part.startsWith("."))) return deny("dot-file");
    return allow("working-dir");
  }
  if (isInside(resolved, policy.tempDir, ci)) return allow("temp-dir");
  if (namedByDeveloper) return allow("named-by-developer");
  return deny("outside");
}
