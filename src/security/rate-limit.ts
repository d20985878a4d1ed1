/**
 * Request rate limits (through @fastify/rate-limit): with `rateLimit: { max, windowSeconds }`, each
 * signed-in user (or each IP when anonymous) may make `max` queue/join, call and upload requests per
 * window; the next gets 429 with Retry-After while everyone else is still served. The plugin is always
 * registered, because the sign-in route carries its own limit even when the option is off.
 */
import rateLimit from "@fastify/rate-limit";
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { SecurityOptions } from "../server/options.js";
import { auditDenial } from "./audit.js";
import { RateLimitedError, SecurityConfigError } from "./errors.js";

/** The routes `rateLimit` counts: everything that runs code or stores files. */
export const LIMITED_ROUTES: ReadonlySet<string> = new Set([
  "/gradio_api/queue/join",
  "/gradio_api/call/:api_name",
  "/gradio_api/call/:api_name/",
  "/gradio_api/call/v2/:api_name",
  "/gradio_api/call/v2/:api_name/",
  "/gradio_api/run/:api_name",
  "/gradio_api/run/:api_name/",
  "/gradio_api/mcp",
  "/gradio_api/mcp/",
  "/gradio_api/mcp/messages",
  "/gradio_api/mcp/messages/",
  "/gradio_api/upload",
  "/gradio_api/upload/",
]);

/** Signed-in users are counted by name (wherever they connect from), others by IP. */
export function rateLimitKey(request: FastifyRequest): string {
  return request.gradioUser ? `user:${request.gradioUser.username}` : `ip:${request.ip}`;
}

export function checkRateLimit(limit: SecurityOptions["rateLimit"]): SecurityOptions["rateLimit"] {
  if (
    limit !== undefined &&
    (typeof limit !== "object" ||
      limit === null ||
      !Number.isInteger(limit.max) ||
      limit.max < 1 ||
      !Number.isFinite(limit.windowSeconds) ||
      limit.windowSeconds <= 0)
  ) {
    throw new SecurityConfigError("rateLimit must be { max: a whole number ≥ 1, windowSeconds: a number > 0 }.");
  }
  return limit;
}

export const rateLimitPlugin = (options: Pick<SecurityOptions, "rateLimit">): FastifyPluginAsync =>
  fp(
    async (fastify) => {
      const limit = checkRateLimit(options.rateLimit);
      await fastify.register(rateLimit, {
        global: limit !== undefined,
        max: limit?.max ?? 1000,
        timeWindow: (limit?.windowSeconds ?? 60) * 1000,
        keyGenerator: rateLimitKey,
        allowList: (request) => !LIMITED_ROUTES.has(request.routeOptions.url ?? ""),
        addHeadersOnExceeding: {
          "x-ratelimit-limit": false,
          "x-ratelimit-remaining": false,
          "x-ratelimit-reset": false,
        },
        errorResponseBuilder: (request, context) => {
          auditDenial(request, context.statusCode, "rate limited");
          return new RateLimitedError(Math.max(1, Math.ceil(context.ttl / 1000)));
        },
      });
    },
    { name: "gradio-ts-rate-limit", dependencies: ["gradio-ts-identify"] },
  );
