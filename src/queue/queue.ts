/**
 * The fair queue: every event waits in its concurrency group and runs when the group has a free slot.
 * Waiting callers are told their position and an estimate whenever the line moves.
 */
import { QueueFullError, QueueStoppedError } from "../errors.js";
import type { Awaitable, MemoryChannels } from "./channels.js";
import type { Job } from "./job.js";
import * as messages from "./messages.js";
import type { Runner } from "./runner.js";

export interface QueueSettings {
  defaultConcurrencyLimit: number | null;
  maxSize: number | null;
}

interface Group {
  limit: number | null;
  waiting: Job[];
  running: Set<Job>;
}

/**
 * How the server hands work to the queue; the in-memory one below, a shared one for several replicas
 * (src/queue/redis/queue.ts). Callers `await` every answer that may be a promise.
 */
export interface EventQueue {
  /** Queues the job (throws QueueFullError / QueueStoppedError, or a 503 when the backend is away). */
  join(job: Job): Awaitable<void>;
  cancel(sessionHash: string, fnIndex: number, eventId: string): Awaitable<void>;
  /** The caller's stream went away: its waiting events are dropped and its running ones stop. */
  dropSession(sessionHash: string): Awaitable<void>;
  /** Events waiting for a slot (across every replica for a shared queue; may lag by a second). */
  readonly size: number;
  /** Events running in this process. */
  readonly running: number;
  readonly draining: boolean;
  /** False while a shared backend cannot be reached: the replica is not ready and refuses joins. */
  readonly healthy: boolean;
  /** Graceful stop, step one (see MemoryQueue.drain). */
  drain(graceMs: number): Promise<boolean>;
  stop(): Awaitable<void>;
  observe(observer: QueueObserver): () => void;
}

/** Told when an event starts running and when its run ends (for metrics); must not throw. */
export interface QueueObserver {
  started?(job: Job): void;
  finished?(job: Job): void;
}

export class MemoryQueue implements EventQueue {
  readonly #groups = new Map<string, Group>();
  #stopped = false;
  // --- Graceful stop (see drain()) ---
  #draining = false;
  readonly #idleWaiters = new Set<() => void>();
  readonly #observers = new Set<QueueObserver>();

  constructor(
    private readonly settings: QueueSettings,
    private readonly channels: MemoryChannels,
    private readonly runner: Runner,
  ) {}

  /** Events waiting (not running) across all groups. */
  get size(): number {
    let total = 0;
    for (const group of this.#groups.values()) total += group.waiting.length;
    return total;
  }

  readonly healthy = true;

  get running(): number {
    let total = 0;
    for (const group of this.#groups.values()) total += group.running.size;
    return total;
  }

  join(job: Job): void {
    if (this.#stopped || this.#draining) throw new QueueStoppedError();
    const { maxSize } = this.settings;
    if (maxSize !== null && this.size >= maxSize) throw new QueueFullError(maxSize, this.size);
    const group = this.#group(job);
    group.waiting.push(job);
    this.channels.open(job.sessionHash, job.eventId);
    this.channels.publish(job.sessionHash, messages.estimation(job.eventId, group.waiting.length - 1, group.waiting.length, this.#eta(group, group.waiting.length - 1, job)));
    this.#dispatch(group);
  }

  cancel(sessionHash: string, fnIndex: number, eventId: string): void {
    for (const group of this.#groups.values()) {
      for (const job of group.running) {
        if (job.sessionHash === sessionHash && job.dependency.id === fnIndex) this.#abort(group, job);
      }
      const index = group.waiting.findIndex((job) => job.eventId === eventId);
      if (index >= 0) {
        const [job] = group.waiting.splice(index, 1);
        job!.abort.abort();
        this.#announcePositions(group);
      }
    }
    if (this.channels.isPending(sessionHash, eventId)) this.channels.publish(sessionHash, messages.processCancelled(eventId));
  }

  /** The caller's stream went away: its waiting events are dropped and its running ones stop reporting. */
  dropSession(sessionHash: string): void {
    for (const group of this.#groups.values()) {
      const before = group.waiting.length;
      group.waiting = group.waiting.filter((job) => {
        if (job.sessionHash !== sessionHash) return true;
        job.abort.abort();
        return false;
      });
      for (const job of group.running) if (job.sessionHash === sessionHash) this.#abort(group, job);
      if (group.waiting.length !== before) this.#announcePositions(group);
      this.#dispatch(group);
    }
    this.channels.drop(sessionHash);
  }

  stop(): void {
    this.#stopped = true;
    for (const group of this.#groups.values()) {
      for (const job of [...group.waiting, ...group.running]) job.abort.abort();
      group.waiting = [];
    }
  }

  /** Adds an observer of event runs; returns a function that removes it. */
  observe(observer: QueueObserver): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  get draining(): boolean {
    return this.#draining;
  }

  /**
   * Graceful stop, step one: no event joins or starts any more (waiting ones stay where they are);
   * resolves `true` once no event is running, or `false` when `graceMs` passes first. `stop()` then
   * cancels whatever is left.
   */
  drain(graceMs: number): Promise<boolean> {
    this.#draining = true;
    if (this.running === 0) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const done = (finished: boolean) => {
        clearTimeout(timer);
        this.#idleWaiters.delete(onIdle);
        resolve(finished);
      };
      const onIdle = () => done(true);
      const timer = setTimeout(() => done(false), Math.max(0, graceMs));
      this.#idleWaiters.add(onIdle);
    });
  }

  #notify(kind: keyof QueueObserver, job: Job): void {
    for (const observer of this.#observers) {
      try {
        observer[kind]?.(job);
      } catch {
        // An observer's failure is its own; the queue goes on.
      }
    }
    if (kind === "finished" && this.running === 0) for (const wake of [...this.#idleWaiters]) wake();
  }

  #group(job: Job): Group {
    const id = job.dependency.concurrencyId;
    let group = this.#groups.get(id);
    if (!group) {
      const wanted = job.dependency.options.concurrencyLimit;
      const limit = wanted === undefined || wanted === "default" ? this.settings.defaultConcurrencyLimit : wanted;
      group = { limit, waiting: [], running: new Set() };
      this.#groups.set(id, group);
    }
    return group;
  }

  #dispatch(group: Group): void {
    let started = false;
    while (!this.#draining && group.waiting.length > 0 && (group.limit === null || group.running.size < group.limit)) {
      const job = group.waiting.shift()!;
      group.running.add(job);
      started = true;
      this.#notify("started", job);
      void this.runner.run(job).finally(() => {
        if (group.running.delete(job)) this.#dispatch(group);
        this.#notify("finished", job);
      });
    }
    if (started) this.#announcePositions(group);
  }

  #abort(group: Group, job: Job): void {
    job.abort.abort();
    // The slot is free at once: a cancelled fn that ignores its signal must not hold the line.
    if (group.running.delete(job)) queueMicrotask(() => this.#dispatch(group));
  }

  #announcePositions(group: Group): void {
    group.waiting.forEach((job, rank) => {
      this.channels.publish(job.sessionHash, messages.estimation(job.eventId, rank, group.waiting.length, this.#eta(group, rank, job)));
    });
  }

  /** Seconds until this event should finish: its own run time plus the runs ahead of it, per slot. */
  #eta(group: Group, rank: number, job: Job): number | null {
    const average = this.runner.stats.average(job.dependency.id);
    if (average === null) return null;
    const slots = group.limit ?? Number.POSITIVE_INFINITY;
    return average * (Math.floor(rank / slots) + 1);
  }
}
