/**
 * The security state of one running app, built once at start and shared by its plugins: the session
 * store (signing key, cookie names, revocations) and the credential checker (password sign-in) or
 * the OpenID Connect client (`auth: gr.oidc(...)`).
 */
import path from "node:path";
import type { FastifyBaseLogger } from "fastify";
import type { Blocks } from "../blocks/blocks.js";
import type { SecurityOptions, SecurityPluginOptions } from "../server/options.js";
import { createCredentialChecker, type CredentialChecker } from "./auth.js";
import type { GuardSettings } from "./guard.js";
import type { LoginSettings } from "./login-routes.js";
import { checkFrameAncestors } from "./headers.js";
import { isOidcAuth, OidcClient } from "./oidc.js";
import { parseAllowedOrigins } from "./origin.js";
import { checkRateLimit } from "./rate-limit.js";
import { LocalRevocations } from "./revocations.js";
import { SessionStore } from "./session.js";
import { defaultTokenStorePath } from "./tokens.js";

export interface SecurityContext extends GuardSettings, LoginSettings {
  sessions: SessionStore;
  checker: CredentialChecker | null;
  oidc: OidcClient | null;
  options: SecurityPluginOptions;
}

/**
 * Logouts of sessions signed with `sessionSecret` are kept next to the API token file, one file per
 * signing key (named by the key's public cookie id), so apps with different secrets never mix them.
 */
export function revocationFile(options: Pick<SecurityOptions, "tokenStore">, cookieId: string): string {
  const tokens = defaultTokenStorePath(typeof options.tokenStore === "string" ? options.tokenStore : undefined);
  return path.join(path.dirname(tokens), `revoked-sessions-${cookieId.slice(0, 16)}.json`);
}

/** Checks every security option and builds the shared state; a wrong option stops the launch here. */
export function createSecurity(
  app: Blocks,
  options: SecurityPluginOptions,
  logger: FastifyBaseLogger,
): SecurityContext {
  parseAllowedOrigins(options.allowedOrigins);
  checkFrameAncestors(options.frameAncestors);
  checkRateLimit(options.rateLimit);
  const sessions = new SessionStore({ secret: options.sessionSecret, maxAgeSeconds: options.sessionMaxAgeSeconds });
  // Without a configured secret, sessions die with the process, and their logouts can too.
  if (options.sessionSecret !== undefined) {
    sessions.useRevocations(new LocalRevocations({ file: revocationFile(options, sessions.cookieId) }));
  }
  const auth = options.auth;
  const oidc = isOidcAuth(auth) ? new OidcClient(auth, options.sessionSecret) : null;
  const checker =
    auth && !isOidcAuth(auth)
      ? createCredentialChecker(auth, (error) => logger.error({ err: error }, "the auth function failed"))
      : null;
  const restricted = app.dependencies.filter((d) => d.options.roles && d.options.roles.length > 0);
  if (restricted.length > 0 && !options.auth && !options.identityProxy) {
    logger.warn(
      { endpoints: restricted.map((d) => `/${d.apiName}`) },
      "events with roles need auth (or identityProxy) to grant them; until then nobody may run them",
    );
  }
  return { sessions, checker, oidc, options, title: app.options.title ?? "gradio-ts" };
}
