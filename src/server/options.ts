/** Everything `launch()` takes, and what it gives back. */
import type { FastifyInstance } from "fastify";
import type { I18n } from "../blocks/i18n.js";
import type { AuthOption } from "../security/auth.js";
import type { OidcAuth } from "../security/oidc.js";
import type { Theme, ThemeName } from "../themes/theme.js";

/** How the server listens, logs and stops (src/server/). */
export interface ServerOptions {
  /** Interface to listen on; `GRADIO_SERVER_NAME` overrides the default 127.0.0.1. */
  serverName?: string;
  /** Port; `GRADIO_SERVER_PORT` overrides the default 7860. 0 picks a free port. */
  serverPort?: number;
  /** Public path or URL the app is served under behind a reverse proxy. */
  rootPath?: string;
  /** Largest JSON request body, in bytes or a size string. */
  maxBodySize?: number | string;
  /** Print nothing: no URL, no errors (unless `logLevel` asks for the structured log). */
  quiet?: boolean;
  /**
   * Turns on the structured log: one JSON line per audit event, request problem and shutdown phase, at
   * this level and above (or `GRADIO_LOG_LEVEL`). Without it an app prints its URL and, readably, errors.
   */
  logLevel?: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Show the text of unexpected errors to callers (off by default: it may reveal internals). */
  showError?: boolean;
  /**
   * Serve the app's endpoints as MCP tools for agents: Streamable HTTP at `/gradio_api/mcp/`, the
   * older SSE transport at `/gradio_api/mcp/sse`. Also `GRADIO_MCP_SERVER=true`.
   */
  mcpServer?: boolean;
  /**
   * Stop gracefully on SIGTERM and SIGINT (on by default): report not ready, let running events
   * finish for up to `shutdownGraceSeconds`, tell waiting clients, close, exit. `false` leaves the
   * process's signals alone.
   */
  handleSignals?: boolean;
  /** How long running events may go on after SIGTERM; `GRADIO_SHUTDOWN_GRACE_SECONDS`, else 10. */
  shutdownGraceSeconds?: number;
  /**
   * Prometheus metrics at `/metrics`. `true`: served like any page (behind sign-in when `auth` is
   * on); `false`: off; `{ token }`: only with `Authorization: Bearer <token>`, signed in or not.
   * Default: on without `auth`, off with it; `GRADIO_METRICS_TOKEN` in the environment means `{ token }`.
   */
  metrics?: boolean | { token: string };
}

/** Files the app accepts, keeps and serves, and what it stores encrypted (src/files/, src/flagging/). */
export interface FilesOptions {
  /** Largest upload accepted: `"5mb"`, `"2 GB"`, bytes, or `gr.FileSize.MB * 5`. */
  maxFileSize?: number | string | null;
  /** Folders (or files) whose files users may download and fns may return. */
  allowedPaths?: string[];
  /** Never served nor cached, whatever else says so. */
  blockedPaths?: string[];
  /** Where uploaded and returned files are kept; defaults to `GRADIO_TEMP_DIR` or `<tmp>/gradio-ts`. */
  cacheDir?: string;
  /** Remove every file this app put in the cache when the app closes. */
  deleteCacheOnClose?: boolean;
  /**
   * `[frequencySeconds, ageSeconds]`, as Gradio's `delete_cache`: every `frequencySeconds`, files this
   * app put in the cache more than `ageSeconds` ago are removed, and all of them when the app closes.
   * E.g. `[86400, 86400]` cleans daily. Off by default (the cache only grows).
   */
  deleteCache?: readonly [frequencySeconds: number, ageSeconds: number] | null;
  /**
   * Download a file input given as an http(s) URL (a FileData whose `path` or `url` is one) into the
   * cache, as Gradio does. On by default: the one guarded fetcher (src/files/url-fetch.ts) connects
   * only to public addresses — checked after DNS and after every redirect, pinned against DNS
   * rebinding — and bounds size (`maxFileSize`, else 100 MB) and time (30 s), so a caller cannot use
   * it to reach this host or its private network. `false` refuses URL inputs (and MCP URL arguments).
   */
  fetchUrlInputs?: boolean;
  /**
   * Encrypt what the app stores (flagged samples: the CSV rows and the copied files) with AES-256-GCM.
   * A 32-byte key as 64 hex characters or base64, or a passphrase (at least 16 characters) stretched
   * with scrypt and a salt kept next to the data. Read it back with `gr.readFlags(dir, key)`.
   * `GRADIO_ENCRYPTION_KEY` in the environment does the same.
   */
  encryptionKey?: string;
}

