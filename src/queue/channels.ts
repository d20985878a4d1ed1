/**
 * Per-session message streams. Messages for a session are buffered from its first join until its
 * stream reads them, because both clients open `/queue/data` only after `queue/join` has answered.
 */
import type { QueueMessage } from "./messages.js";

/** How the queue reaches sessions; the in-memory one below, a shared one for several replicas. */
export interface MessageChannels {
  /** Creates the session's buffer if needed and marks the event as pending for it. */
  open(sessionHash: string, eventId: string): void;
  publish(sessionHash: string, message: QueueMessage): void;
  has(sessionHash: string): boolean;
  isPending(sessionHash: string, eventId: string): boolean;
  /** Reads the session's messages until it has no pending event left; ends when `signal` aborts. */
  read(sessionHash: string, signal: AbortSignal): AsyncGenerator<QueueMessage>;
  /** Forgets the session: its buffered messages and pending events. */
  drop(sessionHash: string): void;
}

class Session {
  readonly buffer: QueueMessage[] = [];
  readonly pending = new Set<string>();
  wake: (() => void) | null = null;
  reading = false;
  lastActive = Date.now();
}

export class MemoryChannels implements MessageChannels {
  readonly #sessions = new Map<string, Session>();
  readonly #sweep: NodeJS.Timeout;

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
    const session = this.#sessions.get(sessionHash);
    if (!session) return;
    if (message.event_id !== null && !session.pending.has(message.event_id)) return;
    session.buffer.push(message);
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
        if (message.msg === "process_completed") {
          session.pending.delete(message.event_id);
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

  drop(sessionHash: string): void {
    const session = this.#sessions.get(sessionHash);
    this.#sessions.delete(sessionHash);
    session?.wake?.();
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
