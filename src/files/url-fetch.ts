/**
 * The one guarded fetcher (rule 1.5): downloads an http(s) URL into the cache for a file input (and
 * for MCP tool arguments) only when every address the target resolves to is public.
 *
 * - The URL parser normalises the host first, so `2130706433`, `0x7f.1`, `017700000001` and `127.1`
 *   all become `127.0.0.1` before any check; IPv6 literals are expanded, and addresses that embed an
 *   IPv4 one (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4
 *   `2002::/16`) are judged by the IPv4 address they carry.
 * - A name is resolved once per hop; if any of its addresses is not public the URL is refused, and the
 *   connection goes to the checked address itself (the Host header and TLS SNI carry the name), so a
 *   DNS answer that changes between the check and the connect (DNS rebinding) is never used.
 * - Redirects are followed by hand, at most 5, each target checked the same way.
 * - Bounded: at most `maxBytes` (streamed into the cache, never held whole in memory) and `timeoutMs`
 *   for the whole download, redirects included.
 * - Refusal messages never say what a name resolved to, nor whether it resolved at all, so they reveal
 *   nothing of the internal network.
 */
import { lookup } from "node:dns/promises";
import type { IncomingMessage } from "node:http";
import type { RequestOptions } from "node:https";
import { createRequire } from "node:module";
import { BlockList, isIP } from "node:net";
import path from "node:path";
import { FileTooLargeError } from "../errors.js";
import type { CachedFile, FileCache } from "./cache.js";

export const DEFAULT_URL_MAX_BYTES = 100 * 1024 * 1024;
export const DEFAULT_URL_TIMEOUT_MS = 30_000;
export const MAX_REDIRECTS = 5;

export type UrlFetchFailure =
  "disabled" | "scheme" | "refused" | "unresolvable" | "redirects" | "http" | "too-large" | "timeout" | "network";

/** Why a URL was not downloaded; the message is safe to show to the caller. */
export class UrlFetchError extends Error {
  override readonly name = "UrlFetchError";
  constructor(
    readonly kind: UrlFetchFailure,
    message: string,
  ) {
    super(message);
  }
}

const REFUSED = "only files at public http(s) addresses are downloaded";
/**
 * The one answer for every target the guard will not connect to (a private, loopback or reserved
 * address, or a name that does not resolve); `UrlFetchError.kind` keeps which it was, for logs.
 */
export const TARGET_REFUSED = `Cannot download the file: ${REFUSED}.`;

// --- Which addresses are public -----------------------------------------------------------------

const blockedV4 = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network", unspecified
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // CGNAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata services live here)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and 255.255.255.255 broadcast
] as const) {
  blockedV4.addSubnet(network, prefix, "ipv4");
}

const blockedV6 = new BlockList();
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["100::", 64], // discard-only
  ["2001::", 23], // IETF protocol assignments (Teredo 2001::/32 among them)
  ["2001:db8::", 32], // documentation
  ["64:ff9b:1::", 48], // local-use NAT64
  ["fc00::", 7], // unique-local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated, still routed by some stacks)
  ["ff00::", 8], // multicast
] as const) {
  blockedV6.addSubnet(network, prefix, "ipv6");
}

