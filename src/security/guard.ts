/**
 * Who is calling, and may they? Two global `onRequest` hooks. The first reads the session cookie (or,
 * when configured, the identity header of a trusted proxy) into `request.gradioUser`. The second, when
 * sign-in is required, lets only the sign-in routes through without a session (deny by default, so a
 * route added later is protected too): others answer 401, and `GET /` answers with the sign-in page.
 */
import cookie from "@fastify/cookie";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { SecurityOptions } from "../server/options.js";
import type { SessionUser } from "./auth.js";
import { auditDenial } from "./audit.js";
import { SessionsUnavailableError } from "./errors.js";
import { type LoginNotice, loginPage } from "./login-page.js";
import { isOidcAuth } from "./oidc.js";
import type { SessionStore } from "./session.js";
import { bearerToken, TokenStore } from "./tokens.js";
import { signInRequired } from "./sign-in.js";

/** Routes anyone may reach, signed in or not. */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  "/login",
  "/login/",
  // OpenID Connect: the provider sends the browser back here (see oidc-routes.ts).
  "/login/callback",
  "/login/callback/",
  "/logout",
  "/logout/",
  "/gradio_api/login_check",
  "/gradio_api/login_check/",
  "/gradio_api/user",
  "/gradio_api/user/",
  "/favicon.ico",
]);

export function notAuthenticatedBody(authMessage: string | null | undefined) {
  return { detail: { error: "Not authenticated", auth_message: authMessage ?? null } };
}

export function sendNotAuthenticated(reply: FastifyReply, authMessage: string | null | undefined) {
  return reply.code(401).header("cache-control", "no-store").send(notAuthenticatedBody(authMessage));
}

const ROLE_SPLIT = /[\s,;]+/;
const ROLE = /^[\w.:-]{1,64}$/;

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export interface GuardSettings {
  sessions: SessionStore;
  options: Pick<SecurityOptions, "auth" | "authMessage" | "identityProxy" | "trustedProxies" | "tokenStore">;
  title: string;
}

export { signInRequired };

/**
 * The first half: who is calling. An API token (`Authorization: Bearer gts_…`) wins; a token that is
 * unknown or revoked is refused with 401 at once, never taken as anonymous. Otherwise the session
 * cookie, or a trusted proxy's identity header.
 */
export const identifyPlugin = ({
  sessions,
  options,
}: Pick<GuardSettings, "sessions" | "options">): FastifyPluginAsync =>
  fp(
    async (fastify) => {
      await fastify.register(cookie);
      fastify.decorateRequest("gradioUser", null);
      const trusted = new Set(options.trustedProxies ?? ["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

      const fromProxy = (request: FastifyRequest): SessionUser | null => {
        const proxy = options.identityProxy;
        if (!proxy || !trusted.has(request.socket.remoteAddress ?? "")) return null;
        const username = headerValue(request, proxy.userHeader)?.trim();
        if (!username || username.length > 256 || /[\u0000-\u001f\u007f]/.test(username)) return null;
        const rolesText = proxy.rolesHeader ? (headerValue(request, proxy.rolesHeader) ?? "") : "";
        const roles = rolesText.split(ROLE_SPLIT).filter((r) => ROLE.test(r));
        return { username, roles: [...new Set(roles)] };
      };

      const tokens = options.tokenStore === false ? null : new TokenStore(options.tokenStore);

      fastify.addHook("onRequest", async (request, reply) => {
        const presented = tokens ? bearerToken(request.headers.authorization) : null;
        if (presented !== null) {
          let user: SessionUser | null = null;
          try {
            user = tokens!.verify(presented);
          } catch (error) {
            request.log.error({ err: error }, "the API token store could not be read");
          }
          if (!user) {
            auditDenial(request, 401, "bad API token");
            return reply
              .code(401)
              .header("cache-control", "no-store")
              .send({ detail: { error: "Invalid or revoked API token", auth_message: null } });
          }
          request.gradioUser = user;
          return;
        }
        const cookies = request.cookies ?? {};
        const token = cookies[sessions.secureCookieName] ?? cookies[sessions.plainCookieName];
        let user: SessionUser | null = null;
        // eslint-disable-next-line security/detect-possible-timing-attacks -- compares with undefined, not with a secret
        if (token !== undefined) {
          try {
            user = await sessions.verify(token);
          } catch (error) {
            // Whether this session was logged out cannot be known: refuse rather than guess.
            request.log.error({ err: error }, "the session store could not be read");
            const refusal = new SessionsUnavailableError("Checking your session");
            return reply.code(refusal.statusCode).header("cache-control", "no-store").send({ detail: refusal.message });
          }
        }
        request.gradioUser = user ?? fromProxy(request);
      });
    },
    { name: "gradio-ts-identify" },
  );

/**
 * The second half, registered after the CORS hook (so preflights and cross-origin refusals come first):
 * without a session, only the public routes answer.
 */
export const signInPlugin = ({ options, title }: Pick<GuardSettings, "options" | "title">): FastifyPluginAsync =>
  fp(
    async (fastify) => {
      // Without sign-in there is nothing to check: no hook, rather than one that returns on every request.
      if (!signInRequired(options)) return;
      const provider = isOidcAuth(options.auth) ? options.auth.providerName : undefined;
      fastify.addHook("onRequest", async (request, reply) => {
        if (request.gradioUser) return;
        const route = request.routeOptions.url;
        if (route !== undefined && PUBLIC_ROUTES.has(route)) return;
        if (route === "/" && (request.method === "GET" || request.method === "HEAD")) {
          const flag = (request.query as { login_error?: string } | undefined)?.login_error;
          const notice: LoginNotice = flag === "1" ? "failed" : flag === "wait" ? "wait" : null;
          return reply
            .code(200)
            .header("cache-control", "no-store")
            .type("text/html; charset=utf-8")
            .send(
              options.identityProxy && !options.auth
                ? "Sign in through your organisation's proxy."
                : loginPage({ title, authMessage: options.authMessage, notice, provider }),
            );
        }
        auditDenial(request, 401, "no session");
        return sendNotAuthenticated(reply, options.authMessage);
      });
    },
    { name: "gradio-ts-sign-in", dependencies: ["gradio-ts-identify"] },
  );
