/**
 * The OpenID Connect routes: `GET /login` sends the browser to the provider (with state, nonce and
 * PKCE), `GET /login/callback` checks what comes back, exchanges the code, and signs the user in with
 * the same session cookie a password sign-in gives. Everything in the callback's query is the
 * attacker's to choose, so it is checked for shape and size before anything else; failures are
 * audited and answered with a short page (or JSON), never a stack trace.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { computeRootUrl } from "../server/root-url.js";
import { audit } from "./audit.js";
import { escapeHtml } from "./login-page.js";
import { type OidcClient, OidcFailure } from "./oidc.js";
import { safeRedirectPath } from "./redirect.js";
import { issueOrRefuse, type SessionStore } from "./session.js";

export const OIDC_CALLBACK_PATH = "/login/callback";

type CookieOptions = { httpOnly: boolean; sameSite: "lax" | "none"; secure: boolean; path: string; maxAge: number };

export interface OidcRouteSettings {
  oidc: OidcClient;
  sessions: SessionStore;
  rootPath: string | undefined;
  trustedProxies: readonly string[] | undefined;
  /** The app's home path ("/" or "<base>/"). */
  home: string;
  /** The session cookie's attributes (shared with the password sign-in). */
  cookieOptions: (request: FastifyRequest) => CookieOptions;
  rateLimit: object;
}

/** Bounds on the callback's parameters: anything longer is not something a provider sends. */
const LIMITS: Record<string, number> = {
  code: 4096,
  state: 512,
  error: 128,
  error_description: 1024,
  error_uri: 1024,
  iss: 1024,
  session_state: 1024,
  scope: 1024,
};
const MAX_QUERY = 8192;
const LOOPBACK = ["127.0.0.1", "::1", "::ffff:127.0.0.1"];

export const trustedSet = (trustedProxies: readonly string[] | undefined): ReadonlySet<string> =>
  new Set(trustedProxies ?? LOOPBACK);

/** The app's public root URL for this request: `rootPath` when it is a full URL, else the request's own. */
export function appRootUrl(
  request: FastifyRequest,
  routePath: string,
  rootPath: string | undefined,
  trusted: ReadonlySet<string>,
): string {
  return computeRootUrl(
    {
      protocol: request.protocol,
      host: request.host,
      url: request.url,
      headers: request.headers,
      fromTrustedProxy: trusted.has(request.socket.remoteAddress ?? ""),
    },
    routePath,
    rootPath,
  );
}

const wantsHtml = (request: FastifyRequest) => (request.headers.accept ?? "").includes("text/html");

