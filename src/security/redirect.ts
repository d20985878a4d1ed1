/**
 * Where login and logout may send the browser afterwards: only a path on this same origin. Anything
 * that a browser could read as another host (`//evil`, `/\evil`, `https://evil`, their percent-encoded
 * forms, control characters) is refused and the caller falls back to the app's root.
 */

const MAX_TARGET = 2048;

function looksSafe(path: string): boolean {
  if (!path.startsWith("/")) return false;
  if (path.startsWith("//")) return false;
  // Browsers treat "\" as "/" in http(s) URLs, and drop tabs and newlines.
  if (/[\\\u0000-\u001f\u007f]/.test(path)) return false;
  return true;
}

/** The target if it is a same-origin path, else null. */
export function safeRedirectPath(target: unknown): string | null {
  if (typeof target !== "string" || target === "" || target.length > MAX_TARGET) return null;
  // Every decoding of the target must be safe too: a later hop may decode it once more.
  let current = target;
  for (let i = 0; i < 3; i++) {
    if (!looksSafe(current)) return null;
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (decoded === current) break;
    current = decoded;
  }
  if (!looksSafe(current)) return null;
  const base = "http://same-origin.invalid";
  try {
    const url = new URL(target, base);
    if (url.origin !== base) return null;
  } catch {
    return null;
  }
  return target;
}
