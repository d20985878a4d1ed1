/**
 * Sessions: after sign-in the browser (or client) holds a token in an HttpOnly cookie. The token is
 * self-contained and signed: `<payload>.<mac>`, both base64url (no `=` or `,`, which Gradio's JS client
 * cannot keep in a cookie), payload = user, roles, issue and expiry times, a random session id. A
 * token is accepted only if its HMAC-SHA256 under this process's secret matches (constant-time), it
 * has not expired, and it was not revoked by a logout. The secret is random per process unless the
 * developer gives `sessionSecret`, so a cookie signed with any other key, or by another process, is
 * refused. Logouts are kept in a RevocationStore shared as widely as the sessions are (see
 * revocations.ts), so a logged-out cookie is refused by every process that would accept it.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { SessionUser } from "./auth.js";
import { SecurityConfigError, SessionsUnavailableError } from "./errors.js";
import { LocalRevocations, type RevocationStore, type SessionRef } from "./revocations.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in user of this request, or null (anonymous, or auth off). Set by the security layer. */
    gradioUser: SessionUser | null;
  }
}

export const DEFAULT_SESSION_SECONDS = 24 * 60 * 60;
const MAX_TOKEN_LENGTH = 4096;

export interface SessionSettings {
  /** Signing secret; at least 32 characters. Random per process when absent. */
  secret?: string;
  maxAgeSeconds?: number;
  /** The clock, in ms (tests move it). */
  now?: () => number;
  /** Where logouts are kept; in this process's memory when absent. */
  revocations?: RevocationStore;
}

interface Payload {
  u: string;
  r: string[];
  iat: number;
  exp: number;
  sid: string;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

export class SessionStore {
  /** Per-process (or per-secret) id in the cookie names, as Gradio names them. */
  readonly cookieId: string;
  readonly maxAgeSeconds: number;
  readonly #key: Buffer;
  readonly #now: () => number;
  #revocations: RevocationStore;

  constructor(settings: SessionSettings = {}) {
    if (settings.secret !== undefined && (typeof settings.secret !== "string" || settings.secret.length < 32)) {
      throw new SecurityConfigError(
        "sessionSecret must be a string of at least 32 characters (for example 32 random bytes, hex-encoded).",
      );
    }
    const maxAge = settings.maxAgeSeconds ?? DEFAULT_SESSION_SECONDS;
    if (!Number.isFinite(maxAge) || maxAge <= 0)
      throw new SecurityConfigError("sessionMaxAgeSeconds must be a positive number of seconds.");
    this.maxAgeSeconds = maxAge;
    const secret = settings.secret ?? randomBytes(32).toString("hex");
    this.#key = createHmac("sha256", secret).update("gradio-ts session signing v1").digest();
    this.cookieId = createHmac("sha256", secret).update("gradio-ts cookie id v1").digest("base64url");
    this.#now = settings.now ?? Date.now;
    this.#revocations = settings.revocations ?? new LocalRevocations({ now: this.#now });
  }

  /**
   * Keeps logouts in `store` from now on. Called once at start when the shared backend (Redis) is up,
   * which happens after the session settings have been checked.
   */
  useRevocations(store: RevocationStore): void {
    this.#revocations = store;
  }

  /** The cookie sent only over HTTPS (`Secure`). */
  get secureCookieName(): string {
    return `access-token-${this.cookieId}`;
  }

  /** The cookie for plain-HTTP deployments (Gradio's `access-token-unsecure-…`). */
  get plainCookieName(): string {
    return `access-token-unsecure-${this.cookieId}`;
  }

  #mac(body: string): Buffer {
    return createHmac("sha256", this.#key).update(body).digest();
  }

  /** A new token for `user`, issued after any "log out everywhere" of theirs (even one this millisecond). */
  async issue(user: SessionUser): Promise<string> {
    let iat = this.#now();
    const cutoff = await this.#revocations.userCutoff(user.username);
    if (cutoff !== null && iat <= cutoff) iat = cutoff + 1;
    const payload: Payload = {
      u: user.username,
      r: [...user.roles],
      iat,
      exp: iat + this.maxAgeSeconds * 1000,
      sid: randomBytes(16).toString("base64url"),
    };
    const body = b64url(JSON.stringify(payload));
    return `${body}.${b64url(this.#mac(body))}`;
  }

  #open(token: unknown): Payload | null {
    if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) return null;
    const dot = token.indexOf(".");
    if (dot <= 0 || dot !== token.lastIndexOf(".")) return null;
    const body = token.slice(0, dot);
    const mac = Buffer.from(token.slice(dot + 1), "base64url");
    const expected = this.#mac(body);
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return null;
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    } catch {
      return null;
    }
    const p = payload as Partial<Payload> | null;
    if (!p || typeof p.u !== "string" || !Array.isArray(p.r) || !p.r.every((r) => typeof r === "string")) return null;
    if (typeof p.iat !== "number" || typeof p.exp !== "number" || typeof p.sid !== "string") return null;
    return p as Payload;
  }

  /**
   * The user a token stands for, or null if it is forged, tampered with, expired or revoked. Rejects
   * when the revocation store cannot be read: the caller must then refuse, never accept.
   */
  async verify(token: unknown): Promise<SessionUser | null> {
    const payload = this.#open(token);
    if (!payload || payload.exp <= this.#now()) return null;
    if (await this.#revocations.isRevoked(sessionRef(payload))) return null;
    return { username: payload.u, roles: [...payload.r] };
  }

  /** Ends the token's session, or every session of its user when `everywhere`. Returns the user. */
  async revoke(token: unknown, everywhere: boolean): Promise<string | null> {
    const payload = this.#open(token);
    if (!payload) return null;
    const now = this.#now();
    // An expired token is refused anyway: nothing to remember.
    if (payload.exp <= now) return payload.u;
    // At least this token's own issue time: it may lie just ahead of the clock (see issue()).
    const cutoff = Math.max(now, payload.iat);
    if (everywhere) await this.#revocations.revokeUser(payload.u, cutoff, cutoff + this.maxAgeSeconds * 1000);
    else await this.#revocations.revokeSession(sessionRef(payload));
    return payload.u;
  }
}

const sessionRef = (payload: Payload): SessionRef => ({
  sid: payload.sid,
  user: payload.u,
  issuedAt: payload.iat,
  expiresAt: payload.exp,
});

/** A new session token for a sign-in, or a 503 when the session store cannot be read. */
export async function issueOrRefuse(request: FastifyRequest, sessions: SessionStore, user: SessionUser) {
  try {
    return await sessions.issue(user);
  } catch (error) {
    request.log.error({ err: error }, "the session store could not be read");
    throw new SessionsUnavailableError("Signing in");
  }
}
