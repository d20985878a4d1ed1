/**
 * Logouts shared by every replica: one key per logged-out session and one per user logged out
 * everywhere, each expiring when the sessions it voids would have expired anyway. Any replica checks
 * them on every request that carries a session cookie, so a logout on one replica holds on all.
 */
import { createHash } from "node:crypto";
import type { RevocationStore, SessionRef } from "../../security/revocations.js";
import type { GradioRedis, RedisKeys } from "./connection.js";

export class RedisRevocations implements RevocationStore {
  constructor(
    private readonly redis: GradioRedis,
    private readonly keys: RedisKeys,
    /** The signing key's public id: sessions signed with another key are another app's. */
    private readonly scope: string,
    private readonly now: () => number = Date.now,
  ) {}

  #userKey(user: string): string {
    return this.keys.revokedUser(this.scope, createHash("sha256").update(user, "utf8").digest("base64url"));
  }

  async revokeSession(session: SessionRef): Promise<void> {
    // Whole milliseconds: Redis takes no fractions (a session may last a fractional number of seconds).
    const ttl = Math.ceil(session.expiresAt - this.now());
    if (ttl > 0) await this.redis.set(this.keys.revokedSession(this.scope, session.sid), "1", "PX", ttl);
  }

  async revokeUser(user: string, cutoff: number, until: number): Promise<void> {
    const ttl = Math.ceil(until - this.now());
    if (ttl > 0) await this.redis.gradioRaiseTo(this.#userKey(user), cutoff, ttl);
  }

  async isRevoked(session: SessionRef): Promise<boolean> {
    const keys = [this.keys.revokedSession(this.scope, session.sid), this.#userKey(session.user)];
    const [one = null, everywhere = null] = await this.redis.mget(...keys);
    if (one !== null) return true;
    return everywhere !== null && session.issuedAt <= Number(everywhere);
  }

  async userCutoff(user: string): Promise<number | null> {
    const value = await this.redis.get(this.#userKey(user));
    return value === null ? null : Number(value);
  }
}
