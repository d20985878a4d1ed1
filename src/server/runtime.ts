/** Everything the routes share for one running app, built once at start. */
import os from "node:os";
import path from "node:path";
import type { FastifyBaseLogger, FastifyRequest } from "fastify";
import type { Blocks } from "../blocks/blocks.js";
import { GradioRequest } from "../blocks/request.js";
import type { ProcessContext } from "../components/component.js";
import type { FilePolicy } from "../files/access.js";
import { FileCache } from "../files/cache.js";
import { FileProcessor } from "../files/file-processor.js";
import { startCacheSweeper } from "../files/cache-sweeper.js";
import { privatePaths } from "../files/private-paths.js";
import { staticPathsOf } from "../blocks/static-paths.js";
import { isCaseInsensitiveDir, resolveSetting } from "../files/resolve.js";
import { parseSize } from "../files/size.js";
import {
  DEFAULT_URL_MAX_BYTES,
  DEFAULT_URL_TIMEOUT_MS,
  urlFetcher,
  type UrlFetchSettings,
} from "../files/url-fetch.js";
import { parseEncryptionKey } from "../security/encryption.js";
import { memoryBackend, redisBackend, type QueueBackend } from "../queue/backend.js";
import type { MessageChannels } from "../queue/channels.js";
import type { EventQueue } from "../queue/queue.js";
import type { RenderStore } from "../queue/renders.js";
import { Runner } from "../queue/runner.js";
import type { StateStore } from "../queue/session-state.js";
import type { LaunchOptions } from "./options.js";
import { resolveWorkerSettings, WorkerPools } from "../workers/pool.js";
import type { ResolvedSettings } from "./settings.js";
import { computeRootUrl } from "./root-url.js";

export interface Runtime {
  app: Blocks;
  options: LaunchOptions;
  /** Options and environment resolved once, at start (settings.ts). */
  settings: ResolvedSettings;
  appId: number;
  maxFileSize: number | null;
  cache: FileCache;
  files: FileProcessor;
  channels: MessageChannels;
  states: StateStore;
  /** What each session's gr.render fns built. */
  renders: RenderStore;
  runner: Runner;
  queue: EventQueue;
  /** Where events wait and run: in this process, or shared by replicas through Redis (`redisUrl`). */
  backend: QueueBackend;
  /** Worker threads for fns that block; null when every fn runs on the server's thread. */
  workers: WorkerPools | null;
  rootUrl(request: FastifyRequest, routePath: string): string;
  processContext(request: FastifyRequest, routePath: string): ProcessContext;
  gradioRequest(request: FastifyRequest, sessionHash: string): GradioRequest;
  close(): Promise<void>;
}

