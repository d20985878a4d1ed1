/**
 * Slows password guessing: after a few failed sign-ins for one key (a username tried from one client,
 * or a client IP), each further attempt must wait, doubling from one second up to a ceiling. Answers
 * say how long to wait (429 + Retry-After) rather than holding connections open. A success clears the
 * key. Memory is bounded: the oldest entries are forgotten first.
 */

/** Failure counting by key, in this process (FailureThrottle) or shared by replicas (RedisFailureThrottle). */
export interface AttemptThrottle {
  /** Whole seconds until `key` may try again; 0 when it may try now. */
  retryAfterSeconds(key: string): number | Promise<number>;
  fail(key: string): void | Promise<void>;
  succeed(key: string): void | Promise<void>;
}

export interface ThrottleSettings {
  /** Failures allowed in a window before waiting starts. */
  freeFailures: number;
  windowMs?: number;
  maxDelayMs?: number;
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  failures: number;
  windowStart: number;
  blockedUntil: number;
}

export class FailureThrottle implements AttemptThrottle {
  readonly #entries = new Map<string, Entry>();
  readonly #free: number;
  readonly #window: number;
  readonly #maxDelay: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(settings: ThrottleSettings) {
    this.#free = settings.freeFailures;
    this.#window = settings.windowMs ?? 15 * 60_000;
    this.#maxDelay = settings.maxDelayMs ?? 15 * 60_000;
    this.#maxEntries = settings.maxEntries ?? 10_000;
    this.#now = settings.now ?? Date.now;
  }

  /** Whole seconds until `key` may try again; 0 when it may try now. */
  retryAfterSeconds(key: string): number {
    const entry = this.#entries.get(key);
    if (!entry) return 0;
    const wait = entry.blockedUntil - this.#now();
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  fail(key: string): void {
    const now = this.#now();
    let entry = this.#entries.get(key);
    if (!entry || (now - entry.windowStart > this.#window && entry.blockedUntil <= now)) {
      entry = { failures: 0, windowStart: now, blockedUntil: 0 };
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    entry.failures += 1;
    const over = entry.failures - this.#free;
    if (over > 0) entry.blockedUntil = now + Math.min(this.#maxDelay, 1000 * 2 ** Math.min(over - 1, 30));
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  succeed(key: string): void {
    this.#entries.delete(key);
  }
}
