/**
 * Sign-in and sign-out, where Gradio's clients expect them: `POST /login` with form fields
 * `username`/`password` (multipart from the JS client, urlencoded from Python's and from the sign-in
 * page), answering 200 `{"success": true}` plus the session cookie, or 400 `{"detail": "Incorrect
 * credentials."}`; `GET /logout`; `GET /gradio_api/login_check` and `/gradio_api/user`.
 * Failed attempts slow down further ones for the same username from the same client, and for any
 * username from one client (an IP spraying many users); the route is always rate-limited too. Nothing
 * is counted per username alone, so a stranger's wrong guesses never keep the real user out.
 */
import { createHash } from "node:crypto";
import multipart from "@fastify/multipart";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { SecurityPluginOptions } from "../server/options.js";
import { audit } from "./audit.js";
import type { CredentialChecker } from "./auth.js";
import { RateLimitedError, SessionsUnavailableError } from "./errors.js";
import { sendNotAuthenticated, signInRequired } from "./guard.js";
import type { OidcClient } from "./oidc.js";
import { appRootUrl, oidcRoutes, trustedSet } from "./oidc-routes.js";
import { safeRedirectPath } from "./redirect.js";
import { issueOrRefuse, type SessionStore } from "./session.js";
import { type AttemptThrottle, FailureThrottle } from "./throttle.js";

const MAX_FIELD = 4096;

export interface LoginSettings {
  sessions: SessionStore;
  checker: CredentialChecker | null;
  /** Set when `auth` is `gr.oidc(...)`: sign-in then goes through the provider (see oidc-routes.ts). */
  oidc?: OidcClient | null;
  options: Pick<
    SecurityPluginOptions,
    "auth" | "authMessage" | "identityProxy" | "rootPath" | "allowedOrigins" | "trustedProxies"
  >;
  /** Failures per (username, client IP) before waiting starts (5 by default). */
  userFreeFailures?: number;
  /** Failures per IP before waiting starts (20 by default). */
  ipFreeFailures?: number;
  /** Sign-in attempts per IP per minute, whatever their outcome (30 by default). */
  attemptsPerMinute?: number;
  /** Where failures are counted; in this process when absent (replicas pass their shared one). */
  throttle?: (freeFailures: number) => AttemptThrottle;
}

/** The path the app is served under ("" at the root), from `rootPath` only, never from request headers. */
export function basePath(rootPath: string | undefined): string {
  if (!rootPath) return "";
  const path = /^https?:\/\//i.test(rootPath) ? new URL(rootPath).pathname : rootPath;
  const clean = path.replace(/\/+$/, "");
  return clean === "" || clean.startsWith("/") ? clean : `/${clean}`;
}

interface LoginForm {
  username?: string;
  password?: string;
  _target_url?: string;
}

async function readForm(request: FastifyRequest): Promise<LoginForm> {
  const form: Record<string, string> = {};
  const keep = (name: string, value: unknown) => {
    if (
      (name === "username" || name === "password" || name === "_target_url") &&
      typeof value === "string" &&
      value.length <= MAX_FIELD &&
      !(name in form)
    )
      form[name] = value;
  };
  if (request.isMultipart()) {
    for await (const part of request.parts()) {
      if (part.type === "file") part.file.resume();
      else keep(part.fieldname, part.value);
    }
  } else if (request.body && typeof request.body === "object") {
    for (const [name, value] of Object.entries(request.body as Record<string, unknown>)) keep(name, value);
  }
  return form;
}

const wantsHtml = (request: FastifyRequest) => (request.headers.accept ?? "").includes("text/html");

/**
 * The throttle key of one username tried from one client. The name is hashed so that the key stays
 * small whatever was typed; case is folded so "Alice" and "alice" share their budget.
 */
const attemptKey = (username: string, ip: string) =>
  `pair:${ip}:${createHash("sha256").update(username.toLowerCase(), "utf8").digest("base64url")}`;