/** The cache and the file policy: every path setting resolved once, at start. */
async function buildFileSettings(
  options: LaunchOptions,
  cacheDir: string,
  staticPaths: readonly string[],
  workingDir: string,
): Promise<{ cache: FileCache; policy: FilePolicy }> {
  const cache = new FileCache(path.resolve(workingDir, cacheDir));
  await cache.init();
  const resolveAll = (list: readonly string[] = []) => Promise.all(list.map((p) => resolveSetting(p, workingDir)));
  // A blocked path is compared both as written and as its real path, so neither form slips through.
  const blocked = options.blockedPaths ?? [];
  const blockedPaths = [
    ...new Set([...blocked.map((p) => path.resolve(workingDir, p)), ...(await resolveAll(blocked))]),
  ];
  const policy: FilePolicy = {
    cacheDir: await resolveSetting(cache.filesDir, workingDir),
    allowedPaths: await resolveAll(options.allowedPaths),
    blockedPaths,
    // The live list: a flagging logger made after launch is private at once.
    privatePaths: privatePaths(),
    staticPaths: await resolveAll(staticPaths),
    workingDir: await resolveSetting(workingDir, workingDir),
    tempDir: await resolveSetting(os.tmpdir(), workingDir),
    caseInsensitive: await isCaseInsensitiveDir(cache.filesDir),
  };
  return { cache, policy };
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

export async function createRuntime(
  app: Blocks,
  options: LaunchOptions,
  settings: ResolvedSettings,
  logger: FastifyBaseLogger,
): Promise<Runtime> {
  // Checked first: a refused setting must fail the launch before anything is started.
  const maxRunSeconds = options.maxRunSeconds ?? null;
  if (maxRunSeconds !== null && !(typeof maxRunSeconds === "number" && maxRunSeconds > 0)) {
    throw new RangeError(`maxRunSeconds must be a positive number of seconds, got ${String(maxRunSeconds)}.`);
  }
  const workerSettings = resolveWorkerSettings(app, options, settings, logger);
  const workers = workerSettings ? new WorkerPools(workerSettings, logger) : null;
  const workingDir = process.cwd();
  const { cache, policy } = await buildFileSettings(options, settings.cacheDir, staticPathsOf(app), workingDir);
  const sweeper = options.deleteCache
    ? startCacheSweeper(cache, options.deleteCache, (err) => logger.error({ err }, "cache sweep failed"))
    : null;
  const maxFileSize =
    options.maxFileSize === undefined || options.maxFileSize === null ? null : parseSize(options.maxFileSize);
  // URL inputs go through the one guarded fetcher (public addresses only, pinned, bounded); on unless
  // `fetchUrlInputs: false` (see LaunchOptions.fetchUrlInputs for why on is the default).
  const urlInputs: UrlFetchSettings = {
    enabled: options.fetchUrlInputs ?? true,
    maxBytes: maxFileSize ?? DEFAULT_URL_MAX_BYTES,
    timeoutMs: DEFAULT_URL_TIMEOUT_MS,
    fetcher: urlFetcher,
  };
  const files = new FileProcessor(cache, policy, urlInputs);
  // Stored data (flags) is encrypted with this key; an unusable key fails the launch, not the first flag.
  const { encryptionKey } = settings;
  if (encryptionKey !== undefined) parseEncryptionKey(encryptionKey);
  app.encryptionKey = encryptionKey;
  // Several replicas share one Redis when a URL is given; otherwise everything stays in this process.
  const chooseBackend = settings.redis ? redisBackend(settings.redis) : memoryBackend();
  const backend = await chooseBackend({
    app,
    files,
    logger,
    makeRunner: ({ channels, states, renders }) =>
      new Runner({
        channels,
        states,
        renders,
        files,
        logger,
        showError: options.showError ?? false,
        workers,
        maxRunSeconds,
      }),
  });
  const { channels, states, renders, runner, queue } = backend;
  const trusted = new Set(options.trustedProxies ?? [...LOOPBACK]);

  const rootUrl = (request: FastifyRequest, routePath: string) =>
    computeRootUrl(
      {
        protocol: request.protocol,
        host: request.host,
        url: request.url,
        headers: request.headers,
        fromTrustedProxy: trusted.has(request.socket.remoteAddress ?? ""),
      },
      routePath,
      options.rootPath,
    );

  return {
    app,
    options,
    settings,
    appId: Math.floor(Math.random() * Number.MAX_SAFE_INTEGER),
    maxFileSize,
    cache,
    files,
    channels,
    states,
    renders,
    runner,
    queue,
    backend,
    workers,
    rootUrl,
    processContext: (request, routePath) => ({ files, rootUrl: rootUrl(request, routePath) }),
    gradioRequest: (request, sessionHash) =>
      new GradioRequest({
        headers: Object.fromEntries(
          Object.entries(request.headers).flatMap(([k, v]) =>
            v === undefined ? [] : [[k, Array.isArray(v) ? v.join(", ") : v]],
          ),
        ),
        clientIp: request.ip,
        sessionHash,
        username: request.gradioUser?.username ?? null,
        roles: request.gradioUser?.roles ?? [],
        query: request.query as Record<string, string>,
      }),
    async close() {
      await backend.close();
      await workers?.close();
      sweeper?.stop();
      if (app.encryptionKey === encryptionKey) app.encryptionKey = undefined;
      if (options.deleteCacheOnClose || options.deleteCache) await cache.clear();
    },
  };
}

export const packageRoot = path.resolve(new URL(".", import.meta.url).pathname, "..", "..");
