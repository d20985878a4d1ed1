/**
 * CORS and cross-site request forgery, in one `onRequest` hook that runs before everything else.
 * Same origin only by default; `allowedOrigins` grants more origins in the shape Gradio's protocol
 * describes (echoed origin, credentials, `Vary: Origin`). A state-changing request from any other
 * origin is refused with 403 before it reaches a route; a preflight from one gets no grant.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { SecurityPluginOptions } from "../server/options.js";
import { auditDenial } from "./audit.js";
import { canonicalOrigin, classifyOrigin, isForgedRequest, parseAllowedOrigins, requestOrigin } from "./origin.js";

const ALLOWED_METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT";
// eslint-disable-next-line security/detect-unsafe-regex -- linear: a `,` separates the names, which cannot contain one; header size is capped by Node
const HEADER_LIST = /^[\w-]+(\s*,\s*[\w-]+)*$/;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export const corsPlugin = (options: Pick<SecurityPluginOptions, "allowedOrigins" | "rootPath">): FastifyPluginAsync =>
  fp(
    async (fastify) => {
      const allowed = parseAllowedOrigins(options.allowedOrigins);
      const publicOrigin =
        options.rootPath && /^https?:\/\//i.test(options.rootPath)
          ? canonicalOrigin(new URL(options.rootPath).origin)
          : null;

      const grant = (reply: FastifyReply, origin: string) =>
        reply
          .header("access-control-allow-origin", origin)
          .header("access-control-allow-credentials", "true")
          .header("vary", "Origin");

      fastify.addHook("onRequest", async (request, reply) => {
        const origin = header(request, "origin");
        const self = [requestOrigin(request.protocol, request.host), publicOrigin].filter(
          (o): o is string => o !== null,
        );
        const verdict = classifyOrigin({ origin, selfOrigins: self, allowed });
        const preflight =
          request.method === "OPTIONS" && header(request, "access-control-request-method") !== undefined;

        if (preflight) {
          if (verdict !== "allowed" && verdict !== "same") {
            auditDenial(request, 403, "cross-origin preflight refused");
            return reply.code(403).send({ detail: "Cross-origin request refused." });
          }
          const requested = header(request, "access-control-request-headers");
          grant(reply, origin as string)
            .header("access-control-allow-methods", ALLOWED_METHODS)
            .header("access-control-max-age", "600");
          if (requested && requested.length < 1024 && HEADER_LIST.test(requested))
            reply.header("access-control-allow-headers", requested);
          return reply.code(200).type("text/plain; charset=utf-8").send("OK");
        }
        if (isForgedRequest(request.method, verdict, header(request, "sec-fetch-site"))) {
          auditDenial(request, 403, "cross-origin request refused");
          return reply.code(403).send({ detail: "Cross-origin request refused." });
        }
        if (verdict === "allowed") grant(reply, origin as string);
      });
    },
    { name: "gradio-ts-cors" },
  );
