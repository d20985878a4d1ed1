/**
 * DNS-rebinding defence for apps bound to loopback. A hostile site can point its own name at 127.0.0.1;
 * the browser then treats the app as that site's origin, so Origin checks pass. The Host header still
 * carries the hostile name, so an app listening only on loopback answers only to loopback names, plus
 * the public host of `rootPath` and whatever `allowedHosts` adds.
 */
import type { FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import type { SecurityPluginOptions } from "../server/options.js";
import { auditDenial } from "./audit.js";

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1"];
const LOOPBACK_BINDS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** The host name of a Host header, lower-cased, without port or IPv6 brackets; null when malformed. */
export function hostName(header: string | undefined): string | null {
  if (!header || header.length > 255) return null;
  // eslint-disable-next-line security/detect-unsafe-regex -- linear: the optional port starts with ":", which the host part cannot take; header size is capped by Node
  const match = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/i.exec(header) ?? /^([a-z0-9.-]+)(?::\d{1,5})?$/i.exec(header);
  return match ? match[1]!.toLowerCase().replace(/\.$/, "") : null;
}

/** `allowed` entries are exact names, or `.example.com` for that domain and all below it. */
export function isAllowedHost(name: string | null, allowed: readonly string[]): boolean {
  if (name === null) return false;
  return allowed.some((entry) => {
    const rule = entry.toLowerCase();
    return rule.startsWith(".") ? name === rule.slice(1) || name.endsWith(rule) : name === rule;
  });
}

/** The hosts this app answers to, or null for any (an app bound to a public interface). */
/** `serverName`: the resolved bind address (option, else GRADIO_SERVER_NAME; see settings.ts). */
export function allowedHostsFor(
  options: Pick<SecurityPluginOptions, "serverName" | "allowedHosts" | "rootPath">,
): string[] | null {
  const bind = options.serverName ?? "127.0.0.1";
  const extra = [...(options.allowedHosts ?? [])];
  if (options.rootPath && /^https?:\/\//i.test(options.rootPath))
    extra.push(new URL(options.rootPath).hostname.replace(/^\[|\]$/g, ""));
  if (extra.includes("*")) return null;
  if (!LOOPBACK_BINDS.has(bind)) return extra.length > 0 ? [...LOOPBACK_NAMES, ...extra] : null;
  return [...LOOPBACK_NAMES, ...extra];
}

export const hostPlugin = (
  options: Pick<SecurityPluginOptions, "serverName" | "allowedHosts" | "rootPath">,
): FastifyPluginAsync =>
  fp(
    async (fastify) => {
      const allowed = allowedHostsFor(options);
      if (allowed === null) return;
      fastify.addHook("onRequest", async (request, reply) => {
        // HTTP/2 carries the host as `:authority`. Not `request.host`: from a trusted proxy that reads
        // X-Forwarded-Host, which a rebound page can set itself.
        const host = request.headers.host ?? (request.headers[":authority"] as string | undefined);
        if (isAllowedHost(hostName(host), allowed)) return;
        auditDenial(request, 403, "host not allowed");
        return reply.code(403).send({
          detail:
            "This host name is not allowed. If the app is reached under this name, add it to launch({ allowedHosts }).",
        });
      });
    },
    { name: "gradio-ts-host" },
  );