/** The 16 bytes of an IPv6 address (any textual form, with or without a zone), or null. */
function ipv6Bytes(address: string): number[] | null {
  let text = address.replace(/%.*$/, "").toLowerCase();
  if (isIP(text) !== 6) return null;
  // A trailing dotted quad becomes two hex groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split(".").map(Number) as [number, number, number, number];
    text = text.slice(0, dotted.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? (text.split("::") as [string, string]) : [text, null];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail === null ? [] : tail ? tail.split(":") : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(tail === null ? 0 : missing).fill("0"), ...tailGroups];
  if (groups.length !== 8) return null;
  return groups.flatMap((group) => {
    const value = parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), or null. */
function embeddedIpv4(bytes: number[]): string | null {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  const quad = (at: number) => bytes.slice(at, at + 4).join(".");
  // ::ffff:a.b.c.d (mapped) and ::ffff:0:a.b.c.d (SIIT translated)
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return quad(12);
  if (zeros(0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && zeros(10, 12)) return quad(12);
  // ::a.b.c.d (compatible, deprecated) — but not :: and ::1, which the IPv6 list judges.
  if (zeros(0, 12) && !zeros(12, 15)) return quad(12);
  // 64:ff9b::a.b.c.d (well-known NAT64 prefix)
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12)) return quad(12);
  // 2002:AABB:CCDD::/48 (6to4)
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return quad(2);
  return null;
}

/**
 * True only for a unicast address on the public internet. Anything that is not a well-formed IP
 * address is not public either, so a parsing surprise fails closed.
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  const family = isIP(bare);
  if (family === 4) return !blockedV4.check(bare, "ipv4");
  if (family !== 6) return false;
  const bytes = ipv6Bytes(bare);
  if (bytes === null) return false;
  const v4 = embeddedIpv4(bytes);
  if (v4 !== null) return isIP(v4) === 4 && !blockedV4.check(v4, "ipv4");
  return !blockedV6.check(bare.replace(/%.*$/, ""), "ipv6");
}

// --- Which URLs may be fetched ------------------------------------------------------------------

export function isHttpUrl(value: unknown): value is string {
  return typeof value === "string" && /^https?:\/\//i.test(value.trim());
}

/** Parses and normalises `raw`; only http(s) URLs with a host pass. */
export function parseFetchableUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new UrlFetchError("scheme", "The file URL is not a valid URL.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UrlFetchError("scheme", TARGET_REFUSED);
  if (url.hostname === "") throw new UrlFetchError("scheme", "The file URL has no host.");
  return url;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/**
 * Special-use names (RFC 6761) are answered here, as that RFC asks: `.invalid` never resolves and
 * `.localhost` is loopback, so neither ever becomes a DNS query leaving the host.
 */
function specialUseAnswer(hostname: string): readonly ResolvedAddress[] | null {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  if (name === "invalid" || name.endsWith(".invalid")) return [];
  if (name === "localhost" || name.endsWith(".localhost")) return [{ address: "127.0.0.1", family: 4 }];
  return null;
}

const systemResolver: Resolver = async (hostname) => {
  const special = specialUseAnswer(hostname);
  if (special !== null) return special;
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export interface UrlFetcherHooks {
  /** How names become addresses; the system resolver by default. */
  resolve?: Resolver;
  /** Which addresses may be connected to; `isPublicAddress` by default. Tests only. */
  isAllowedAddress?: (address: string) => boolean;
}

export interface DownloadOptions {
  maxBytes?: number;
  timeoutMs?: number;
}

export interface DownloadedFile extends CachedFile {
  /** The URL the bytes finally came from (after redirects). */
  finalUrl: string;
  mimeType: string | null;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * The guarded fetcher. Production code uses `urlFetcher` (system DNS, `isPublicAddress`); no launch
 * option reaches the hooks, which exist so tests can point a name at a local test server.
 */
export class UrlFetcher {
  readonly #resolve: Resolver;
  readonly #isAllowed: (address: string) => boolean;

  constructor(hooks: UrlFetcherHooks = {}) {
    this.#resolve = hooks.resolve ?? systemResolver;
    this.#isAllowed = hooks.isAllowedAddress ?? isPublicAddress;
  }

  /** The address to connect to for `url`, after checking every address its host has. */
  async checkTarget(url: URL): Promise<ResolvedAddress> {
    const host = url.hostname.replace(/^\[|\]$/g, "");
    let addresses: readonly ResolvedAddress[];
    const family = isIP(host);
    if (family !== 0) addresses = [{ address: host, family: family === 6 ? 6 : 4 }];
    else {
      addresses = await this.#resolve(host).catch(() => []);
      // The same words as a private address: a caller must not learn which internal names exist.
      if (addresses.length === 0) throw new UrlFetchError("unresolvable", TARGET_REFUSED);
    }
    if (!addresses.every((a) => this.#isAllowed(a.address))) throw new UrlFetchError("refused", TARGET_REFUSED);
    return addresses[0]!;
  }

  /**
   * The checks `download` starts with (scheme, then every address of the host), without fetching:
   * what a join may do so a refused URL is refused at once. The download checks again, and pins.
   */
  async precheck(raw: string, timeoutMs = DEFAULT_URL_TIMEOUT_MS): Promise<URL> {
    const url = parseFetchableUrl(raw.trim());
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      await untilAborted(this.checkTarget(url), signal);
    } catch (error) {
      if (error instanceof UrlFetchError) throw error;
      throw new UrlFetchError("timeout", "Checking the file URL timed out.");
    }
    return url;
  }

  /** Downloads `raw` into `cache`, following at most 5 checked redirects. */
  async download(raw: string, cache: FileCache, options: DownloadOptions = {}): Promise<DownloadedFile> {
    const maxBytes = options.maxBytes ?? DEFAULT_URL_MAX_BYTES;
    const signal = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_URL_TIMEOUT_MS);
    let url = parseFetchableUrl(raw.trim());
    let response: IncomingMessage | null = null;
    try {
      for (let hop = 0; ; hop++) {
        const target = await untilAborted(this.checkTarget(url), signal);
        response = await request(url, target, signal);
        const location = response.headers.location;
        if (REDIRECT_STATUSES.has(response.statusCode ?? 0) && location) {
          response.destroy();
          if (hop >= MAX_REDIRECTS)
            throw new UrlFetchError("redirects", `Cannot download the file: more than ${MAX_REDIRECTS} redirects.`);
          url = parseFetchableUrl(location, url);
          continue;
        }
        const status = response.statusCode ?? 0;
        if (status < 200 || status > 299) {
          response.destroy();
          throw new UrlFetchError("http", `Downloading the file failed: the server answered HTTP ${status}.`);
        }
        const declared = Number(response.headers["content-length"]);
        if (Number.isFinite(declared) && declared > maxBytes) {
          response.destroy();
          throw new FileTooLargeError(maxBytes);
        }
        const cached = await cache.putStream(response, urlFileName(url), maxBytes);
        const type = response.headers["content-type"];
        return {
          ...cached,
          finalUrl: url.href,
          mimeType: typeof type === "string" ? type.split(";")[0]!.trim() || null : null,
        };
      }
    } catch (error) {
      if (error instanceof UrlFetchError) throw error;
      if (error instanceof FileTooLargeError)
        throw new UrlFetchError(
          "too-large",
          `The file at the URL is larger than this app accepts (${maxBytes} bytes).`,
        );
      if (signal.aborted) throw new UrlFetchError("timeout", "Downloading the file timed out.");
      throw new UrlFetchError("network", "Downloading the file failed: the server could not be reached.");
    } finally {
      // A refused or failed body is not drained: the connection goes (it is never reused: agent false).
      response?.destroy();
    }
  }
}

/** `work`, or a rejection as soon as `signal` aborts (a DNS lookup cannot be cancelled, only left). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

// Loaded at the first download, through require: importing node:http as an ES module makes Node read
// every export it has, its WebSocket among them, which loads undici (about 14 MB) into every app at start.
const requireBuiltin = createRequire(import.meta.url);
const transport = (secure: boolean): typeof import("node:https") =>
  requireBuiltin(secure ? "node:https" : "node:http") as typeof import("node:https");

/** One GET to the checked address, with the name in the Host header and in TLS SNI. */
function request(url: URL, target: ResolvedAddress, signal: AbortSignal): Promise<IncomingMessage> {
  const secure = url.protocol === "https:";
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  return new Promise((resolve, reject) => {
    const options: RequestOptions = {
      host: target.address,
      family: target.family,
      port: url.port ? Number(url.port) : secure ? 443 : 80,
      path: `${url.pathname}${url.search}`,
      method: "GET",
      agent: false,
      signal,
      headers: { host: url.host, accept: "*/*", "accept-encoding": "identity", "user-agent": "gradio-ts" },
      // Never look the name up again: the only address this request may use is the checked one.
      lookup: (_name, opts, callback) => {
        if (opts.all) callback(null, [{ address: target.address, family: target.family }]);
        else callback(null, target.address, target.family);
      },
    };
    // The certificate is checked against the name (or the IP when the URL names one).
    if (secure && isIP(hostname) === 0) options.servername = hostname;
    const req = transport(secure).request(options, resolve);
    req.on("error", reject);
    req.end();
  });
}

/** The last path segment of a URL, decoded when that is safe; the cache sanitises it further. */
function urlFileName(url: URL): string {
  const last = path.posix.basename(url.pathname);
  try {
    return decodeURIComponent(last) || "download";
  } catch {
    return last || "download";
  }
}

/** The fetcher the app uses. */
export const urlFetcher = new UrlFetcher();

// --- Per-app settings (launch({ fetchUrlInputs, maxFileSize })) ----------------------------------

export interface UrlFetchSettings {
  enabled: boolean;
  maxBytes: number;
  timeoutMs: number;
  fetcher: UrlFetcher;
}