/** Who may call the app and how (src/security/). */
export interface SecurityOptions {
  /**
   * Require sign-in: `["alice", "pw"]`, a list of such pairs (a third element gives roles:
   * `["bob", "pw", ["admin"]]`), or `async (username, password) => boolean | { roles: string[] }`.
   * Every route that runs code, returns config or API info, uploads or serves files then needs a session.
   * Or `gr.oidc({ issuer, clientId, clientSecret })`: single sign-on through an OpenID Connect provider.
   */
  auth?: AuthOption | OidcAuth;
  /** Text shown on the login page (and in 401 answers as `auth_message`). */
  authMessage?: string;
  /** Secret that signs session cookies (at least 32 characters); random per process when absent. */
  sessionSecret?: string;
  /** How long a sign-in lasts, in seconds; one day by default. */
  sessionMaxAgeSeconds?: number;
  /** Addresses whose X-Forwarded-* headers are believed; loopback by default. */
  trustedProxies?: string[];
  /**
   * Origins (besides the app's own) whose pages may call this app from a browser, e.g.
   * `["https://example.com"]`. Exact origins only: no wildcards, never `null`.
   */
  allowedOrigins?: string[];
  /**
   * Host names the app answers to. An app listening on loopback (the default) answers only to
   * localhost, 127.0.0.1 and [::1] (a defence against DNS rebinding), plus the host of `rootPath`;
   * add names here (".example.com" covers a domain and its subdomains), or "*" to accept any.
   */
  allowedHosts?: string[];
  /** Who may embed the app in a frame (CSP `frame-ancestors`): `["'self'"]` by default, e.g. `["https://example.com"]`. */
  frameAncestors?: string[];
  /**
   * Per-user (per-IP when anonymous) limit on queue/join, call and upload: `{ max: 60, windowSeconds: 60 }`.
   * Off by default; sign-in attempts are always limited.
   */
  rateLimit?: { max: number; windowSeconds: number };
  /**
   * Bounds on what one client may hold open, and on slow clients. The client is the signed-in user,
   * else the IP (the `X-Forwarded-For` of a `trustedProxies` address). Over a cap: 429 with Retry-After.
   * See {@link ConnectionLimits} for the defaults; each also has a `GRADIO_*` environment override.
   */
  limits?: ConnectionLimits;
  /** Serve HTTPS with this private key (PEM file). Needs `sslCertfile`. */
  sslKeyfile?: string;
  /** The certificate (PEM file, chain included) for `sslKeyfile`. */
  sslCertfile?: string;
  /** Passphrase of an encrypted `sslKeyfile`. */
  sslKeyfilePassword?: string;
  /**
   * Sign users in from a header set by an identity-aware proxy (SSO, SAML, OAuth2 proxy), e.g.
   * `{ userHeader: "x-forwarded-user", rolesHeader: "x-forwarded-groups" }`. Believed only from
   * `trustedProxies` addresses.
   */
  identityProxy?: { userHeader: string; rolesHeader?: string };
  /**
   * The API token file (`gradio-ts token create --role R` writes it): `Authorization: Bearer <token>`
   * then signs programs in with the token's roles. Default `GRADIO_TOKEN_STORE`, else
   * `.gradio-ts/tokens.json` in the working directory; `false` turns API tokens off.
   */
  tokenStore?: string | false;
}

