/**
 * `GET /healthz` (liveness: the process answers) and `GET /readyz` (readiness: send me traffic; 503
 * once a graceful shutdown has begun, or while a replica cannot reach its Redis). Both are answered in an `onRequest` hook registered before the
 * security plugins, so probes need no session even when `auth` is on: they take no input and tell
 * nothing but "ok", "ready" or "stopping".
 */
import type { FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import type { Runtime } from "../runtime.js";
import { lifecycleOf } from "../shutdown.js";

export const HEALTH_PATHS = { live: "/healthz", ready: "/readyz" } as const;

export const healthRoutes = (runtime: Runtime): FastifyPluginAsync =>
  fp(
    async (fastify) => {
      const lifecycle = lifecycleOf(runtime);
      fastify.addHook("onRequest", async (request, reply) => {
        if (request.method !== "GET" && request.method !== "HEAD") return;
        // Every request passes here: the common case (neither probe) is told apart without splitting its URL.
        const { url } = request;
        if (!url.startsWith(HEALTH_PATHS.live) && !url.startsWith(HEALTH_PATHS.ready)) return;
        const path = url.split("?")[0];
        if (path === HEALTH_PATHS.live) {
          return reply.code(200).header("cache-control", "no-store").send({ status: "ok" });
        }
        if (path === HEALTH_PATHS.ready) {
          const stopping = lifecycle.stopping || runtime.queue.draining;
          // A replica that cannot reach its shared queue (Redis) takes no traffic until it can again.
          const status = stopping ? "stopping" : runtime.queue.healthy ? "ready" : "redis unavailable";
          return reply
            .code(status === "ready" ? 200 : 503)
            .header("cache-control", "no-store")
            .send({ status });
        }
      });
    },
    { name: "gradio-ts-health" },
  );
