/**
 * Per-session message streams. Messages for a session are buffered from its first join until its
 * stream reads them, because both clients open `/queue/data` only after `queue/join` has answered.
 */
import { isOwner, type EventOwner } from "./event-owner.js";
import type { QueueMessage } from "../protocol/messages.js";

/** A value, or a promise of it: the in-memory backend answers at once, the shared one (Redis) later. */
export type Awaitable<T> = T | Promise<T>;

/**
 * How the queue reaches sessions; the in-memory one below, a shared one for several replicas
 * (src/queue/redis/channels.ts). Callers `await` every answer that may be a promise.
 */
export interface MessageChannels {
  /** Creates the session's buffer if needed and marks the event as pending for it. */
  open(sessionHash: string, eventId: string): Awaitable<void>;
  /**
   * Queues a message for the session (dropped when its event is no longer pending). Fire and forget:
   * messages published from one process reach the reader in the order they were published.
   */
  publish(sessionHash: string, message: QueueMessage): void;
  has(sessionHash: string): Awaitable<boolean>;
  isPending(sessionHash: string, eventId: string): Awaitable<boolean>;
  /**
   * Reads the session's messages until it has no pending event left; ends when `signal` aborts. A
   * reader that stops early leaves the unread messages for the next reader (on any replica).
   */
  read(sessionHash: string, signal: AbortSignal): AsyncGenerator<QueueMessage>;
  /** Forgets the session: its buffered messages and pending events. */
  drop(sessionHash: string): Awaitable<void>;
  /** The REST call route: remembers whose event it is and which session it streams from (until `takeEvent`). */
  bindEvent(eventId: string, owner: EventOwner): Awaitable<void>;
  /**
   * The session `bindEvent` remembered for the event, forgotten as it is returned; null if none, or if
   * `username` is not the owner's (then it stays for its owner: a stranger cannot read or end it).
   */
  takeEvent(eventId: string, username: string | null): Awaitable<string | null>;
  /** Sessions known to this process (for metrics). */
  readonly size: number;
  /** Sees every message published by this process (for metrics); returns a function that stops it. */
  tap(listener: (sessionHash: string, message: QueueMessage) => void): () => void;
  /**
   * Graceful stop: sends `message` on every stream this process serves that still waits for a result,
   * then ends those streams. Returns how many sessions it told.
   */
  endAll(message: QueueMessage): number;
  close(): Awaitable<void>;
}

class Session {
  readonly buffer: QueueMessage[] = [];
  readonly pending = new Set<string>();
  wake: (() => void) | null = null;
  reading = false;
  /** Set by `endAll()`: the stream ends once its buffer is read. */
  ending = false;
  /**
   * Events whose result has been published (read or not); `endAll()` leaves such sessions alone. Made
   * with the first result: a session still waiting for its first one (a crowd in line) holds none.
   */
  completed: Set<string> | null = null;
  lastActive = Date.now();
}

export class MemoryChannels implements MessageChannels {
  readonly #sessions = new Map<string, Session>();
  readonly #sweep: NodeJS.Timeout;
  readonly #taps = new Set<(sessionHash: string, message: QueueMessage) => void>();
  readonly #events = new Map<string, EventOwner>();

  /** Sessions nobody reads and nothing happens in are dropped after `idleMs`. */
  constructor(private readonly idleMs = 10 * 60_000) {
    this.#sweep = setInterval(() => this.#dropIdle(), Math.min(idleMs, 60_000)).unref();
  }

  get size(): number {
    return this.#sessions.size;
  }

  open(sessionHash: string, eventId: string): void {
    let session = this.#sessions.get(sessionHash);
    if (!session) {
      session = new Session();
      this.#sessions.set(sessionHash, session);
    }
    session.pending.add(eventId);
    session.lastActive = Date.now();
  }

  has(sessionHash: string): boolean {
    return this.#sessions.has(sessionHash);
  }

  isPending(sessionHash: string, eventId: string): boolean {
    return this.#sessions.get(sessionHash)?.pending.has(eventId) ?? false;
  }

  publish(sessionHash: string, message: QueueMessage): void {
    for (const tap of this.#taps) tap(sessionHash, message);
    const session = this.#sessions.get(sessionHash);
    if (!session) return;
    if (message.event_id !== null && !session.pending.has(message.event_id)) return;
    session.buffer.push(message);
    if (message.msg === "process_completed") (session.completed ??= new Set()).add(message.event_id);
    session.lastActive = Date.now();
    session.wake?.();
  }

  async *read(sessionHash: string, signal: AbortSignal): AsyncGenerator<QueueMessage> {
    const session = this.#sessions.get(sessionHash);
    if (!session) return;
    session.reading = true;
    const onAbort = () => session.wake?.();
    signal.addEventListener("abort", onAbort);
    try {
      while (!signal.aborted) {
        const message = session.buffer.shift();
        if (!message) {
          await new Promise<void>((resolve) => (session.wake = resolve));
          session.wake = null;
          continue;
        }
        yield message;
        if (session.ending && session.buffer.length === 0) {
          this.#sessions.delete(sessionHash);
          return;
        }
        if (message.msg === "process_completed") {
          session.pending.delete(message.event_id);
          session.completed?.delete(message.event_id);
          if (session.pending.size === 0 && session.buffer.length === 0) {
            this.#sessions.delete(sessionHash);
            return;
          }
        }
      }
    } finally {
      session.reading = false;
      signal.removeEventListener("abort", onAbort);
    }
  }

  bindEvent(eventId: string, owner: EventOwner): void {
    this.#events.set(eventId, owner);
  }

  takeEvent(eventId: string, username: string | null): string | null {
    const owner = this.#events.get(eventId);
    if (!owner || !isOwner(owner, { sessionHash: owner.sessionHash, username })) return null;
    this.#events.delete(eventId);
    return owner.sessionHash;
  }

  drop(sessionHash: string): void {
    const session = this.#sessions.get(sessionHash);
    this.#sessions.delete(sessionHash);
    session?.wake?.();
  }

  /** Sees every message published (for metrics); returns a function that stops it. Must not throw. */
  tap(listener: (sessionHash: string, message: QueueMessage) => void): () => void {
    this.#taps.add(listener);
    return () => this.#taps.delete(listener);
  }

  /**
   * Graceful stop: queues `message` (an event-less one, such as "server stopped") for every session
   * and ends each session's stream right after its reader has sent it. Returns how many sessions it told.
   */
  endAll(message: QueueMessage): number {
    let told = 0;
    for (const session of this.#sessions.values()) {
      // A session whose every event has its result published already ends by itself, untold.
      if ([...session.pending].every((id) => session.completed?.has(id) === true)) continue;
      session.buffer.push(message);
      session.ending = true;
      session.wake?.();
      told++;
    }
    return told;
  }

  close(): void {
    clearInterval(this.#sweep);
    for (const session of this.#sessions.values()) session.wake?.();
  }

  #dropIdle(): void {
    const cutoff = Date.now() - this.idleMs;
    for (const [hash, session] of this.#sessions) {
      if (!session.reading && session.lastActive < cutoff) this.#sessions.delete(hash);
    }
  }
}
