/**
 * Single sign-on through OpenID Connect: `auth: gr.oidc({ issuer, clientId, clientSecret })`.
 * The protocol work (discovery, PKCE, the code exchange, ID token signature/issuer/audience/nonce
 * checks, userinfo) is done by `openid-client`; this file holds the settings, the short-lived
 * "sign-in in progress" cookie, and the mapping of the provider's claims to a gradio-ts user.
 *
 * The in-progress state (state, nonce, PKCE verifier, redirect URI, where to go afterwards) travels in
 * an HttpOnly cookie sealed with AES-256-GCM under a key derived from `sessionSecret` (random per
 * process when absent), so any replica sharing the secret can finish a sign-in another one started,
 * and a cookie that was altered, forged, or is older than ten minutes is refused.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type * as OpenId from "openid-client";

/** openid-client (and jose beneath it) loads with the first sign-in, not with every app that never uses OIDC. */
const openIdClient = (): Promise<typeof OpenId> => import("openid-client");
import type { SessionUser } from "./auth.js";
import { SecurityConfigError } from "./errors.js";

export interface OidcOptions {
  /** The provider's issuer URL, e.g. `https://accounts.google.com`; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** The client secret; leave out for a public client (PKCE only). */
  clientSecret?: string;
  /** Scopes to ask for; `openid` is always added. Default `["openid", "profile", "email"]`. */
  scopes?: readonly string[];
  /** The claim holding the user's roles: `"roles"` (default), `"groups"`, or a dotted path such as `"realm_access.roles"`. */
  rolesClaim?: string;
  /** Shown on the sign-in button: "Sign in with …". Default: the issuer's host. */
  providerName?: string;
  /**
   * On logout, also end the session at the provider (when it advertises `end_session_endpoint`),
   * coming back to the app's root, which must then be registered as a post-logout redirect URI.
   */
  logoutAtProvider?: boolean;
}

/** The value of `auth` that selects OpenID Connect. Build it with `gr.oidc(...)`. */
export interface OidcAuth {
  readonly kind: "oidc";
  readonly issuer: URL;
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  readonly scopes: readonly string[];
  readonly rolesClaim: string;
  readonly providerName: string;
  readonly logoutAtProvider: boolean;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const ROLE = /^[\w.:-]{1,64}$/;
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]{1,128}$/;
const CLAIM_PATH = /^[\w:/.-]{1,200}$/;
const MAX_ROLES = 100;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Whether an issuer URL points at this machine (the only place plain http is accepted). */
export function isLoopbackUrl(url: URL): boolean {
  if (LOOPBACK_HOSTS.has(url.hostname)) return true;
  const parts = url.hostname.split(".");
  return parts.length === 4 && parts[0] === "127" && parts.every((p) => /^\d{1,3}$/.test(p));
}

/** `auth: gr.oidc({...})`: sign-in through an OpenID Connect provider. Checks the settings at once. */
export function oidc(options: OidcOptions): OidcAuth {
  if (!options || typeof options !== "object")
    throw new SecurityConfigError("oidc() needs { issuer, clientId, clientSecret? }.");
  let issuer: URL;
  try {
    issuer = new URL(options.issuer);
  } catch {
    throw new SecurityConfigError("oidc: issuer must be a full URL, e.g. https://accounts.example.com.");
  }
  if (issuer.search || issuer.hash || issuer.username || issuer.password)
    throw new SecurityConfigError("oidc: issuer must not carry a query, fragment or credentials.");
  if (issuer.protocol !== "https:" && !(issuer.protocol === "http:" && isLoopbackUrl(issuer))) {
    throw new SecurityConfigError(
      "oidc: issuer must use https (plain http is accepted only for a provider on this machine, for development).",
    );
  }
  if (typeof options.clientId !== "string" || options.clientId.trim() === "" || options.clientId.length > 512)
    throw new SecurityConfigError("oidc: clientId must be a non-empty string.");
  if (options.clientSecret !== undefined && (typeof options.clientSecret !== "string" || options.clientSecret === ""))
    throw new SecurityConfigError("oidc: clientSecret must be a non-empty string when given.");
  const scopes = [...new Set(["openid", ...(options.scopes ?? ["profile", "email"])])];
  if (scopes.some((s) => typeof s !== "string" || !SCOPE.test(s)))
    throw new SecurityConfigError("oidc: scopes must be plain scope names.");
  const rolesClaim = options.rolesClaim ?? "roles";
  if (typeof rolesClaim !== "string" || !CLAIM_PATH.test(rolesClaim))
    throw new SecurityConfigError(
      'oidc: rolesClaim must be a claim name such as "roles", "groups" or "realm_access.roles".',
    );
  const providerName = options.providerName ?? issuer.host;
  if (typeof providerName !== "string" || providerName.length > 100)
    throw new SecurityConfigError("oidc: providerName must be a short string.");
  return Object.freeze({
    kind: "oidc" as const,
    issuer,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    scopes,
    rolesClaim,
    providerName,
    logoutAtProvider: options.logoutAtProvider === true,
  });
}

