/**
 * `launch({ limits })`: how long a connection may take over its headers and body, and how many streams
 * and uploads one client may hold. Resolved once at start (option, else environment, else default) and
 * checked there, so a wrong value stops the launch rather than a request.
 */
import type { Server as HttpServer } from "node:http";
import type { SecureServerOptions } from "node:http2";
import { SecurityConfigError } from "../security/errors.js";
import type { ConnectionLimits } from "./options.js";

export type ResolvedLimits = Required<ConnectionLimits>;

export const DEFAULT_LIMITS: ResolvedLimits = {
  maxStreamsPerClient: 100,
  maxUploadsPerClient: 20,
  headersTimeoutSeconds: 30,
  bodyIdleTimeoutSeconds: 30,
  requestTimeoutSeconds: 3600,
};

const ENV_NAMES: Record<keyof ResolvedLimits, string> = {
  maxStreamsPerClient: "GRADIO_MAX_STREAMS_PER_CLIENT",
  maxUploadsPerClient: "GRADIO_MAX_UPLOADS_PER_CLIENT",
  headersTimeoutSeconds: "GRADIO_HEADERS_TIMEOUT_SECONDS",
  bodyIdleTimeoutSeconds: "GRADIO_BODY_IDLE_TIMEOUT_SECONDS",
  requestTimeoutSeconds: "GRADIO_REQUEST_TIMEOUT_SECONDS",
};

/** Caps are whole numbers ≥ 1; timeouts are seconds > 0, except the total request time, where 0 means none. */
function check(name: keyof ResolvedLimits, value: number, source: string): number {
  const isCap = name.startsWith("max");
  const valid = isCap
    ? Number.isInteger(value) && value >= 1
    : Number.isFinite(value) && (value > 0 || (name === "requestTimeoutSeconds" && value === 0));
  if (!valid) {
    const expected = isCap ? "a whole number ≥ 1" : name === "requestTimeoutSeconds" ? "seconds ≥ 0" : "seconds > 0";
    throw new SecurityConfigError(`${source} must be ${expected}, got ${JSON.stringify(value)}.`);
  }
  return value;
}

function fromEnv(name: keyof ResolvedLimits, env: Readonly<Record<string, string | undefined>>): number | undefined {
  const raw = env[ENV_NAMES[name]];
  if (raw === undefined || raw.trim() === "") return undefined;
  return check(name, Number(raw), ENV_NAMES[name]);
}

export function resolveLimits(
  option: ConnectionLimits | undefined,
  env: Readonly<Record<string, string | undefined>> = {},
): ResolvedLimits {
  if (option !== undefined && (typeof option !== "object" || option === null)) {
    throw new SecurityConfigError("limits must be an object, e.g. { maxStreamsPerClient: 100 }.");
  }
  const resolved = { ...DEFAULT_LIMITS };
  for (const name of Object.keys(DEFAULT_LIMITS) as (keyof ResolvedLimits)[]) {
    const given = option?.[name];
    if (given !== undefined) resolved[name] = check(name, given, `limits.${name}`);
    else resolved[name] = fromEnv(name, env) ?? DEFAULT_LIMITS[name];
  }
  const { headersTimeoutSeconds: headers, requestTimeoutSeconds: total } = resolved;
  if (total > 0 && headers > total) {
    throw new SecurityConfigError("limits.headersTimeoutSeconds cannot be longer than limits.requestTimeoutSeconds.");
  }
  return resolved;
}

/**
 * Node's own deadlines for HTTP/1.1 (plain, or beside HTTP/2 on a TLS server): headers, and the whole
 * request. Node checks them on a timer, so the timer runs often enough for the shortest one to hold.
 * Must run before `listen`, which is when Node starts that timer.
 */
export function applyServerTimeouts(server: HttpServer, limits: ResolvedLimits): void {
  const headersMs = limits.headersTimeoutSeconds * 1000;
  server.headersTimeout = headersMs;
  server.requestTimeout = limits.requestTimeoutSeconds * 1000;
  const checkEveryMs = Math.min(5000, Math.max(50, Math.floor(headersMs / 6)));
  (server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval = checkEveryMs;
}

/**
 * HTTP/2 (with TLS): Node lets a peer open any number of concurrent streams on one connection by
 * default. A browser's tabs share one connection, so this stays well above what they use.
 */
export const HTTP2_SERVER_OPTIONS: Pick<SecureServerOptions, "settings" | "maxSessionMemory" | "maxHeaderListPairs"> = {
  settings: { maxConcurrentStreams: 128 },
  // Megabytes per connection (Node's default, stated so that it is a choice): over it, new streams are refused.
  maxSessionMemory: 10,
  maxHeaderListPairs: 128,
};
