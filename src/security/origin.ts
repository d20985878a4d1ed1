/**
 * Pure decisions about the `Origin` of a request: is it this app's own origin, one the developer
 * allowed, or foreign? Origins are compared whole (scheme, host and port) after URL normalisation,
 * never by prefix, so `http://localhost.evil.example` is not `http://localhost`.
 */
import { SecurityConfigError } from "./errors.js";

/**
 * Every request's own origin and its `Origin` header go through `canonicalOrigin`; a server sees few distinct
 * values, so their answers are remembered. Bounded: a flood of made-up origins only empties the cache.
 */
const CANONICAL_CACHE_SIZE = 256;
const canonicalCache = new Map<string, string | null>();

/** `scheme://host[:port]` in canonical form, or null for anything that is not an http(s) origin. */
export function canonicalOrigin(value: string): string | null {
  if (value.length > 2048) return null;
  const known = canonicalCache.get(value);
  if (known !== undefined) return known;
  const canonical = parseOrigin(value);
  if (canonicalCache.size >= CANONICAL_CACHE_SIZE) canonicalCache.clear();
  canonicalCache.set(value, canonical);
  return canonical;
}

function parseOrigin(value: string): string | null {
  if (!/^https?:\/\/[^/?#\s]+$/i.test(value.replace(/\/$/, ""))) return null;
  try {
    const url = new URL(value);
    if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password) return null;
    if (url.pathname !== "/" || url.search || url.hash) return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** Checks and canonicalises the `allowedOrigins` launch option; an invalid entry stops the launch. */
export function parseAllowedOrigins(list: readonly string[] | undefined): Set<string> {
  const allowed = new Set<string>();
  for (const entry of list ?? []) {
    const origin = entry === "null" || entry === "*" ? null : canonicalOrigin(entry);
    if (!origin) {
      throw new SecurityConfigError(
        `allowedOrigins: "${entry}" is not an origin. Give full origins such as "https://example.com" or "http://localhost:3000"; "*" and "null" are not accepted because sessions are sent with cookies.`,
      );
    }
    allowed.add(origin);
  }
  return allowed;
}

export type OriginVerdict = "none" | "same" | "allowed" | "foreign";

export interface OriginFacts {
  /** The `Origin` header as sent (undefined when absent). */
  origin: string | undefined;
  /** The app's own origins for this request: the one the request was made to, and the configured public URL. */
  selfOrigins: readonly string[];
  allowed: ReadonlySet<string>;
}

export function classifyOrigin({ origin, selfOrigins, allowed }: OriginFacts): OriginVerdict {
  if (origin === undefined || origin === "") return "none";
  // "null" is what sandboxed frames, file: pages and some redirects send: never trusted.
  const canonical = canonicalOrigin(origin);
  if (!canonical) return "foreign";
  if (selfOrigins.includes(canonical)) return "same";
  if (allowed.has(canonical)) return "allowed";
  return "foreign";
}

/** Methods that may change state; a browser sends these cross-site only with an Origin header. */
export function isStateChanging(method: string): boolean {
  return !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());
}

/**
 * Whether to refuse a request as cross-site request forgery: a state-changing request from a foreign
 * origin, or one a browser marked as cross-site without saying where from.
 */
export function isForgedRequest(method: string, verdict: OriginVerdict, secFetchSite: string | undefined): boolean {
  if (!isStateChanging(method)) return false;
  if (verdict === "foreign") return true;
  return verdict === "none" && secFetchSite === "cross-site";
}

/** The app's own origin for a request, from the scheme and Host it was made with. */
export function requestOrigin(protocol: string, host: string): string | null {
  return canonicalOrigin(`${protocol}://${host}`);
}
