/**
 * Sessions: after sign-in the browser (or client) holds a token in an HttpOnly cookie. The token is
 * self-contained and signed: `<payload>.<mac>`, both base64url (no `=` or `,`, which Gradio's JS client
 * cannot keep in a cookie), payload = user, roles, issue and expiry times, a random session id. A
 * token is accepted only if its HMAC-SHA256 under this process's secret matches (constant-time), it
 * has not expired, and it was not revoked by a logout. The secret is random per process unless the
 * developer gives `sessionSecret`, so a cookie signed with any other key, or by another process, is
 * refused.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { SessionUser } from "./auth.js";
import { SecurityConfigError } from "./errors.js";

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
  /** Session ids logged out before their expiry, with that expiry. */
  readonly #revoked = new Map<string, number>();
  /** Per user: tokens issued at or before this time are void ("log out everywhere"). */
  readonly #revokedBefore = new Map<string, number>();

  constructor(settings: SessionSettings = {}) {
    if (settings.secret !== undefined && (typeof settings.secret !== "string" || settings.secret.length < 32)) {
      throw new SecurityConfigError("sessionSecret must be a string of at least 32 characters (for example 32 random bytes, hex-encoded).");
    }
    const maxAge = settings.maxAgeSeconds ?? DEFAULT_SESSION_SECONDS;
    if (!Number.isFinite(maxAge) || maxAge <= 0) throw new SecurityConfigError("sessionMaxAgeSeconds must be a positive number of seconds.");
    this.maxAgeSeconds = maxAge;
    const secret = settings.secret ?? randomBytes(32).toString("hex");
    this.#key = createHmac("sha256", secret).update("gradio-ts session signing v1").digest();
    this.cookieId = createHmac("sha256", secret).update("gradio-ts cookie id v1").digest("base64url");
    this.#now = settings.now ?? Date.now;
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

  issue(user: SessionUser): string {
    let iat = this.#now();
    const cutoff = this.#revokedBefore.get(user.username);
    if (cutoff !== undefined && iat <= cutoff) iat = cutoff + 1;
    const payload: Payload = { u: user.username, r: [...user.roles], iat, exp: iat + this.maxAgeSeconds * 1000, sid: randomBytes(16).toString("base64url") };
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

  /** The user a token stands for, or null if it is forged, tampered with, expired or revoked. */
  verify(token: unknown): SessionUser | null {
    const payload = this.#open(token);
    if (!payload) return null;
    const now = this.#now();
    if (payload.exp <= now) return null;
    if (this.#revoked.has(payload.sid)) return null;
    const cutoff = this.#revokedBefore.get(payload.u);
    if (cutoff !== undefined && payload.iat <= cutoff) return null;
    return { username: payload.u, roles: [...payload.r] };
  }

  /** Ends the token's session, or every session of its user when `everywhere`. Returns the user. */
  revoke(token: unknown, everywhere: boolean): string | null {
    const payload = this.#open(token);
    if (!payload) return null;
    const now = this.#now();
    this.#prune(now);
    if (everywhere) this.#revokedBefore.set(payload.u, now);
    else this.#revoked.set(payload.sid, payload.exp);
    return payload.u;
  }

  #prune(now: number): void {
    for (const [sid, exp] of this.#revoked) if (exp <= now) this.#revoked.delete(sid);
    const oldest = now - this.maxAgeSeconds * 1000;
    for (const [user, time] of this.#revokedBefore) if (time < oldest) this.#revokedBefore.delete(user);
  }
}
