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

const SAFE_HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

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
  }
  if (!SAFE_HOST.test(host)) host = "localhost";
  if (rootPath) path = rootPath;
  return `${scheme}://${host}${path}`.replace(/\/+$/, "");
}
