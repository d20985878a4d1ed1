/**
 * Failed sign-ins counted across replicas: without it, each replica behind a round-robin balancer
 * would grant its own free failures, and an attacker would get as many guesses as there are replicas.
 * Each key is one small hash that expires once its window and its wait are over.
 */
import { createHash } from "node:crypto";
import type { AttemptThrottle } from "../../security/throttle.js";
import type { GradioRedis, RedisKeys } from "./connection.js";

export interface RedisThrottleSettings {
  freeFailures: number;
  windowMs?: number;
  maxDelayMs?: number;
}

export class RedisFailureThrottle implements AttemptThrottle {
  readonly #free: number;
  readonly #window: number;
  readonly #maxDelay: number;

  constructor(
    private readonly redis: GradioRedis,
    private readonly keys: RedisKeys,
    settings: RedisThrottleSettings,
  ) {
    this.#free = settings.freeFailures;
    this.#window = settings.windowMs ?? 15 * 60_000;
    this.#maxDelay = settings.maxDelayMs ?? 15 * 60_000;
  }

  /** Keys hold IPs and hashed names; hashed again so that a Redis key never carries them in clear. */
  #key(key: string): string {
    return this.keys.signInFailures(createHash("sha256").update(key, "utf8").digest("base64url"));
  }

  async retryAfterSeconds(key: string): Promise<number> {
    const wait = await this.redis.gradioSignInWait(this.#key(key));
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  async fail(key: string): Promise<void> {
    await this.redis.gradioSignInFail(this.#key(key), this.#free, this.#window, this.#maxDelay);
  }

  async succeed(key: string): Promise<void> {
    await this.redis.del(this.#key(key));
  }
}
