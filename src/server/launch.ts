/** `demo.launch()`: listen, print the URL, and hand back a way to stop. */
import type { Blocks } from "../blocks/blocks.js";
import { createServer } from "./app.js";
import type { LaunchOptions, RunningApp } from "./options.js";
import { settingsFromProcess } from "./settings.js";
import { registerShutdown, shutdownGracefully, stopOnSignals } from "./shutdown.js";

export async function launch(app: Blocks, options: LaunchOptions = {}): Promise<RunningApp> {
  const settings = settingsFromProcess(options);
  const { serverName: host, serverPort: port, shutdownGraceSeconds: grace } = settings;
  const { fastify, runtime } = await createServer(app, options, settings);
  await fastify.listen({ host, port });
  // Worker threads start with the first fn that runs in one (see src/workers/pool.ts): an app whose
  // fns are never called pays neither their memory nor the app's second and third import at start.
  const address = fastify.server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const url = `${options.sslCertfile ? "https" : "http"}://${shownHost}:${actualPort}`;
  if (!options.quiet) console.log(`* Running on local URL:  ${url}`);

  let forgetSignals = () => {};
  const releaseApp = () => {
    for (const task of app.closeTasks.splice(0)) task();
  };
  const shutdown = async (seconds = grace) => {
    forgetSignals();
    releaseApp();
    if (!options.quiet) console.log(`* Shutting down: finishing running events (up to ${seconds} s)`);
    return shutdownGracefully(fastify, runtime, seconds);
  };
  registerShutdown(fastify, shutdown);
  if (options.handleSignals !== false) forgetSignals = stopOnSignals(shutdown);
  return {
    url,
    port: actualPort,
    fastify,
    close: async () => {
      forgetSignals();
      releaseApp();
      const closing = fastify.close();
      // Long-lived streams (heartbeats, session streams) would otherwise keep close() waiting for
      // their clients; an explicit close ends them. SIGTERM takes the graceful path instead.
      (fastify.server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await closing;
    },
  };
}
