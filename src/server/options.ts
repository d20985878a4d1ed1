/** Everything `launch()` takes, and what it gives back. */
import type { FastifyInstance } from "fastify";

export interface LaunchOptions {
  /** Interface to listen on; `GRADIO_SERVER_NAME` overrides the default 127.0.0.1. */
  serverName?: string;
  /** Port; `GRADIO_SERVER_PORT` overrides the default 7860. 0 picks a free port. */
  serverPort?: number;
  /** Largest upload accepted: `"5mb"`, `"2 GB"`, bytes, or `gr.FileSize.MB * 5`. */
  maxFileSize?: number | string | null;
  /** Folders (or files) whose files users may download and fns may return. */
  allowedPaths?: string[];
  /** Never served nor cached, whatever else says so. */
  blockedPaths?: string[];
  /** Where uploaded and returned files are kept; defaults to `GRADIO_TEMP_DIR` or `<tmp>/gradio-ts`. */
  cacheDir?: string;
  /** Remove the cache directory when the app closes. */
  deleteCacheOnClose?: boolean;
  /** Show the text of unexpected errors to callers (off by default: it may reveal internals). */
  showError?: boolean;
  /** Public path or URL the app is served under behind a reverse proxy. */
  rootPath?: string;
  /** Addresses whose X-Forwarded-* headers are believed; loopback by default. */
  trustedProxies?: string[];
  /** Largest JSON request body, in bytes or a size string. */
  maxBodySize?: number | string;
  /** Print the URL when listening (on by default). */
  quiet?: boolean;
  /** Log level of the server's structured log: "info" by default, "silent" to turn it off. */
  logLevel?: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
}

export interface RunningApp {
  /** The URL the app answers on, e.g. `http://127.0.0.1:7860`. */
  url: string;
  port: number;
  fastify: FastifyInstance;
  close(): Promise<void>;
}
