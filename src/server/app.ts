/** Builds the Fastify server for an app: runtime, error handling, and one plugin per route group. */
import Fastify, { LogController, type FastifyInstance } from "fastify";
import type { Blocks } from "../blocks/blocks.js";
import { parseSize } from "../files/size.js";
import { RedisRevocations } from "../queue/redis/revocations.js";
import { RedisFailureThrottle } from "../queue/redis/throttle.js";
import { auditPlugin } from "../security/audit.js";
import { bodyIdlePlugin, clientSlotsPlugin } from "../security/client-limits.js";
import { createSecurity } from "../security/context.js";
import { corsPlugin } from "../security/cors.js";
import { hostPlugin } from "../security/host.js";
import { identifyPlugin, signInPlugin } from "../security/guard.js";
import { headersPlugin } from "../security/headers.js";
import { loginRoutes } from "../security/login-routes.js";
import { rateLimitPlugin } from "../security/rate-limit.js";
import { tlsOptions } from "../security/tls.js";
import { installErrorHandler } from "./errors.js";
import { compileOnFirstUse } from "./lazy-validation.js";
import { checkI18nOption } from "../blocks/i18n.js";
import { checkOneNavbarPerPage, checkPagePaths } from "../blocks/pages.js";
import { metricsPlugin } from "./metrics.js";
import type { LaunchOptions, SecurityPluginOptions } from "./options.js";
import { callRoutes } from "./routes/call.js";
import { configRoutes } from "./routes/config.js";
import { fileRoutes } from "./routes/file.js";
import { compressed } from "./compression.js";
import { loggerOptions } from "./logger.js";
import { frontendRoutes } from "./routes/frontend.js";
import { jsModuleRoute, readJsModule } from "./routes/js-module.js";
import { closeHttp2SessionsOnClose } from "./http2.js";
import { applyServerTimeouts, HTTP2_SERVER_OPTIONS } from "./limits.js";
import { settingsFromProcess } from "./settings.js";
import { healthRoutes } from "./routes/health.js";
import { openApiRoutes } from "./routes/openapi.js";
import { queueRoutes } from "./routes/queue.js";
import { runRoutes } from "./routes/run.js";
import { streamRoutes } from "./routes/stream.js";
import { stylesRoutes } from "./routes/styles.js";
import { buildPageStyles } from "../themes/page-styles.js";
import { uploadRoutes } from "./routes/upload.js";
import { createRuntime, type Runtime } from "./runtime.js";

export interface Server {
  fastify: FastifyInstance;
  runtime: Runtime;
}

