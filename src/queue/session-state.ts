/** `gr.State` values, one map per session, forgotten after the session has been idle for a while. */
import type { State } from "../components/state.js";
import type { Awaitable } from "./channels.js";

/**
 * Where `gr.State` values live: in this process (below), or in Redis for several replicas
 * (src/queue/redis/states.ts), where `set` throws at once, naming the State, for a value that
 * cannot be stored.
 */
export interface StateStore {
  get(sessionHash: string, state: State): Awaitable<unknown>;
  /** Stores the value (in order with the messages published after it); throws if it cannot be stored. */
  set(sessionHash: string, state: State, value: unknown): void;
  forget(sessionHash: string): Awaitable<void>;
  close(): Awaitable<void>;
}

export class MemoryStateStore implements StateStore {
  readonly #sessions = new Map<string, { values: Map<number, unknown>; lastUsed: number }>();
  readonly #sweep: NodeJS.Timeout;

  constructor(private readonly idleMs = 60 * 60_000) {
    this.#sweep = setInterval(() => this.#dropIdle(), Math.min(idleMs, 5 * 60_000)).unref();
  }

  #session(sessionHash: string) {
    let session = this.#sessions.get(sessionHash);
    if (!session) {
      session = { values: new Map(), lastUsed: Date.now() };
      this.#sessions.set(sessionHash, session);
    }
    session.lastUsed = Date.now();
    return session;
  }

  get(sessionHash: string, state: State): unknown {
    const { values } = this.#session(sessionHash);
    if (!values.has(state.id)) values.set(state.id, state.freshValue());
    return values.get(state.id);
  }

  set(sessionHash: string, state: State, value: unknown): void {
    this.#session(sessionHash).values.set(state.id, value);
  }

  forget(sessionHash: string): void {
    this.#sessions.delete(sessionHash);
  }

  close(): void {
    clearInterval(this.#sweep);
  }

  #dropIdle(): void {
    const cutoff = Date.now() - this.idleMs;
    for (const [hash, session] of this.#sessions) if (session.lastUsed < cutoff) this.#sessions.delete(hash);
  }
}