/** Worker threads for the fns that block (see src/workers/pool.ts). */
export interface WorkerOptions {
  /**
   * Worker threads that run the fns that block (every sync fn and sync generator; any fn with
   * `runIn: "worker"`), so a heavy fn never stalls other callers. Default `GRADIO_WORKERS`, else one per
   * core; `0` runs every fn on the server's thread. Workers import the app's module (`appModule`).
   */
  workers?: number;
  /**
   * The module that builds this app, imported by each worker to build it again: a path or a file URL
   * (`import.meta.url`). Default: the file the CLI runs, else node's main script.
   */
  appModule?: string;
  /**
   * A pool of their own for events of these `concurrencyId`s, with this many workers each, e.g.
   * `{ heavy: 1 }`: a big model is then loaded in one thread only. `0` runs them on the server's thread.
   */
  workerGroups?: Record<string, number>;
  /** Heap limit of each worker thread, in MB: a fn that needs more fails its event, and its worker is replaced. */
  workerMaxMemoryMb?: number;
  /**
   * The longest any event may run, in seconds, unless its own `timeLimit` says otherwise. A fn in a
   * worker is stopped (its thread terminated); one on the server's thread is abandoned (`context.signal`
   * fires). The caller gets an error either way. Unset: no limit.
   */
  maxRunSeconds?: number;
}

/** Scaling out: replicas sharing one Redis (see README "Scaling out"; src/queue/redis/). */
export interface RedisOptions {
  /**
   * Run as one of several replicas sharing this Redis (`redis://host:6379/0`; `GRADIO_REDIS_URL` in the
   * environment): queue, session streams and gr.State live in Redis, so any replica serves any request.
   * Unset: everything stays in this process, and no Redis is needed.
   */
  redisUrl?: string;
  /** Prefix of every key in Redis; replicas of one app share it. Default: derived from the app's endpoints. */
  redisKeyPrefix?: string;
  /**
   * Limits that hold across all replicas, by concurrency id (`concurrencyId`, else the fn index as a
   * string), e.g. `{ gpu: 2 }`. Each replica's own `concurrencyLimit` still holds too.
   */
  clusterConcurrencyLimits?: Record<string, number>;
}

/**
 * The page's look, where Gradio 6 takes it (`demo.launch(theme=..., css=...)`); each one given here
 * wins over the same option of `Blocks` (see BlocksOptions for what they do).
 */
export interface PageOptions {
  /** `gr.I18n({ en: {...}, fr: {...} })`: the texts `i18n(key)` stands for, per language; the browser picks one. */
  i18n?: I18n;
  theme?: Theme | ThemeName;
  css?: string;
  cssPaths?: string | readonly string[];
  head?: string;
  headPaths?: string | readonly string[];
}

/** Everything `launch()` takes: one flat object, made of each subsystem's options. */
export interface LaunchOptions
  extends ServerOptions, FilesOptions, SecurityOptions, RedisOptions, WorkerOptions, PageOptions {}

/** What the security plugins read: their own options, and where the app is served from. */
export type SecurityPluginOptions = SecurityOptions & Pick<ServerOptions, "serverName" | "rootPath">;

/** `launch({ limits })`: every field is optional; an explicit value wins over its environment variable. */
export interface ConnectionLimits {
  /**
   * Event streams (queue, heartbeat, REST results, MCP) one client may hold open at once; 100 by
   * default (a browser tab holds one or two). `GRADIO_MAX_STREAMS_PER_CLIENT`.
   */
  maxStreamsPerClient?: number;
  /** Uploads one client may be sending at once; 20 by default. `GRADIO_MAX_UPLOADS_PER_CLIENT`. */
  maxUploadsPerClient?: number;
  /** Time a connection gets to send a request's headers; 30 s by default. `GRADIO_HEADERS_TIMEOUT_SECONDS`. */
  headersTimeoutSeconds?: number;
  /**
   * A request body that sends less than 1 KiB in this long is cut (408, connection closed); 30 s by
   * default. It bounds silence, not length, so a large upload that keeps sending is never cut.
   * `GRADIO_BODY_IDLE_TIMEOUT_SECONDS`.
   */
  bodyIdleTimeoutSeconds?: number;
  /**
   * Time to receive a whole request (headers and body; not the response, so event streams are not
   * affected); one hour by default, 0 for no limit. `GRADIO_REQUEST_TIMEOUT_SECONDS`.
   */
  requestTimeoutSeconds?: number;
}

export interface RunningApp {
  /** The URL the app answers on, e.g. `http://127.0.0.1:7860`. */
  url: string;
  port: number;
  fastify: FastifyInstance;
  close(): Promise<void>;
}