export function isOidcAuth(value: unknown): value is OidcAuth {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    (value as { kind?: unknown }).kind === "oidc" &&
    (value as { issuer?: unknown }).issuer instanceof URL
  );
}

function readPath(claims: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(claims, path)) return claims[path];
  let current: unknown = claims;
  for (const part of path.split(".")) {
    if (typeof current !== "object" || current === null || Array.isArray(current) || !Object.hasOwn(current, part))
      return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function cleanName(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const name = value.trim();
  return name !== "" && name.length <= 256 && !CONTROL.test(name) ? name : null;
}

/**
 * The user a set of verified claims stands for: username from `preferred_username`, else `email`,
 * else `sub`; roles from `rolesClaim` (a list, or a space/comma-separated string), keeping only
 * plain role names. Null when no usable name is present.
 */
export function userFromClaims(claims: Record<string, unknown>, rolesClaim: string): SessionUser | null {
  const username = cleanName(claims.preferred_username) ?? cleanName(claims.email) ?? cleanName(claims.sub);
  if (!username) return null;
  const raw = readPath(claims, rolesClaim);
  const list = Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(/[\s,]+/) : [];
  const roles = [...new Set(list.filter((r): r is string => typeof r === "string" && ROLE.test(r)))].slice(
    0,
    MAX_ROLES,
  );
  return { username, roles };
}

/** What a sign-in in progress remembers between `GET /login` and the callback. */
interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  target: string;
  expires: number;
}

const PENDING_SECONDS = 600;
const MAX_COOKIE = 3000;

export class OidcFailure extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly publicMessage: string,
  ) {
    super(reason);
  }
}

export class OidcClient {
  readonly auth: OidcAuth;
  readonly #key: Buffer;
  readonly #now: () => number;
  #config: Promise<OpenId.Configuration> | null = null;

  constructor(auth: OidcAuth, secret: string | undefined, now: () => number = Date.now) {
    this.auth = auth;
    this.#key = createHmac("sha256", secret ?? randomBytes(32).toString("hex"))
      .update("gradio-ts oidc state v1")
      .digest();
    this.#now = now;
  }

