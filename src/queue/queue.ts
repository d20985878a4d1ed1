/**
 * The fair queue: every event waits in its concurrency group and runs when the group has a free slot.
 * Waiting callers are told their position and an estimate whenever the line moves.
 */
import { IdleWaiters } from "./idle.js";
import { QueueFullError, QueueStoppedError } from "../errors.js";
import type { Awaitable, MemoryChannels } from "./channels.js";
import { isOwner, ownerOf, type EventOwner } from "./event-owner.js";
import type { QueuedCall } from "./queued-call.js";
import * as messages from "../protocol/messages.js";
import type { Runner } from "./runner.js";

export interface QueueSettings {
  defaultConcurrencyLimit: number | null;
  maxSize: number | null;
}

interface Group {
  limit: number | null;
  waiting: QueuedCall[];
  /** Every running event of the group. */
  running: Set<QueuedCall>;
  /** What holds a slot: one event, or the events of one batch-fn run (one slot for all of them). */
  slots: Set<QueuedCall[]>;
  /** A position announcement is scheduled: the line's changes in one turn of the loop make one. */
  announcing: boolean;
}

/**
 * How the server hands work to the queue; the in-memory one below, a shared one for several replicas
 * (src/queue/redis/queue.ts). Callers `await` every answer that may be a promise.
 */
export interface EventQueue {
  /** Queues the job (throws QueueFullError / QueueStoppedError, or a 503 when the backend is away). */
  join(job: QueuedCall): Awaitable<void>;
  /**
   * Cancels the caller's own event (waiting or running) and, as Gradio does, the caller's running calls
   * of that fn; each cancelled event's stream is told (an empty `process_completed`). Another session's
   * or user's events are left alone. True when something of the caller's was cancelled.
   */
  cancel(caller: EventOwner, fnIndex: number, eventId: string): Awaitable<boolean>;
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
  /**
   * A shared queue: hands a `.stream()` chunk (wire values) or the stream's end to whichever replica
   * runs the event. False when the session has no such pending event.
   */
  forwardStream?(message: StreamForward): Promise<boolean>;
}

export interface StreamForward {
  eventId: string;
  /** Who sends it: only the event's owner may feed or close its stream. */
  caller: EventOwner;
  /** The chunk as the caller sent it; absent for the end of the stream. */
  data?: unknown[];
}

/** A group's limit: the event's own `concurrencyLimit`, else the queue's default (`null` = no limit). */
export function groupLimit(wanted: number | null | "default" | undefined, settings: QueueSettings): number | null {
  return wanted === undefined || wanted === "default" ? settings.defaultConcurrencyLimit : wanted;
}

/** Tells every observer; one that throws does not stop the others or the queue. */
export function notifyObservers(observers: Iterable<QueueObserver>, kind: keyof QueueObserver, job: QueuedCall): void {
  for (const observer of observers) {
    try {
      observer[kind]?.(job);
    } catch {
      // An observer's failure is its own; the queue goes on.
    }
  }
}

/** Told when an event starts running and when its run ends (for metrics); must not throw. */
export interface QueueObserver {
  started?(job: QueuedCall): void;
  finished?(job: QueuedCall): void;
}

export class MemoryQueue implements EventQueue {
  readonly #groups = new Map<string, Group>();
  #stopped = false;
  // --- Graceful stop (see drain()) ---
  #draining = false;
  readonly #idle = new IdleWaiters();
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

  join(job: QueuedCall): void {
    if (this.#stopped || this.#draining) throw new QueueStoppedError();
    const { maxSize } = this.settings;
    if (maxSize !== null && this.size >= maxSize) throw new QueueFullError(maxSize, this.size);
    const group = this.#group(job);
    group.waiting.push(job);
    this.channels.open(job.sessionHash, job.eventId);
    this.channels.publish(
      job.sessionHash,
      messages.estimation(
        job.eventId,
        group.waiting.length - 1,
        group.waiting.length,
        this.#eta(group, group.waiting.length - 1, job),
      ),
    );
    this.#dispatch(group);
  }

  cancel(caller: EventOwner, fnIndex: number, eventId: string): boolean {
    let cancelled = false;
    for (const group of this.#groups.values()) {
      for (const job of [...group.running]) {
        if (!isOwner(ownerOf(job), caller) || (job.eventId !== eventId && job.dependency.id !== fnIndex)) continue;
        if (job.abort.signal.aborted) continue;
        this.#abort(group, job);
        this.#tellCancelled(job);
        cancelled = true;
      }
      const index = group.waiting.findIndex((job) => job.eventId === eventId && isOwner(ownerOf(job), caller));
      if (index >= 0) {
        const [job] = group.waiting.splice(index, 1);
        job!.abort.abort();
        this.#tellCancelled(job!);
        this.#announcePositions(group);
        cancelled = true;
      }
    }
    return cancelled;
  }

  /** The owner's client stops waiting for a result that will not come (Gradio sends this empty completion). */
  #tellCancelled(job: QueuedCall): void {
    this.channels.publish(job.sessionHash, messages.processCancelled(job.eventId));
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
    return this.#idle.wait(graceMs);
  }