function failurePage(message: string, retry: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>Sign-in failed</title>
<style>body{font-family:system-ui,sans-serif;background:#f6f7f9;color:#1f2328;display:flex;min-height:100vh;align-items:center;justify-content:center;margin:0}main{background:#fff;border:1px solid #d0d7de;border-radius:12px;padding:2rem;width:min(24rem,90vw)}a{color:#c2410c}</style>
</head>
<body><main><h1>Sign-in failed</h1><p role="alert">${escapeHtml(message)}</p><p><a href="${escapeHtml(retry)}">Sign in again</a></p></main></body>
</html>
`;
}

export const oidcRoutes =
  (settings: OidcRouteSettings): FastifyPluginAsync =>
  async (fastify) => {
    const { oidc, sessions, home } = settings;
    const trusted = trustedSet(settings.trustedProxies);
    const stateCookie = `gradio-oidc-${sessions.cookieId}`;
    const stateCookieOptions = (request: FastifyRequest) => ({
      httpOnly: true,
      sameSite: "lax" as const,
      secure: request.protocol === "https",
      path: "/",
      maxAge: 600,
    });
    const retry = `${home}login`;

    const rootUrl = (request: FastifyRequest, routePath: string) =>
      appRootUrl(request, routePath, settings.rootPath, trusted);

    const fail = (request: FastifyRequest, reply: FastifyReply, failure: OidcFailure) => {
      audit(request, "login", { status: failure.status, outcome: "failure", method: "oidc", reason: failure.reason });
      reply
        .clearCookie(stateCookie, { path: "/", httpOnly: true, sameSite: "lax", secure: request.protocol === "https" })
        .code(failure.status)
        .header("cache-control", "no-store");
      if (wantsHtml(request))
        return reply.type("text/html; charset=utf-8").send(failurePage(failure.publicMessage, retry));
      return reply.send({ detail: failure.publicMessage });
    };

    const start = async (request: FastifyRequest, reply: FastifyReply) => {
      const query = (request.query ?? {}) as Record<string, unknown>;
      const asked = safeRedirectPath(query._target_url) ?? safeRedirectPath(query.next);
      // Kept short: it travels in the sign-in cookie.
      const target = asked !== null && asked.length <= 512 ? asked : home;
      const routePath = request.routeOptions.url ?? "/login";
      const redirectUri = `${rootUrl(request, routePath)}${OIDC_CALLBACK_PATH}`;
      let started: { url: string; cookie: string };
      try {
        started = await oidc.start(redirectUri, target);
      } catch (error) {
        request.log.error({ err: error }, "OpenID Connect discovery failed");
        return fail(
          request,
          reply,
          new OidcFailure(
            502,
            "discovery failed",
            "The identity provider could not be reached. Please try again later.",
          ),
        );
      }
      reply.setCookie(stateCookie, started.cookie, stateCookieOptions(request)).header("cache-control", "no-store");
      return reply.redirect(started.url, 302);
    };

    const callback = async (request: FastifyRequest, reply: FastifyReply) => {
      const raw = request.url.includes("?") ? request.url.slice(request.url.indexOf("?") + 1) : "";
      if (raw.length > MAX_QUERY)
        return fail(
          request,
          reply,
          new OidcFailure(400, "query too long", "The sign-in answer was malformed. Please sign in again."),
        );
      const query = new URLSearchParams(raw);
      const seen = new Set<string>();
      for (const [name, value] of query) {
        const limit = LIMITS[name] ?? 1024;
        if (seen.has(name) || value.length > limit || /[\u0000-\u001f\u007f]/.test(value)) {
          return fail(
            request,
            reply,
            new OidcFailure(
              400,
              `bad parameter ${name.slice(0, 32).replace(/[^\w-]/g, "?")}`,
              "The sign-in answer was malformed. Please sign in again.",
            ),
          );
        }
        seen.add(name);
      }
      const pending = oidc.open(request.cookies[stateCookie]);
      const error = query.get("error");
      if (error !== null) {
        const code = /^[\w.-]{1,64}$/.test(error) ? error : "malformed";
        return fail(
          request,
          reply,
          new OidcFailure(
            401,
            `provider error ${code}`,
            "The identity provider did not sign you in (cancelled or refused).",
          ),
        );
      }
      if (!pending)
        return fail(
          request,
          reply,
          new OidcFailure(
            400,
            "no sign-in in progress",
            "This sign-in was not started here, or has expired. Please sign in again.",
          ),
        );
      if (!query.get("code") || !query.get("state"))
        return fail(
          request,
          reply,
          new OidcFailure(400, "missing code or state", "The sign-in answer was malformed. Please sign in again."),
        );
      let user;
      try {
        user = await oidc.finish(pending, query);
      } catch (failure) {
        if (failure instanceof OidcFailure) return fail(request, reply, failure);
        request.log.error({ err: failure }, "OpenID Connect sign-in failed");
        return fail(
          request,
          reply,
          new OidcFailure(500, "unexpected error", "The sign-in could not be completed. Please try again."),
        );
      }
      request.gradioUser = user;
      const token = await issueOrRefuse(request, sessions, user);
      const name = request.protocol === "https" ? sessions.secureCookieName : sessions.plainCookieName;
      reply
        .clearCookie(stateCookie, { path: "/", httpOnly: true, sameSite: "lax", secure: request.protocol === "https" })
        .setCookie(name, token, settings.cookieOptions(request))
        .header("cache-control", "no-store");
      audit(request, "login", { status: 303, outcome: "success", method: "oidc" });
      return reply.redirect(safeRedirectPath(pending.target) ?? home, 303);
    };

    const route = { config: { rateLimit: settings.rateLimit } };
    fastify.get("/login", route, start);
    fastify.get("/login/", route, start);
    fastify.get(OIDC_CALLBACK_PATH, route, callback);
    fastify.get(`${OIDC_CALLBACK_PATH}/`, route, callback);
  };