  /** Discovery, once; a failure is not cached, so the next sign-in tries again. */
  config(): Promise<OpenId.Configuration> {
    this.#config ??= this.#discover().catch((error: unknown) => {
      this.#config = null;
      throw error;
    });
    return this.#config;
  }

  async #discover(): Promise<OpenId.Configuration> {
    const client = await openIdClient();
    const { issuer, clientId, clientSecret } = this.auth;
    const authMethod = clientSecret === undefined ? client.None() : client.ClientSecretBasic(clientSecret);
    // openid-client refuses plain-http endpoints. That check is lifted only for an issuer on this
    // machine (a provider under development or in tests); oidc() refuses any other http issuer, so
    // a remote provider is always reached over https.
    const execute = issuer.protocol === "http:" && isLoopbackUrl(issuer) ? [client.allowInsecureRequests] : [];
    return client.discovery(issuer, clientId, undefined, authMethod, { execute, timeout: 10 });
  }

  /** The provider's authorization URL for a new sign-in, and the sealed cookie value that goes with it. */
  async start(redirectUri: string, target: string): Promise<{ url: string; cookie: string }> {
    const config = await this.config();
    const client = await openIdClient();
    const pending: Pending = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      redirectUri,
      target,
      expires: this.#now() + PENDING_SECONDS * 1000,
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: this.auth.scopes.join(" "),
      response_type: "code",
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: "S256",
    });
    return { url: url.href, cookie: this.#seal(pending) };
  }

  /** The in-progress sign-in of a sealed cookie, or null when it is missing, altered or expired. */
  open(cookie: unknown): Pending | null {
    if (typeof cookie !== "string" || cookie.length === 0 || cookie.length > MAX_COOKIE) return null;
    const data = Buffer.from(cookie, "base64url");
    if (data.length < 12 + 16 + 2) return null;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      const plain = Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString("utf8");
      const p = JSON.parse(plain) as Partial<Pending>;
      if (
        typeof p.state !== "string" ||
        typeof p.nonce !== "string" ||
        typeof p.verifier !== "string" ||
        typeof p.redirectUri !== "string" ||
        typeof p.target !== "string" ||
        typeof p.expires !== "number"
      )
        return null;
      return p.expires > this.#now() ? (p as Pending) : null;
    } catch {
      return null;
    }
  }

  #seal(pending: Pending): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(pending), "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
  }

  /**
   * Finishes a sign-in: the callback's `state` must equal the one this browser was given, then
   * openid-client exchanges the code (with the PKCE verifier) and validates the ID token (signature,
   * issuer, audience, expiry, nonce). Claims the ID token lacks are read from userinfo.
   */
  async finish(pending: Pending, query: URLSearchParams): Promise<SessionUser> {
    const state = query.get("state") ?? "";
    if (!constantTimeEqualText(state, pending.state))
      throw new OidcFailure(
        400,
        "state mismatch",
        "This sign-in was not started here, or has already been used. Please sign in again.",
      );
    const config = await this.config().catch((error: unknown) => {
      throw new OidcFailure(
        502,
        `discovery failed: ${errorCode(error)}`,
        "The identity provider could not be reached. Please try again later.",
      );
    });
    const client = await openIdClient();
    const currentUrl = new URL(pending.redirectUri);
    currentUrl.search = query.toString();
    let tokens: Awaited<ReturnType<typeof OpenId.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw new OidcFailure(
        isNetworkError(error) ? 502 : 400,
        `code exchange refused: ${errorCode(error)}`,
        "The sign-in could not be verified. Please sign in again.",
      );
    }
    const idClaims = tokens.claims() as Record<string, unknown> | undefined;
    if (!idClaims || typeof idClaims.sub !== "string")
      throw new OidcFailure(400, "no ID token", "The sign-in could not be verified. Please sign in again.");
    let claims: Record<string, unknown> = idClaims;
    const needsMore =
      userFromClaims(idClaims, this.auth.rolesClaim)?.roles.length === 0 || idClaims.preferred_username === undefined;
    if (needsMore && config.serverMetadata().userinfo_endpoint && tokens.access_token) {
      try {
        const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        // The ID token's (signed) claims win over userinfo's.
        claims = { ...(info as Record<string, unknown>), ...idClaims };
      } catch {
        // Without userinfo the user still signs in, with what the ID token says (perhaps fewer roles).
      }
    }
    const user = userFromClaims(claims, this.auth.rolesClaim);
    if (!user) throw new OidcFailure(400, "no usable username claim", "The identity provider did not say who you are.");
    return user;
  }

  /** Where to send the browser after logout to end the provider's session too, or null. */
  async endSessionUrl(postLogoutRedirectUri: string): Promise<string | null> {
    if (!this.auth.logoutAtProvider) return null;
    try {
      const config = await this.config();
      if (!config.serverMetadata().end_session_endpoint) return null;
      const client = await openIdClient();
      return client.buildEndSessionUrl(config, {
        client_id: this.auth.clientId,
        post_logout_redirect_uri: postLogoutRedirectUri,
      }).href;
    } catch {
      return null;
    }
  }
}

function constantTimeEqualText(a: string, b: string): boolean {
  const x = createHmac("sha256", "state").update(a).digest();
  const y = createHmac("sha256", "state").update(b).digest();
  return timingSafeEqual(x, y);
}

/** A short, safe description of a library error for the audit log (never its message or stack). */
function errorCode(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown; error?: unknown };
  const parts = [e?.name, e?.code, e?.error].filter(
    (p): p is string => typeof p === "string" && /^[\w.-]{1,64}$/.test(p),
  );
  return parts.join("/") || "unknown";
}

function isNetworkError(error: unknown): boolean {
  const e = error as { name?: unknown; cause?: { name?: unknown; code?: unknown } };
  return (
    e?.name === "TypeError" ||
    e?.name === "TimeoutError" ||
    e?.name === "AbortError" ||
    e?.cause?.name === "TimeoutError" ||
    typeof e?.cause?.code === "string"
  );
}
