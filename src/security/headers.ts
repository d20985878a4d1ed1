/**
 * Browser protections on every response (through helmet): a strict Content-Security-Policy
 * (scripts and stylesheets only from this origin, never inline; style attributes allowed), `nosniff`, a referrer policy,
 * frame-ancestors from `frameAncestors`, and HSTS when the request came over HTTPS. Routes that set
 * their own CSP (file downloads are sandboxed) keep theirs.
 *
 * An event-stream route (`config: { eventStream: true }`) gets the same headers, written with its
 * stream's head (see server/sse.ts) or, when it answers otherwise (a refusal, an error), just before
 * that answer: set on Node's response up front, they would stay in a copy of their own for as long as
 * the stream is open, and a crowd of waiting callers each holds one open.
 */
import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import helmet from "helmet";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, onSendHookHandler } from "fastify";
import fp from "fastify-plugin";
import type { SecurityOptions } from "../server/options.js";
import { SecurityConfigError } from "./errors.js";

// eslint-disable-next-line security/detect-unsafe-regex -- a developer's CSP setting, read once at launch; linear: the optional port follows a host without ":"
const SOURCE = /^('self'|'none'|https?:\/\/[a-z0-9.-]+(:\d{1,5})?|https?:\/\/\*\.[a-z0-9.-]+)$/i;
export const HSTS_VALUE = "max-age=31536000; includeSubDomains";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route answers with a long-lived event stream: see the top of this file. */
    eventStream?: boolean;
  }
}

/** A flat `[name, value, name, value...]` list, as Node's `writeHead` takes it. */
export type HeaderList = readonly string[];

const DEFERRED = Symbol("gradio-ts.deferredSecurityHeaders");
interface WithDeferredHeaders {
  [DEFERRED]?: HeaderList | undefined;
}

/**
 * The security headers an event-stream route is to write itself, handed over once; null when they
 * are already on the response (any other route).
 */
export function takeSecurityHeaders(request: FastifyRequest): HeaderList | null {
  const deferred = (request as WithDeferredHeaders)[DEFERRED];
  if (!deferred) return null;
  (request as WithDeferredHeaders)[DEFERRED] = undefined;
  return deferred;
}

type HelmetMiddleware = ReturnType<typeof helmet>;

/**
 * What the middleware sets on a response, in its order and casing. Every directive here is a constant,
 * so this is the same for every request and is worked out once, on a response that is never sent.
 */
function helmetHeaders(setHeaders: HelmetMiddleware): HeaderList {
  const response = new ServerResponse(new IncomingMessage(new Socket()));
  let outcome: { error?: unknown } | null = null;
  setHeaders(response.req, response, (error?: unknown) => (outcome = { error }));
  if (!outcome) throw new SecurityConfigError("The security headers could not be worked out at start.");
  if ((outcome as { error?: unknown }).error) throw (outcome as { error: unknown }).error;
  // Node has it on every outgoing message; its type declarations list it for client requests only.
  const names = (response as ServerResponse & { getRawHeaderNames(): string[] }).getRawHeaderNames();
  return names.flatMap((name) => [name, String(response.getHeader(name))]);
}

/** An event-stream route answering without its stream (refused, failed): the deferred headers go on now. */
const applyDeferredHeaders: onSendHookHandler = (request, reply: FastifyReply, payload, done) => {
  const deferred = takeSecurityHeaders(request);
  for (let i = 0; deferred && i < deferred.length; i += 2)
    if (!reply.hasHeader(deferred[i]!)) reply.raw.setHeader(deferred[i]!, deferred[i + 1]!);
  done(null, payload);
};

export function checkFrameAncestors(list: readonly string[] | undefined): string[] {
  const sources = list && list.length > 0 ? [...list] : ["'self'"];
  for (const source of sources) {
    if (!SOURCE.test(source))
      throw new SecurityConfigError(
        `frameAncestors: "${source}" is not a CSP source: use "'self'", "'none'" or an origin such as "https://example.com".`,
      );
  }
  return sources;
}

/** The CSP directives of HTML pages (exported so tests and docs show the same thing). */
export function cspDirectives(frameAncestors: readonly string[]): Record<string, string[]> {
  return {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    // Stylesheets (the app's, its theme.css and custom.css) only from this origin, never a <style> element.
    "style-src": ["'self'"],
    "style-src-elem": ["'self'"],
    // Style *attributes* in the app's HTML (gr.HTML, Markdown) apply, as in Gradio. An attribute has no
    // selector, so it cannot read the page (CSS exfiltration needs selectors and fetches); its url()s
    // are still bound by img-src/font-src, the sanitizer drops them and fixed positioning, and the
    // HTML's box contains its paint, so a style can only redress the block it is in.
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "media-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    // blob: URLs are made by the page itself from bytes it already holds (a 3D model's embedded
    // textures are decoded by fetching one); they reach no other origin.
    "connect-src": ["'self'", "blob:"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": [...frameAncestors],
  };
}

export const headersPlugin = (
  options: Pick<SecurityOptions, "frameAncestors" | "allowedOrigins">,
): FastifyPluginAsync =>
  fp(
    async (fastify) => {
      const ancestors = checkFrameAncestors(options.frameAncestors);
      const embeddable = !(ancestors.length === 1 && (ancestors[0] === "'self'" || ancestors[0] === "'none'"));
      // The middleware is built once: its CSP is parsed and checked here, not for every request.
      const setHeaders = helmet({
        // `upgrade-insecure-requests` would break plain-HTTP deployments; HSTS is added per request below.
        contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(ancestors) },
        strictTransportSecurity: false,
        // X-Frame-Options cannot name other origins; when the app may be embedded, CSP alone decides.
        xFrameOptions: embeddable ? false : { action: ancestors[0] === "'none'" ? "deny" : "sameorigin" },
        referrerPolicy: { policy: "strict-origin-when-cross-origin" },
        crossOriginEmbedderPolicy: false,
        // Pages of other origins may load this app's files only when the developer let them in.
        crossOriginResourcePolicy: {
          policy: embeddable || (options.allowedOrigins?.length ?? 0) > 0 ? "cross-origin" : "same-origin",
        },
      });
      const streamHeaders = helmetHeaders(setHeaders);
      const streamHeadersOverHttps = [...streamHeaders, "strict-transport-security", HSTS_VALUE];
      fastify.addHook("onRoute", (route) => {
        if (route.config?.eventStream !== true) return;
        const own = route.onSend;
        route.onSend = [...(own === undefined ? [] : Array.isArray(own) ? own : [own]), applyDeferredHeaders];
      });
      // A callback hook: no promise per request. Routes that set their own CSP later replace this one.
      fastify.addHook("onRequest", (request, reply, done) => {
        if (request.method === "GET" && request.routeOptions.config.eventStream === true) {
          (request as WithDeferredHeaders)[DEFERRED] =
            request.protocol === "https" ? streamHeadersOverHttps : streamHeaders;
          return done();
        }
        setHeaders(request.raw, reply.raw, (error?: unknown) => {
          if (error) return done(error instanceof Error ? error : new Error(String(error)));
          if (request.protocol === "https") reply.header("strict-transport-security", HSTS_VALUE);
          done();
        });
      });
    },
    { name: "gradio-ts-headers" },
  );
