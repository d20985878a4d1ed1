/**
 * The one place that decides which host files may be served, taken as input, or enter the cache.
 * A pure function of (the request, the policy): the caller resolves paths (realpath) and then asks;
 * the file route, the upload-backed inputs and the runner's outputs all ask here and nowhere else.
 */
import path from "node:path";

export interface FilePolicy {
  /** The cache directory; everything in it was uploaded by a user or copied in by the rules. */
  cacheDir: string;
  allowedPaths: readonly string[];
  /** Compared with both the path as asked and its real path, so a link cannot step around a block. */
  blockedPaths: readonly string[];
  /**
   * The app's own data (flagging folders and their key file, the API token store; see
   * private-paths.ts): refused for every purpose, whatever its name and whatever else allows it.
   */
  privatePaths: readonly string[];
  /** Paths given to `gr.setStaticPaths()`: served in place, never copied. */
  staticPaths: readonly string[];
  /** The working directory and the OS temp dir, which may feed the cache but are never served as is. */
  workingDir: string;
  tempDir: string;
  /** True where the file system ignores case (macOS, Windows): comparisons then ignore it too. */
  caseInsensitive: boolean;
}

/**
 * - `serve`: a user fetches the file (`/gradio_api/file=`): rules 1.2 and 1.3.
 * - `input`: a user names the file as a fn input: only what users themselves uploaded (the cache) or
 *   static paths, as Gradio's preprocessing accepts.
 * - `cache`: a fn returned the path, or the developer named it: rules 1.1 and 1.3.
 */
export type AccessPurpose = "serve" | "input" | "cache";

export interface AccessRequest {
  purpose: AccessPurpose;
  /** The path exactly as it was asked for (after URL-decoding, for the file route). */
  requested: string;
  /** `requested` made absolute against the working directory and normalised, links not followed. */
  lexical: string;
  /** The real path (links followed) of an existing regular file, or null when there is none. */
  real: string | null;
  /** The developer named this path before runtime (examples, default values): rule 1.1.5. */
  namedByDeveloper?: boolean;
}

export type AllowReason = "cache" | "allowed-path" | "static-path" | "working-dir" | "temp-dir" | "named-by-developer";
export type DenyReason =
  "malformed" | "url" | "missing" | "blocked" | "private" | "dot-file" | "outside" | "not-uploaded";

export type AccessDecision = { allowed: true; reason: AllowReason } | { allowed: false; reason: DenyReason };

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

const insideAny = (target: string, roots: readonly string[], ci: boolean) =>
  roots.some((root) => isInside(target, root, ci));

/** `http:`, `file:`, `C:` and the like: a scheme (or a drive) is never a local path we accept. */
export function hasScheme(raw: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(raw);
}

/**
 * Paths a user sends that no platform should ever interpret: null bytes, backslashes (Windows
 * separators, UNC), colons (schemes, drives, NTFS streams), `//host`, `..` segments, trailing dots or
 * spaces and 8.3 short names (Windows aliases). Checked on the raw string before any file-system call,
 * so a UNC path never reaches the network.
 */
export function isMalformedRequestPath(raw: string): boolean {
  if (raw.length === 0 || raw.length > 4096) return true;
  if (/[\0\\:]/.test(raw)) return true;
  if (raw.startsWith("//")) return true;
  return raw
    .split("/")
    .some((segment) => segment === ".." || (segment !== "." && /[. ]$/.test(segment)) || /~\d/.test(segment));
}

/**
 * Paths a fn returns come from the developer's code, which may build them with `..` or spaces: only
 * what could never name a local file is refused up front; the real path decides the rest.
 */
function isMalformedReturnedPath(raw: string): boolean {
  return raw.length === 0 || raw.includes("\0") || raw.startsWith("\\\\") || raw.startsWith("//");
}

/** The first component below `root` that starts with a dot, as a path, or null when there is none. */
function firstDotComponent(target: string, root: string): string | null {
  const parts = path.relative(root, target).split(path.sep);
  const index = parts.findIndex((part) => part.startsWith("."));
  return index === -1 ? null : path.join(root, ...parts.slice(0, index + 1));
}

export function decideAccess(request: AccessRequest, policy: FilePolicy): AccessDecision {
  const ci = policy.caseInsensitive;
  const { purpose, requested, lexical, real } = request;

  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(requested)) return deny("url");
  if (
    purpose === "cache"
      ? isMalformedReturnedPath(requested)
      : isMalformedRequestPath(requested) || !path.isAbsolute(requested)
  )
    return deny("malformed");
  if (purpose === "cache" && hasScheme(requested) && !path.isAbsolute(requested)) return deny("url");
  if (real === null) return deny("missing");
  if (!path.isAbsolute(real) || !path.isAbsolute(lexical)) return deny("malformed");

  // Rule 1.3 beats everything, whichever way the path was reached.
  if (insideAny(real, policy.blockedPaths, ci) || insideAny(lexical, policy.blockedPaths, ci)) return deny("blocked");
  // So does the app's own data, even inside the cache, allowedPaths or a developer-named folder.
  if (insideAny(real, policy.privatePaths, ci) || insideAny(lexical, policy.privatePaths, ci)) return deny("private");

  if (isInside(real, policy.cacheDir, ci)) return allow("cache");
  if (purpose === "input") return insideAny(real, policy.staticPaths, ci) ? allow("static-path") : deny("not-uploaded");

  if (insideAny(real, policy.allowedPaths, ci)) return allow("allowed-path");
  if (insideAny(real, policy.staticPaths, ci)) return allow("static-path");
  if (purpose === "serve") return deny("outside");

  // From here on: may this returned or developer-named file be copied into the cache (rule 1.1)?
  if (isInside(real, policy.workingDir, ci)) {
    // `.env`, `.git/config`, `sub/.secret/x`: never, unless allowedPaths named them (checked above).
    if (firstDotComponent(real, policy.workingDir) !== null) return deny("dot-file");
    return allow("working-dir");
  }
  if (isInside(real, policy.tempDir, ci)) return allow("temp-dir");
  if (request.namedByDeveloper) return allow("named-by-developer");
  return deny("outside");
}
