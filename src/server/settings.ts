/**
 * The environment variables the library honours, read in one place: `resolveSettings` turns the
 * environment and the launch options into the settings an app runs with, once, at start. Everywhere
 * else reads these settings, never `process.env`. As in Gradio, an explicit option wins, then the
 * environment, then the default. (The command line reads its own flags and the token store's variable.)
 */
import type { EncryptionKey } from "../security/encryption.js";
import { defaultCacheRoot } from "../files/cache.js";
import { mcpEnabled } from "../mcp/enabled.js";
import type { RedisBackendOptions } from "../queue/redis/index.js";
import { defaultTokenStorePath } from "../security/tokens.js";
import { resolveLimits, type ResolvedLimits } from "./limits.js";
import { envLogLevel, type LogLevel } from "./logger.js";
import { metricsAccess, type MetricsAccess } from "./metrics-access.js";
import type { LaunchOptions, RedisOptions } from "./options.js";
import { graceSeconds } from "./shutdown.js";
import { heartbeatMs } from "./sse.js";

export type Environment = Readonly<Record<string, string | undefined>>;

export interface ResolvedSettings {
  /** Where the server listens (`serverName`, `GRADIO_SERVER_NAME`). */
  serverName: string;
  /** `serverPort`, `GRADIO_SERVER_PORT`, 7860; 0 for any free port. */
  serverPort: number;
  /** The structured log's level when asked for (`logLevel`, `GRADIO_LOG_LEVEL`). */
  logLevel: LogLevel | undefined;
  limits: ResolvedLimits;
  /** How often event streams send a heartbeat (`GRADIO_HEARTBEAT_INTERVAL`, at most 15 s). */
  heartbeatMs: number;
  shutdownGraceSeconds: number;
  metrics: MetricsAccess;
  /** The key flags are stored with (`encryptionKey`, `GRADIO_ENCRYPTION_KEY`); checked when the app starts. */
  encryptionKey: EncryptionKey | undefined;
  /** The shared backend of replicas (`redisUrl`, `GRADIO_REDIS_URL` and the `GRADIO_REDIS_*` tuning); null: in process. */
  redis: RedisBackendOptions | null;
  /** The cache folder as given (`cacheDir`, `GRADIO_TEMP_DIR`), resolved against the working directory at start. */
  cacheDir: string;
  mcpServer: boolean;
  /** The API token file (`tokenStore`, `GRADIO_TOKEN_STORE`); null when `tokenStore: false`. */
  tokenStore: string | null;
  /** Worker threads asked for (`workers`, `GRADIO_WORKERS`); undefined: one per core. */
  workers: number | undefined;
  /** Node's test runner runs this process (`NODE_TEST_CONTEXT`): its main script is a test file, not an app. */
  underTestRunner: boolean;
}

function positiveNumber(raw: string | undefined): number | undefined {
  const value = Number(raw);
  return raw && Number.isFinite(value) && value > 0 ? value : undefined;
}

function envPort(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new RangeError(`GRADIO_SERVER_PORT must be a port number, got "${raw}".`);
  return port;
}

function envWorkers(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`GRADIO_WORKERS must be a whole number of worker threads (0 for none), got "${raw}".`);
  return count;
}

function redisSettings(env: Environment, options: RedisOptions): RedisBackendOptions | null {
  const url = options.redisUrl ?? (env.GRADIO_REDIS_URL || undefined);
  if (!url) return null;
  return {
    url,
    prefix: options.redisKeyPrefix ?? env.GRADIO_REDIS_PREFIX,
    clusterLimits: options.clusterConcurrencyLimits,
    leaseMs: positiveNumber(env.GRADIO_REDIS_LEASE_MS),
    reconnectGraceMs: positiveNumber(env.GRADIO_REDIS_RECONNECT_GRACE_MS),
  };
}

export function resolveSettings(env: Environment, options: LaunchOptions): ResolvedSettings {
  return {
    serverName: options.serverName ?? (env.GRADIO_SERVER_NAME || "127.0.0.1"),
    serverPort: options.serverPort ?? envPort(env.GRADIO_SERVER_PORT) ?? 7860,
    logLevel: options.logLevel ?? envLogLevel(env.GRADIO_LOG_LEVEL),
    limits: resolveLimits(options.limits, env),
    heartbeatMs: heartbeatMs(env.GRADIO_HEARTBEAT_INTERVAL),
    shutdownGraceSeconds: graceSeconds(options.shutdownGraceSeconds, env.GRADIO_SHUTDOWN_GRACE_SECONDS),
    metrics: metricsAccess(options, env),
    encryptionKey: options.encryptionKey ?? (env.GRADIO_ENCRYPTION_KEY || undefined),
    redis: redisSettings(env, options),
    cacheDir: options.cacheDir ?? defaultCacheRoot(env.GRADIO_TEMP_DIR),
    mcpServer: mcpEnabled(options.mcpServer, env.GRADIO_MCP_SERVER),
    tokenStore: options.tokenStore === false ? null : defaultTokenStorePath(options.tokenStore, env.GRADIO_TOKEN_STORE),
    workers: options.workers ?? envWorkers(env.GRADIO_WORKERS),
    underTestRunner: env.NODE_TEST_CONTEXT !== undefined,
  };
}

/** The settings of an app started in this process, from its environment. */
export function settingsFromProcess(options: LaunchOptions): ResolvedSettings {
  return resolveSettings(process.env, options);
}

/** Build-time settings an Interface reads when it is made, before any launch. */
export function flaggingModeFromEnv(env: Environment = process.env): string | undefined {
  return env.GRADIO_FLAGGING_MODE;
}

/** A ChatInterface's flagging mode when the app does not say, as Gradio reads it. */
export function chatFlaggingModeFromEnv(env: Environment = process.env): string | undefined {
  return env.GRADIO_CHAT_FLAGGING_MODE;
}