export async function createServer(
  app: Blocks,
  options: LaunchOptions = {},
  settings = settingsFromProcess(options),
): Promise<Server> {
  checkI18nOption(options.i18n);
  checkOneNavbarPerPage(app.pages, app.blocks.values(), app.blockPage);
  const tls = tlsOptions(options);
  const { limits } = settings;
  const fastify = (Fastify as unknown as (options: object) => FastifyInstance)({
    // With TLS, HTTP/2 (HTTP/1.1 still accepted): a browser's many tabs of one app share one connection
    // instead of running out of HTTP/1.1's six per host, each tab holding an event stream open.
    ...(tls ? { http2: true, https: { ...tls, ...HTTP2_SERVER_OPTIONS, allowHTTP1: true } } : {}),
    logger: loggerOptions({ logLevel: settings.logLevel, quiet: options.quiet }),
    bodyLimit: options.maxBodySize === undefined ? 10 * 1024 * 1024 : parseSize(options.maxBodySize),
    trustProxy: options.trustedProxies ?? ["127.0.0.1", "::1"],
    return503OnClosing: true,
    // Each route's request schemas compile at its first request (see lazy-validation.ts), not at start.
    ajv: { plugins: [compileOnFirstUse] },
    // Our own audit lines (one per join, upload, denial) say more than a line per request.
    logController: new LogController({ disableRequestLogging: true }),
  }) as unknown as FastifyInstance;
  if (tls) closeHttp2SessionsOnClose(fastify);
  applyServerTimeouts(fastify.server, limits);
  // Security first: its options are checked before anything starts, its hooks run before every route.
  // Security plugins see the resolved token store and bind address, not the environment.
  const securityOptions: SecurityPluginOptions = {
    ...options,
    tokenStore: settings.tokenStore ?? false,
    serverName: settings.serverName,
  };
  const security = createSecurity(app, securityOptions, fastify.log);
  const runtime = await createRuntime(app, options, settings, fastify.log);
  // Cached examples are computed now, under this server's file rules and into its file cache.
  for (const task of app.launchTasks) await task({ files: runtime.files, rootUrl: "" });
  // Replicas share their logouts through Redis, as they share their sessions (see security/revocations.ts),
  // and count failed sign-ins together, so more replicas do not mean more guesses.
  const shared = runtime.backend.shared;
  if (shared)
    security.sessions.useRevocations(new RedisRevocations(shared.redis, shared.keys, security.sessions.cookieId));
  const throttle = shared
    ? (freeFailures: number) => new RedisFailureThrottle(shared.redis, shared.keys, { freeFailures })
    : undefined;
  installErrorHandler(fastify);
  const rootSegments = new Set<string>();
  // A page at a path the server answers otherwise would never show: collected here, checked once all are in.
  fastify.addHook("onRoute", (route) => void rootSegments.add(route.url.split("/")[1] ?? ""));
  // Every API body is JSON or multipart; plain text would only reach the schema check and confuse.
  fastify.removeContentTypeParser("text/plain");
  fastify.addHook("onClose", async () => runtime.close());
  // Before every route (probes included): a stalled body holds a connection whatever it is sent to.
  await fastify.register(bodyIdlePlugin(limits));
  // Probes and (token-protected) metrics answer before the security hooks: see routes/health.ts, metrics.ts.
  await fastify.register(healthRoutes(runtime));
  await fastify.register(metricsPlugin(runtime, settings.metrics));
  await fastify.register(auditPlugin);
  await fastify.register(headersPlugin(options));
  await fastify.register(identifyPlugin(security));
  await fastify.register(hostPlugin(securityOptions));
  await fastify.register(corsPlugin(options));
  await fastify.register(signInPlugin(security));
  await fastify.register(rateLimitPlugin(options));
  await fastify.register(clientSlotsPlugin(limits));
  await fastify.register(loginRoutes({ ...security, throttle }));
  await fastify.register(queueRoutes(runtime));
  await fastify.register(streamRoutes(runtime));
  await fastify.register(callRoutes(runtime));
  await fastify.register(runRoutes(runtime));
  // The MCP SDK (and zod beneath it) loads only for an app that serves MCP.
  if (settings.mcpServer) await fastify.register((await import("./routes/mcp.js")).mcpRoutes(runtime));
  await fastify.register(uploadRoutes(runtime));
  await fastify.register(fileRoutes(runtime));
  const jsModule = app.options.jsModule ? [jsModuleRoute(await readJsModule(app.options.jsModule))] : [];
  // Bad cssPaths/head fail the start; the runtime already holds a queue and a cache, so close it first.
  const styles = await buildPageStyles(app, options, runtime.files.policy).catch(async (error: unknown) => {
    await fastify.close();
    throw error;
  });
  await fastify.register(
    compressed(
      configRoutes(runtime, styles),
      openApiRoutes(runtime),
      frontendRoutes(styles.headHtml, app.pages.map(([path]) => path).filter(Boolean)),
      ...jsModule,
    ),
  );
  // Compressed once, when built (see routes/styles.ts), not per request.
  await fastify.register(stylesRoutes(styles));
  try {
    await fastify.after();
    checkPagePaths(app.pages, rootSegments);
  } catch (error) {
    await fastify.close();
    throw error;
  }
  return { fastify, runtime };
}