  #notify(kind: keyof QueueObserver, job: QueuedCall): void {
    notifyObservers(this.#observers, kind, job);
    if (kind === "finished" && this.running === 0) this.#idle.notify();
  }

  #group(job: QueuedCall): Group {
    const id = job.dependency.concurrencyId;
    let group = this.#groups.get(id);
    if (!group) {
      group = {
        limit: groupLimit(job.dependency.options.concurrencyLimit, this.settings),
        waiting: [],
        running: new Set(),
        slots: new Set(),
        announcing: false,
      };
      this.#groups.set(id, group);
    }
    return group;
  }

  #dispatch(group: Group): void {
    let started = false;
    while (!this.#draining && group.waiting.length > 0 && (group.limit === null || group.slots.size < group.limit)) {
      const batch = this.#takeNext(group);
      group.slots.add(batch);
      started = true;
      const members = [...batch];
      for (const job of members) {
        group.running.add(job);
        this.#notify("started", job);
      }
      const run = batch[0]!.dependency.options.batch ? this.runner.runBatch(members) : this.runner.run(members[0]!);
      void run.finally(() => {
        for (const job of members) group.running.delete(job);
        if (group.slots.delete(batch)) this.#dispatch(group);
        for (const job of members) this.#notify("finished", job);
      });
    }
    if (started) this.#announcePositions(group);
  }

  /**
   * The head of the line; for a batch fn (`batch: true`) also the next waiting events of that same fn,
   * in order, up to `maxBatchSize` in all: they run as one call of the fn.
   */
  #takeNext(group: Group): QueuedCall[] {
    const head = group.waiting.shift()!;
    const { batch, maxBatchSize } = head.dependency.options;
    if (!batch) return [head];
    const max = Math.max(1, maxBatchSize ?? 4);
    const taken = [head];
    for (let i = 0; i < group.waiting.length && taken.length < max;) {
      if (group.waiting[i]!.dependency === head.dependency) taken.push(group.waiting.splice(i, 1)[0]!);
      else i++;
    }
    return taken;
  }

  #abort(group: Group, job: QueuedCall): void {
    job.abort.abort();
    if (!group.running.delete(job)) return;
    // The slot is free at once when its last event goes: a cancelled fn that ignores its signal must not
    // hold the line. (A batch keeps its slot while another event of it still waits for the answer.)
    for (const batch of group.slots) {
      const index = batch.indexOf(job);
      if (index < 0) continue;
      batch.splice(index, 1);
      if (batch.length === 0) {
        group.slots.delete(batch);
        queueMicrotask(() => this.#dispatch(group));
      }
      break;
    }
  }

  /**
   * Tells every waiting caller its place, once for all the changes made in this turn of the event loop
   * (events finishing, starting, cancelled or dropped together), rather than one message per waiter
   * per change.
   */
  #announcePositions(group: Group): void {
    if (group.announcing) return;
    group.announcing = true;
    setImmediate(() => {
      group.announcing = false;
      if (this.#stopped) return;
      group.waiting.forEach((job, rank) => {
        this.channels.publish(
          job.sessionHash,
          messages.estimation(job.eventId, rank, group.waiting.length, this.#eta(group, rank, job)),
        );
      });
    });
  }

  /** Seconds until this event should finish: its own run time plus the runs ahead of it, per slot. */
  #eta(group: Group, rank: number, job: QueuedCall): number | null {
    const average = this.runner.stats.average(job.dependency.id);
    if (average === null) return null;
    const slots = group.limit ?? Number.POSITIVE_INFINITY;
    return average * (Math.floor(rank / slots) + 1);
  }
}
