/**
 * The public base URL of the app for one request (Gradio's `get_root_url`), without a trailing slash.
 * Computed per request from that request alone, so one caller's headers never change another's URLs.
 */
export interface RootUrlRequest {
  protocol: string;
  host: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Whether the peer is a proxy we trust to tell us the public host. */
  fromTrustedProxy: boolean;
}

const firstValue = (header: string | string[] | undefined): string | undefined => {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(",")[0]?.trim() || undefined;
};

// eslint-disable-next-line security/detect-unsafe-regex -- linear: no part of the host can match two ways
const SAFE_HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;
const SAFE_SEGMENT = /^[\w.~-]+$/;

/**
 * `X-Forwarded-Prefix: /demo` from a trusted proxy: the path the proxy strips before passing requests
 * on. Plain segments only (no `.` or `..`, no `//`, no query, no scheme, nothing encoded).
 */
export function forwardedPrefix(header: string | string[] | undefined): string | undefined {
  const value = firstValue(header);
  if (!value || value.length > 200 || !value.startsWith("/")) return undefined;
  const segments = value.slice(1).replace(/\/$/, "").split("/");
  if (segments.length === 1 && segments[0] === "") return "";
  const plain = segments.every((segment) => SAFE_SEGMENT.test(segment) && segment !== "." && segment !== "..");
  return plain ? `/${segments.join("/")}` : undefined;
}

export function computeRootUrl(request: RootUrlRequest, routePath: string, rootPath?: string): string {
  if (rootPath && /^https?:\/\//i.test(rootPath)) return rootPath.replace(/\/+$/, "");
  let scheme = request.protocol;
  let host = request.host;
  let path = request.url.split("?")[0] ?? "";
  if (path.endsWith(routePath)) path = path.slice(0, path.length - routePath.length);
  if (request.fromTrustedProxy) {
    const forwardedHost = firstValue(request.headers["x-forwarded-host"]);
    const forwardedProto = firstValue(request.headers["x-forwarded-proto"]);
    if (forwardedHost && SAFE_HOST.test(forwardedHost)) host = forwardedHost;
    if (forwardedProto === "https" || forwardedProto === "http") scheme = forwardedProto;
    const prefix = forwardedPrefix(request.headers["x-forwarded-prefix"]);
    if (prefix !== undefined && !rootPath) path = prefix + path;
  }
  if (!SAFE_HOST.test(host)) host = "localhost";
  if (rootPath) path = rootPath;
  return `${scheme}://${host}${path}`.replace(/\/+$/, "");
}