export const loginRoutes =
  (settings: LoginSettings): FastifyPluginAsync =>
  async (fastify) => {
    const { sessions, checker, options } = settings;
    const trusted = trustedSet(options.trustedProxies);
    const base = basePath(options.rootPath);
    const home = `${base}/`;
    const throttle = settings.throttle ?? ((freeFailures: number) => new FailureThrottle({ freeFailures }));
    const pairs = throttle(settings.userFreeFailures ?? 5);
    const ips = throttle(settings.ipFreeFailures ?? 20);
    /** Runs a throttle step; if the shared store is unreachable, sign-in waits (503) rather than going unthrottled. */
    const counted = async <T>(request: FastifyRequest, step: () => T | Promise<T>): Promise<T> => {
      try {
        return await step();
      } catch (error) {
        request.log.error({ err: error }, "the sign-in throttle could not be reached");
        throw new SessionsUnavailableError("Signing in");
      }
    };
    const rateLimit = {
      max: settings.attemptsPerMinute ?? 30,
      timeWindow: 60_000,
      keyGenerator: (request: FastifyRequest) => `login:${request.ip}`,
      allowList: () => false,
    };

    // Form bodies for this plugin only (the rest of the API speaks JSON).
    fastify.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 16 * 1024 },
      (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );
    await fastify.register(multipart, {
      limits: { fields: 8, fieldSize: MAX_FIELD, files: 0, parts: 16, fieldNameSize: 100, headerPairs: 20 },
    });

    // Lax keeps the cookie off cross-site requests. Pages of other sites the developer allowed can only
    // send it if it is SameSite=None, which browsers accept only with Secure (so over HTTPS).
    const crossSite = (options.allowedOrigins?.length ?? 0) > 0;
    const cookieOptions = (request: FastifyRequest) => ({
      httpOnly: true,
      sameSite: crossSite && request.protocol === "https" ? ("none" as const) : ("lax" as const),
      secure: request.protocol === "https",
      path: "/",
      maxAge: sessions.maxAgeSeconds,
    });

    const login = async (request: FastifyRequest, reply: FastifyReply) => {
      const html = wantsHtml(request);
      if (!checker) {
        if (settings.oidc)
          return reply
            .code(404)
            .send({ detail: "Sign-in happens through the identity provider: open login in a browser." });
        if (signInRequired(options))
          return reply.code(404).send({ detail: "Sign-in happens through the identity proxy." });
        return reply.redirect(home, 302);
      }
      const form = await readForm(request);
      const username = (form.username ?? "").trim();
      const password = form.password ?? "";
      const target =
        safeRedirectPath(form._target_url ?? (request.query as { _target_url?: string })._target_url) ?? home;
      const pairKey = attemptKey(username, request.ip);
      const ipKey = `ip:${request.ip}`;

      const waits = await counted(request, () =>
        Promise.all([pairs.retryAfterSeconds(pairKey), ips.retryAfterSeconds(ipKey)]),
      );
      const wait = Math.max(...waits);
      if (wait > 0) {
        audit(request, "login", { status: 429, outcome: "throttled", attempted: username.slice(0, 64) });
        if (html) return reply.redirect(`${home}?login_error=wait`, 303);
        reply.header("retry-after", String(wait));
        throw new RateLimitedError(wait);
      }

      const user = username === "" ? null : await checker.verify(username, password);
      if (!user) {
        await counted(request, async () => Promise.all([pairs.fail(pairKey), ips.fail(ipKey)]));
        audit(request, "login", { status: 400, outcome: "failure", attempted: username.slice(0, 64) });
        if (html) return reply.redirect(`${home}?login_error=1`, 303);
        return reply.code(400).send({ detail: "Incorrect credentials." });
      }
      await counted(request, () => pairs.succeed(pairKey));
      request.gradioUser = user;
      const token = await issueOrRefuse(request, sessions, user);
      const name = request.protocol === "https" ? sessions.secureCookieName : sessions.plainCookieName;
      reply.setCookie(name, token, cookieOptions(request)).header("cache-control", "no-store");
      audit(request, "login", { status: html ? 303 : 200, outcome: "success" });
      if (html) return reply.redirect(target, 303);
      return reply.code(200).send({ success: true });
    };
    const loginRoute = { config: { rateLimit } };
    fastify.post("/login", loginRoute, login);
    fastify.post("/login/", loginRoute, login);

    const logout = async (request: FastifyRequest, reply: FastifyReply) => {
      const query = request.query as { all_session?: string; _target_url?: string };
      const token = request.cookies[sessions.secureCookieName] ?? request.cookies[sessions.plainCookieName];
      const everywhere = query.all_session !== "false";
      for (const name of [sessions.secureCookieName, sessions.plainCookieName])
        reply.clearCookie(name, {
          path: "/",
          httpOnly: true,
          sameSite: "lax",
          secure: name === sessions.secureCookieName,
        });
      let username: string | null = null;
      try {
        username = token !== undefined ? await sessions.revoke(token, everywhere) : null;
      } catch (error) {
        // The browser forgets its cookie, but a copy of it would still work: say so rather than pretend.
        request.log.error({ err: error }, "the session store could not be written");
        audit(request, "logout", { status: 503, outcome: "failure", everywhere });
        throw new SessionsUnavailableError("Signing out");
      }
      audit(request, "logout", { status: 302, user: username, everywhere });
      // With `logoutAtProvider`, end the provider's session too (it then sends the browser back to the app's root).
      const atProvider = settings.oidc
        ? await settings.oidc.endSessionUrl(
            `${appRootUrl(request, request.routeOptions.url ?? "/logout", options.rootPath, trusted)}/`,
          )
        : null;
      return reply
        .header("cache-control", "no-store")
        .redirect(atProvider ?? safeRedirectPath(query._target_url) ?? home, 302);
    };
    // No password is guessed here (the provider checks it), and each sign-in takes two requests: a looser limit.
    if (settings.oidc) {
      await fastify.register(
        oidcRoutes({
          oidc: settings.oidc,
          sessions,
          rootPath: options.rootPath,
          trustedProxies: options.trustedProxies,
          home,
          cookieOptions,
          rateLimit: { ...rateLimit, max: rateLimit.max * 2 },
        }),
      );
    }

    fastify.get("/logout", logout);
    fastify.get("/logout/", logout);
    fastify.post("/logout", logout);

    const loginCheck = async (request: FastifyRequest, reply: FastifyReply) => {
      if (signInRequired(options) && !request.gradioUser) return sendNotAuthenticated(reply, options.authMessage);
      return reply.send(null);
    };
    fastify.get("/gradio_api/login_check", loginCheck);
    fastify.get("/gradio_api/login_check/", loginCheck);

    const user = async (request: FastifyRequest, reply: FastifyReply) =>
      reply.type("application/json; charset=utf-8").send(JSON.stringify(request.gradioUser?.username ?? null));
    fastify.get("/gradio_api/user", user);
    fastify.get("/gradio_api/user/", user);
  };
