/**
 * Per-session memory: `gr.State` values, and the props `gr.update` changed on the session's components
 * (Gradio keeps both per session). Forgotten after the session has been idle for a while.
 */
import type { Props } from "../blocks/block.js";
import type { State } from "../components/state.js";
import type { Awaitable } from "./channels.js";

/**
 * Where per-session values live: in this process (below), or in Redis for several replicas
 * (src/queue/redis/states.ts), where `set` throws at once, naming the State, for a value that
 * cannot be stored.
 */
export interface StateStore {
  get(sessionHash: string, state: State): Awaitable<unknown>;
  /** Stores the value (in order with the messages published after it); throws if it cannot be stored. */
  set(sessionHash: string, state: State, value: unknown): void;
  /**
   * The props (snake_case, as on the wire) that the session's `gr.update`s changed on these components,
   * by component id; a component never updated has no entry.
   */
  props(sessionHash: string, componentIds: readonly number[]): Awaitable<Map<number, Props>>;
  /** Merges an update's props into the component's (in order with the messages published after it). */
  updateProps(sessionHash: string, componentId: number, props: Props): void;
  forget(sessionHash: string): Awaitable<void>;
  close(): Awaitable<void>;
}

interface SessionValues {
  values: Map<number, unknown>;
  props: Map<number, Props>;
  lastUsed: number;
}

export class MemoryStateStore implements StateStore {
  readonly #sessions = new Map<string, SessionValues>();
  readonly #sweep: NodeJS.Timeout;

  constructor(private readonly idleMs = 60 * 60_000) {
    this.#sweep = setInterval(() => this.#dropIdle(), Math.min(idleMs, 5 * 60_000)).unref();
  }

  #session(sessionHash: string): SessionValues {
    let session = this.#sessions.get(sessionHash);
    if (!session) {
      session = { values: new Map(), props: new Map(), lastUsed: Date.now() };
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

  props(sessionHash: string, componentIds: readonly number[]): Map<number, Props> {
    const session = this.#sessions.get(sessionHash);
    const found = new Map<number, Props>();
    if (!session) return found;
    session.lastUsed = Date.now();
    for (const id of componentIds) {
      const props = session.props.get(id);
      if (props) found.set(id, props);
    }
    return found;
  }

  updateProps(sessionHash: string, componentId: number, props: Props): void {
    const session = this.#session(sessionHash);
    session.props.set(componentId, { ...session.props.get(componentId), ...props });
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
