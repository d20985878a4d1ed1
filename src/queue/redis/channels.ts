/**
 * Session messages in Redis: one Redis Stream per session (XADD from whichever replica runs an event),
 * a set of the session's pending events, and a cursor holding the id of the last message written to
 * the client. The `/queue/data` reader, on any replica, XREADs (BLOCK) from the cursor, so a stream
 * that reconnects to another replica goes on exactly where the last one stopped: every message is
 * delivered once, in order, whichever replica published it and whenever the client connects.
 */
import { randomUUID } from "node:crypto";
import type { MessageChannels } from "../channels.js";
import { isOwner, type EventOwner } from "../event-owner.js";
import type { QueueMessage } from "../../protocol/messages.js";
import { type BlockingPool, type GradioRedis, type RedisKeys } from "./connection.js";

export interface RedisChannelsOptions {
  /** Seconds a session's keys live after its last activity. */
  sessionTtlSeconds?: number;
  /** Longest a session's message stream gets (old read messages are trimmed). */
  maxMessages?: number;
  onError(error: unknown, what: string): void;
}

/** A stream served by this process: `endAll` reaches it through here. */
interface LocalReader {
  sessionHash: string;
  inject: QueueMessage[];
  wake: () => void;
}

const BLOCK_MS = 5000;
const READER_LEASE_MS = BLOCK_MS * 3;

type StreamReply = [key: string, entries: [id: string, fields: string[]][]][] | null;

export class RedisChannels implements MessageChannels {
  readonly #taps = new Set<(sessionHash: string, message: QueueMessage) => void>();
  readonly #readers = new Set<LocalReader>();
  readonly #ttl: number;
  readonly #maxMessages: number;
  #closed = false;

  constructor(
    private readonly redis: GradioRedis,
    private readonly pool: BlockingPool,
    private readonly keys: RedisKeys,
    private readonly options: RedisChannelsOptions,
  ) {
    this.#ttl = options.sessionTtlSeconds ?? 3600;
    this.#maxMessages = options.maxMessages ?? 10_000;
  }

  /** Streams served by this process. */
  get size(): number {
    return this.#readers.size;
  }

  async open(sessionHash: string, eventId: string): Promise<void> {
    const key = this.keys.pending(sessionHash);
    await this.redis.multi().sadd(key, eventId).expire(key, this.#ttl).exec();
  }

  publish(sessionHash: string, message: QueueMessage): void {
    for (const tap of this.#taps) tap(sessionHash, message);
    this.redis
      .gradioPublish(
        this.keys.pending(sessionHash),
        this.keys.messages(sessionHash),
        message.event_id ?? "",
        JSON.stringify(message),
        this.#ttl,
        this.#maxMessages,
      )
      .catch((error: unknown) => this.options.onError(error, "publish"));
  }

  async has(sessionHash: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.pending(sessionHash))) > 0;
  }

  async isPending(sessionHash: string, eventId: string): Promise<boolean> {
    return (await this.redis.sismember(this.keys.pending(sessionHash), eventId)) === 1;
  }

  /** Some replica serves the session's stream now (a client that reconnected elsewhere). */
  async readerActive(sessionHash: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.reader(sessionHash))) > 0;
  }

  async *read(sessionHash: string, signal: AbortSignal): AsyncGenerator<QueueMessage> {
    const k = this.keys;
    const token = randomUUID();
    const local: LocalReader = { sessionHash, inject: [], wake: () => {} };
    this.#readers.add(local);
    const onAbort = () => local.wake();
    signal.addEventListener("abort", onAbort);
    let conn: GradioRedis | null = null;
    try {
      await this.redis.set(k.reader(sessionHash), token, "PX", READER_LEASE_MS);
      let cursor = (await this.redis.get(k.cursor(sessionHash))) ?? "0-0";
      while (!signal.aborted && !this.#closed) {
        if (local.inject.length > 0) {
          // Graceful stop of this replica: tell the client, then end (the session stays for others).
          yield local.inject.shift()!;
          return;
        }
        conn ??= this.pool.acquire();
        const woken = new Promise<"woken">((resolve) => (local.wake = () => resolve("woken")));
        const reading = conn.xread(
          "COUNT",
          100,
          "BLOCK",
          BLOCK_MS,
          "STREAMS",
          k.messages(sessionHash),
          cursor,
        ) as Promise<StreamReply>;
        const result = await Promise.race([reading, woken]);
        if (result === "woken") {
          // The connection is still blocked in XREAD: it cannot go back to the pool.
          reading.catch(() => undefined);
          this.pool.discard(conn);
          conn = null;
          continue;
        }
        void this.redis.pexpire(k.reader(sessionHash), READER_LEASE_MS).catch(() => undefined);
        if (!result) {
          if (!(await this.has(sessionHash))) return;
          continue;
        }
        for (const [id, fields] of result[0]![1]) {
          const message = JSON.parse(fields[1]!) as QueueMessage;
          yield message;
          // The consumer has written it, unless the client left meanwhile: then the next reader sends it.
          if (signal.aborted) return;
          cursor = id;
          void this.redis.set(k.cursor(sessionHash), id, "EX", this.#ttl).catch(() => undefined);
          if (message.msg === "process_completed") {
            const left = await this.redis.gradioComplete(
              k.pending(sessionHash),
              k.messages(sessionHash),
              k.cursor(sessionHash),
              k.waitingOf(sessionHash),
              message.event_id,
            );
            if (left === 0) return;
          }
        }
      }
    } finally {
      signal.removeEventListener("abort", onAbort);
      this.#readers.delete(local);
      if (conn) this.pool.release(conn);
      void this.redis.gradioDeleteIf(k.reader(sessionHash), token).catch(() => undefined);
    }
  }

  async drop(sessionHash: string): Promise<void> {
    const k = this.keys;
    await this.redis.del(
      k.pending(sessionHash),
      k.messages(sessionHash),
      k.cursor(sessionHash),
      k.waitingOf(sessionHash),
    );
  }

  async bindEvent(eventId: string, owner: EventOwner): Promise<void> {
    await this.redis.set(this.keys.call(eventId), JSON.stringify(owner), "EX", this.#ttl);
  }

  async takeEvent(eventId: string, username: string | null): Promise<string | null> {
    const key = this.keys.call(eventId);
    const text = await this.redis.get(key);
    if (!text) return null;
    let owner: EventOwner;
    try {
      owner = JSON.parse(text) as EventOwner;
    } catch {
      return null;
    }
    if (!isOwner(owner, { sessionHash: owner.sessionHash, username })) return null;
    // Taken once: of two readers at the same moment, only the one that deletes it gets the session.
    return (await this.redis.gradioDeleteIf(key, text)) === 1 ? owner.sessionHash : null;
  }

  tap(listener: (sessionHash: string, message: QueueMessage) => void): () => void {
    this.#taps.add(listener);
    return () => this.#taps.delete(listener);
  }

  /** Tells the streams this replica serves that it stops, and ends them; other replicas go on. */
  endAll(message: QueueMessage): number {
    for (const reader of this.#readers) {
      reader.inject.push(message);
      reader.wake();
    }
    return this.#readers.size;
  }

  close(): void {
    this.#closed = true;
    for (const reader of this.#readers) reader.wake();
  }
}
