/**
 * The shared queue: every replica of an app takes jobs from the same Redis, so any replica with a free
 * slot runs the next job, wherever it was joined.
 *
 * - A job is a Redis Stream entry in its concurrency group's stream (`q:<group>`), holding what came on
 *   the wire (inputs, session, request info). Replicas read entries through the consumer group
 *   `workers` (XREADGROUP), each only while it has a free slot for that group (its own
 *   `concurrencyLimit`); the one that runs a job preprocesses the inputs itself.
 * - Crash recovery: a running job stays in the group's pending list; its replica refreshes the claim
 *   (XCLAIM … JUSTID) every lease/3. A job whose claim is older than the lease belonged to a dead replica:
 *   another takes it over (XAUTOCLAIM) and runs it once more (or, for `rerun: false`, tells the caller).
 * - Positions: a sorted set per group (`q:<group>:w`) orders the waiting jobs cluster-wide.
 * - Cluster-wide limit (optional, per concurrency id): a sorted set of leased slots (`q:<group>:slots`).
 * - Cancel and "session gone" reach the replica running the job through pub/sub (`control`).
 */
import { IdleWaiters } from "../idle.js";
import { randomUUID } from "node:crypto";
import type { Blocks } from "../../blocks/blocks.js";
import type { Dependency } from "../../blocks/events.js";
import { GradioRequest, type GradioRequestInit } from "../../blocks/request.js";
import { QueueFullError, QueueStoppedError } from "../../errors.js";
import type { FileProcessor } from "../../files/file-processor.js";
import { isOwner, ownerOf, type EventOwner } from "../event-owner.js";
import type { QueuedCall } from "../queued-call.js";
import * as messages from "../../protocol/messages.js";
import {
  groupLimit,
  notifyObservers,
  type EventQueue,
  type QueueObserver,
  type QueueSettings,
  type StreamForward,
} from "../queue.js";
import { findDependency, type RenderStore } from "../renders.js";
import { alignData, prepareInputs } from "../inputs.js";
import type { Runner } from "../runner.js";
import type { StateStore } from "../session-state.js";
import type { RedisChannels } from "./channels.js";
import { duplicate, WORKERS, type BlockingPool, type GradioRedis, type RedisKeys } from "./connection.js";
import { QueueUnavailableError } from "./errors.js";

/** A job as stored in Redis: plain data only. */
interface StoredJob {
  eventId: string;
  sessionHash: string;
  fnIndex: number;
  data: unknown[];
  request: GradioRequestInit;
  eventData?: unknown;
  rootUrl: string;
  simpleFormat: boolean;
  joinedAt: number;
  /** Order in the waiting set (kept when a stopping replica hands the job back). */
  seq: number;
  /** Runs already begun and handed back by replicas that stopped gracefully. */
  handedBack?: number;
}

interface Running {
  job: QueuedCall;
  group: string;
  entryId: string;
  stored: StoredJob;
  slotToken: string | null;
  /** Handed back or failed by stop(): the run's end must not acknowledge the entry again. */
  settled: boolean;
  /** The one call this run is part of: runs of one batch share it, and take one slot together. */
  call: object;
}

interface Group {
  id: string;
  limit: number | null;
  clusterLimit: number | null;
  running: Set<Running>;
  /** Jobs read at once: the largest `maxBatchSize` of the group's batch fns, else 1. */
  batchSize: number;
  wake: () => void;
  announceTimer: NodeJS.Timeout | null;
}

export interface RedisQueueOptions {
  app: Blocks;
  settings: QueueSettings;
  redis: GradioRedis;
  pool: BlockingPool;
  keys: RedisKeys;
  channels: RedisChannels;
  states: StateStore;
  /** Where a rendered event (an fn_index past the app's own) is found for its session. */
  renders: RenderStore;
  runner: Runner;
  files: FileProcessor;
  logger: {
    error(details: object, message: string): void;
    warn(details: object, message: string): void;
    info(details: object, message: string): void;
  };
  /** How long a dead replica's job waits before another takes it over (ms). */
  leaseMs?: number;
  /** Cluster-wide limits, by concurrency id (a dependency's `concurrencyId`, else its fn index). */
  clusterLimits?: Record<string, number>;
  /** How long a session whose stream dropped waits for its client to reconnect (to any replica). */
  reconnectGraceMs?: number;
}

/** Calls running in a group: the events of one batch run as one call and take one slot. */
const callsOf = (group: Group) => new Set([...group.running].map((run) => run.call)).size;
const renderGroupId = (renderId: number) => `render-${renderId}`;
const member = (eventId: string, sessionHash: string) => `${eventId}:${sessionHash}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const REPLACED = "The replica running this event stopped";
const OWNER_TTL_SECONDS = 3600;

/** Sent to every replica: stop the caller's own runs of `fnIndex`, or the event `eventId`. */
interface CancelCommand {
  type: "cancel";
  caller: EventOwner;
  fnIndex: number;
  eventId: string;
}

export class RedisQueue implements EventQueue {
  readonly replicaId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  readonly #groups = new Map<string, Group>();
  readonly #observers = new Set<QueueObserver>();
  readonly #idle = new IdleWaiters();
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #leaseMs: number;
  readonly #graceMs: number;
  readonly #sub: GradioRedis;
  readonly #blocking = new Map<string, GradioRedis>();
  #stopped = false;
  #draining = false;
  #size = 0;
  #replicas = 1;
  #subReady = false;

  constructor(private readonly o: RedisQueueOptions) {
    this.#leaseMs = o.leaseMs ?? 5000;
    this.#graceMs = o.reconnectGraceMs ?? 10_000;
    // Each group's limit comes from its first event; rendered events wait in one group per render
    // (with the default limit) unless they name a group of the app's own.
    const wanted = new Map<string, number | null | "default" | undefined>();
    for (const dependency of o.app.dependencies)
      if (dependency.fn && !wanted.has(dependency.concurrencyId))
        wanted.set(dependency.concurrencyId, dependency.options.concurrencyLimit);
    for (const renderable of o.app.renderables)
      if (!wanted.has(renderGroupId(renderable.id))) wanted.set(renderGroupId(renderable.id), undefined);
    for (const [id, own] of wanted) {
      const limit = groupLimit(own, o.settings);
      const batchSize = Math.max(
        1,
        ...o.app.dependencies
          .filter((d) => d.fn && d.options.batch && d.concurrencyId === id)
          .map((d) => d.options.maxBatchSize ?? 4),
      );
      this.#groups.set(id, {
        id,
        limit,
        clusterLimit: o.clusterLimits?.[id] ?? null,
        running: new Set(),
        batchSize,
        wake: () => {},
        announceTimer: null,
      });
    }
    this.#sub = duplicate(o.redis, `gradio-${this.replicaId}-control`);
    this.#sub.on("error", (error: Error) => this.#error(error, "control"));
    this.#sub.on("ready", () => (this.#subReady = true));
    this.#sub.on("close", () => (this.#subReady = false));
    this.#sub.on("message", (_channel: string, text: string) => this.#control(text));
  }

  /** Creates the consumer groups, subscribes, and starts the workers and the housekeeping timers. */
  async start(): Promise<void> {
    await this.#ensureGroups();
    await this.#sub.subscribe(this.o.keys.control());
    this.#subReady = true;
    for (const group of this.#groups.values()) void this.#work(group);
    const every = (ms: number, fn: () => Promise<void>) => {
      const timer = setInterval(() => void fn().catch((error: unknown) => this.#error(error, "housekeeping")), ms);
      timer.unref();
      this.#timers.push(timer);
    };
    every(Math.max(200, Math.floor(this.#leaseMs / 3)), () => this.#refreshLeases());
    every(Math.max(250, Math.floor(this.#leaseMs / 4)), () => this.#reclaim());
    every(1000, async () => void (await this.#refreshSize()));
    await this.#refreshLeases();
  }

  get size(): number {
    return this.#size;
  }

  get running(): number {
    let total = 0;
    for (const group of this.#groups.values()) total += group.running.size;
    return total;
  }

  get draining(): boolean {
    return this.#draining;
  }

  get healthy(): boolean {
    return this.o.redis.status === "ready" && this.#subReady;
  }

  observe(observer: QueueObserver): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  async join(job: QueuedCall): Promise<void> {
    if (this.#stopped || this.#draining) throw new QueueStoppedError();
    if (!this.healthy) throw new QueueUnavailableError();
    const { redis, keys, channels } = this.o;
    const group = this.#group(job.dependency);
    try {
      const seq = await redis.incr(keys.seq());
      const stored: StoredJob = {
        eventId: job.eventId,
        sessionHash: job.sessionHash,
        fnIndex: job.dependency.id,
        data: job.data,
        request: job.request.toInit(),
        eventData: job.eventData,
        rootUrl: job.rootUrl,
        simpleFormat: job.simpleFormat,
        joinedAt: job.joinedAt,
        seq,
      };
      const [rank, size] = await this.#enterLine(group, job, seq);
      await redis.set(keys.owner(job.eventId), JSON.stringify(ownerOf(job)), "EX", OWNER_TTL_SECONDS);
      await channels.open(job.sessionHash, job.eventId);
      // Same connection, so the estimation is in the session's stream before any replica can start the job.
      channels.publish(
        job.sessionHash,
        messages.estimation(job.eventId, rank, size, this.#eta(group, rank, job.dependency.id)),
      );
      await redis.xadd(keys.jobs(group.id), "*", "j", JSON.stringify(stored));
    } catch (error) {
      if (error instanceof QueueFullError) throw error;
      if (!this.healthy) throw new QueueUnavailableError();
      throw error;
    }
  }

  /**
   * In line atomically with the check of the queue's `maxSize` (one Lua step): the answer is the job's
   * rank and its group's size, or a QueueFullError.
   */
  async #enterLine(group: Group, job: QueuedCall, seq: number): Promise<[number, number]> {
    const { redis, keys, settings } = this.o;
    const m = member(job.eventId, job.sessionHash);
    const lines = [...this.#groups.keys()].map((id) => keys.waiting(id));
    const joinKeys = [keys.waiting(group.id), keys.waitingOf(job.sessionHash), ...lines];
    const [rank, size] = await redis.gradioJoin(
      joinKeys.length,
      ...joinKeys,
      settings.maxSize ?? -1,
      seq,
      m,
      `${group.id}\n${m}`,
      3600,
    );
    if (rank < 0) {
      this.#size = size;
      throw new QueueFullError(settings.maxSize!, size);
    }
    return [rank, size];
  }

  async cancel(caller: EventOwner, fnIndex: number, eventId: string): Promise<boolean> {
    const { redis, keys, channels } = this.o;
    const owned = await this.#owns(eventId, caller);
    if (owned) {
      // Waiting: out of the line, and never started by whoever reads its entry (checked at claim).
      const m = member(eventId, caller.sessionHash);
      const entry = (await redis.smembers(keys.waitingOf(caller.sessionHash))).find((e) => e.endsWith(`\n${m}`));
      const groupId = entry?.slice(0, entry.indexOf("\n"));
      const pipeline = redis.multi().set(keys.cancelled(eventId), "1", "EX", 3600);
      if (entry && groupId) pipeline.zrem(keys.waiting(groupId), m).srem(keys.waitingOf(caller.sessionHash), entry);
      const replies = await pipeline.exec();
      // Whoever takes the job out of the line tells its stream: here, or the replica that runs it.
      if (Number(replies?.[1]?.[1] ?? 0) === 1)
        channels.publish(caller.sessionHash, messages.processCancelled(eventId));
      const group = groupId === undefined ? undefined : this.#groups.get(groupId);
      if (group) this.#announce(group);
    }
    // Running anywhere: every replica stops the caller's own matching runs (this one at once) and tells them.
    const local = this.#cancelRuns(caller, fnIndex, eventId);
    await redis.publish(keys.control(), JSON.stringify({ type: "cancel", caller, fnIndex, eventId }));
    return owned || local;
  }

  /** Whether the event is the caller's: its owner record (written at join) names the caller. */
  async #owns(eventId: string, caller: EventOwner): Promise<boolean> {
    const text = await this.o.redis.get(this.o.keys.owner(eventId));
    if (!text) return false;
    try {
      return isOwner(JSON.parse(text) as EventOwner, caller);
    } catch {
      return false;
    }
  }

  /** Cancels this replica's runs of the caller's that match, telling each one's stream; true if any. */
  #cancelRuns(caller: EventOwner, fnIndex: number, eventId: string): boolean {
    let cancelled = false;
    for (const group of this.#groups.values()) {
      for (const run of group.running) {
        const { job } = run;
        if (job.abort.signal.aborted || !isOwner(ownerOf(job), caller)) continue;
        if (job.eventId !== eventId && job.dependency.id !== fnIndex) continue;
        job.abort.abort();
        this.o.channels.publish(job.sessionHash, messages.processCancelled(job.eventId));
        cancelled = true;
      }
    }
    return cancelled;
  }

  /**
   * The session's stream went away. Its client may be reconnecting through another replica, so the
   * session is dropped only if no replica serves its stream after the reconnect grace period.
   */
  dropSession(sessionHash: string): void {
    const timer = setTimeout(() => {
      void (async () => {
        if (this.#stopped || (await this.o.channels.readerActive(sessionHash))) return;
        const { redis, keys } = this.o;
        const waiting = await redis.smembers(keys.waitingOf(sessionHash));
        const pipeline = redis.multi();
        for (const entry of waiting) {
          const [groupId, m] = entry.split("\n") as [string, string];
          pipeline.zrem(keys.waiting(groupId), m).set(keys.cancelled(m.slice(0, m.indexOf(":"))), "1", "EX", 3600);
        }
        await pipeline.exec();
        this.#abortRunning((r) => r.job.sessionHash === sessionHash);
        await redis.publish(keys.control(), JSON.stringify({ type: "drop", sessionHash }));
        await this.o.channels.drop(sessionHash);
        for (const group of this.#groups.values()) this.#announce(group);
      })().catch((error: unknown) => this.#error(error, "drop session"));
    }, this.#graceMs);
    timer.unref();
  }

  drain(graceMs: number): Promise<boolean> {
    this.#draining = true;
    for (const group of this.#groups.values()) group.wake();
    if (this.running === 0) return Promise.resolve(true);
    return this.#idle.wait(graceMs);
  }

  /**
   * Stops taking work. Jobs still running are handed back to the cluster (queued again, in their old
   * place, for another replica), or, for `rerun: false`, end with an error for their caller.
   */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#draining = true;
    for (const timer of this.#timers) clearInterval(timer);
    for (const group of this.#groups.values()) group.wake();
    const { redis, keys, channels } = this.o;
    for (const group of this.#groups.values()) {
      for (const run of [...group.running]) {
        run.settled = true;
        run.job.abort.abort();
        try {
          if (run.job.dependency.options.rerun === false) {
            channels.publish(
              run.job.sessionHash,
              messages.processFailed(
                run.job.eventId,
                {
                  error: `${REPLACED} while running it, and it is not run again because its fn has side effects (rerun: false). Please try again.`,
                  visible: true,
                },
                true,
              ),
            );
          } else {
            const stored: StoredJob = { ...run.stored, handedBack: (run.stored.handedBack ?? 0) + 1 };
            await redis
              .multi()
              .zadd(keys.waiting(group.id), stored.seq, member(stored.eventId, stored.sessionHash))
              .xadd(keys.jobs(group.id), "*", "j", JSON.stringify(stored))
              .exec();
          }
          await this.#ack(group, run.entryId, run.slotToken);
        } catch (error) {
          this.#error(error, "hand back");
        }
      }
    }
    await this.#sub.quit().catch(() => undefined);
    for (const conn of this.#blocking.values()) this.o.pool.discard(conn);
    this.#blocking.clear();
  }

  // --- Workers ---

  #group(dependency: Dependency): Group {
    const group =
      this.#groups.get(dependency.concurrencyId) ??
      (dependency.renderedIn === null ? undefined : this.#groups.get(renderGroupId(dependency.renderedIn)));
    if (!group) throw new Error(`No concurrency group ${dependency.concurrencyId}`);
    return group;
  }

  async #ensureGroups(): Promise<void> {
    for (const group of this.#groups.values()) {
      try {
        await this.o.redis.xgroup("CREATE", this.o.keys.jobs(group.id), WORKERS, "0", "MKSTREAM");
      } catch (error) {
        if (!String((error as Error).message).includes("BUSYGROUP")) throw error;
      }
    }
  }

  #hasSlot(group: Group): boolean {
    return !this.#draining && (group.limit === null || callsOf(group) < group.limit);
  }

  /** One loop per group: while this replica has a free slot, take the next job of the group. */
  async #work(group: Group): Promise<void> {
    const { keys } = this.o;
    while (!this.#stopped) {
      try {
        if (!this.#hasSlot(group) || !this.healthy) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 500);
            group.wake = () => (clearTimeout(timer), resolve());
          });
          continue;
        }
        let token: string | null = null;
        if (group.clusterLimit !== null) {
          token = randomUUID();
          if (
            (await this.o.redis.gradioAcquire(keys.slots(group.id), group.clusterLimit, token, this.#leaseMs)) !== 1
          ) {
            await sleep(100);
            continue;
          }
        }
        let conn = this.#blocking.get(group.id);
        if (!conn) {
          conn = this.o.pool.acquire();
          this.#blocking.set(group.id, conn);
        }
        // A batch fn's group reads up to a batch at once: the jobs waiting now run as one call.
        const reply = (await conn.xreadgroup(
          "GROUP",
          WORKERS,
          this.replicaId,
          "COUNT",
          group.batchSize,
          "BLOCK",
          1000,
          "STREAMS",
          keys.jobs(group.id),
          ">",
        )) as [string, [string, string[]][]][] | null;
        const entries = reply?.[0]?.[1] ?? [];
        if (entries.length === 0) {
          if (token) await this.o.redis.zrem(keys.slots(group.id), token);
          continue;
        }
        if (entries.length === 1) await this.#take(group, entries[0]![0], entries[0]![1], 1, token);
        else await this.#takeBatch(group, entries, token);
      } catch (error) {
        if (this.#stopped) return;
        if (String((error as Error).message).includes("NOGROUP")) await this.#ensureGroups().catch(() => undefined);
        this.#error(error, "worker");
        await sleep(500);
      }
    }
  }

  /** Takes over jobs whose replica stopped refreshing its claim (it died), while slots are free. */
  async #reclaim(): Promise<void> {
    if (this.#stopped || !this.healthy) return;
    const { redis, keys } = this.o;
    for (const group of this.#groups.values()) {
      const free = group.limit === null ? 10 : group.limit - callsOf(group);
      if (this.#draining || free <= 0) continue;
      const [, entries] = (await redis.xautoclaim(
        keys.jobs(group.id),
        WORKERS,
        this.replicaId,
        this.#leaseMs,
        "0-0",
        "COUNT",
        free,
      )) as [string, ([string, string[]] | null)[]];
      for (const entry of entries) {
        if (!entry) continue;
        const pending = (await redis.xpending(keys.jobs(group.id), WORKERS, entry[0], entry[0], 1)) as [
          string,
          string,
          number,
          number,
        ][];
        const deliveries = Number(pending[0]?.[3] ?? 2);
        let token: string | null = null;
        if (group.clusterLimit !== null) {
          token = randomUUID();
          // The dead replica's slot lease runs out by itself; this run needs its own.
          if ((await redis.gradioAcquire(keys.slots(group.id), group.clusterLimit, token, this.#leaseMs)) !== 1) {
            token = null;
          }
        }
        this.o.logger.warn(
          { event: "job-reclaimed", entry: entry[0], deliveries, replica: this.replicaId },
          "took over a job from a replica that stopped",
        );
        await this.#take(group, entry[0], entry[1], deliveries, token);
      }
    }
  }

  /** Starts a job read from the group's stream (first delivery, or taken over from a dead replica). */
  async #take(
    group: Group,
    entryId: string,
    fields: string[],
    deliveries: number,
    slotToken: string | null,
  ): Promise<void> {
    const run = await this.#claim(group, entryId, fields, deliveries, slotToken);
    if (run) this.#start(group, [run], () => undefined);
  }

  /**
   * Several jobs read at once from a batch fn's group: those of one batch fn run as one call (each
   * event still gets its own messages); the cluster slot, if any, is freed when all of them are done.
   */
  async #takeBatch(group: Group, entries: [string, string[]][], slotToken: string | null): Promise<void> {
    const runs = (
      await Promise.all(entries.map(([entryId, fields]) => this.#claim(group, entryId, fields, 1, null)))
    ).filter((run): run is Running => run !== null);
    const calls = new Map<unknown, Running[]>();
    for (const run of runs) {
      const key = run.job.dependency.options.batch ? run.job.dependency : run;
      calls.set(key, [...(calls.get(key) ?? []), run]);
    }
    const release = () => {
      if (slotToken)
        this.o.redis
          .zrem(this.o.keys.slots(group.id), slotToken)
          .catch((error: unknown) => this.#error(error, "release slot"));
    };
    if (calls.size === 0) return release();
    let left = calls.size;
    for (const members of calls.values()) this.#start(group, members, () => void (--left === 0 && release()));
  }

  /** Checks a job read from the stream and records it as running here; null when it must not run. */
  async #claim(
    group: Group,
    entryId: string,
    fields: string[],
    deliveries: number,
    slotToken: string | null,
  ): Promise<Running | null> {
    const { redis, keys, channels, app } = this.o;
    const stored = JSON.parse(fields[1]!) as StoredJob;
    const { eventId, sessionHash } = stored;
    const m = member(eventId, sessionHash);
    const [[, cancelled], [, pending]] = (await redis
      .multi()
      .exists(keys.cancelled(eventId))
      .sismember(keys.pending(sessionHash), eventId)
      .zrem(keys.waiting(group.id), m)
      .srem(keys.waitingOf(sessionHash), `${group.id}\n${m}`)
      .exec()) as [[unknown, number], [unknown, number]];
    this.#announce(group);
    const dependency = await findDependency(app, this.o.renders, sessionHash, stored.fnIndex).catch(
      (error: unknown) => void this.#error(error, "rebuild render"),
    );
    if (cancelled || !pending || !dependency?.fn) {
      if (!cancelled && pending)
        channels.publish(
          sessionHash,
          messages.processFailed(
            eventId,
            {
              error: "This event no longer exists: the part of the page it belonged to was rebuilt. Please try again.",
              visible: true,
            },
            true,
          ),
        );
      await this.#ack(group, entryId, slotToken);
      return null;
    }
    if (deliveries > 1) {
      const why =
        dependency.options.rerun === false
          ? "it is not run again because its fn has side effects (rerun: false)"
          : deliveries > 2
            ? "it already ran twice"
            : null;
      if (why) {
        channels.publish(
          sessionHash,
          messages.processFailed(
            eventId,
            { error: `${REPLACED} while running it, and ${why}. Please try again.`, visible: true },
            true,
          ),
        );
        await this.#ack(group, entryId, slotToken);
        return null;
      }
    }
    const job: QueuedCall = {
      eventId,
      sessionHash,
      dependency,
      data: stored.data,
      request: new GradioRequest(stored.request),
      eventData: stored.eventData ?? null,
      rootUrl: stored.rootUrl,
      simpleFormat: stored.simpleFormat,
      abort: new AbortController(),
      joinedAt: stored.joinedAt,
      attempt: deliveries + (stored.handedBack ?? 0),
    };
    const run: Running = { job, group: group.id, entryId, stored, slotToken, settled: false, call: {} };
    group.running.add(run);
    this.#notify("started", job);
    return run;
  }

  /** Runs claimed jobs as one call (one job, or the events of one batch fn), then acknowledges each. */
  #start(group: Group, runs: Running[], done: () => void): void {
    const call = {};
    for (const run of runs) run.call = call;
    void (async () => {
      try {
        // The runner prepares the inputs (once, here, as the in-memory queue does): a failure is the event's error.
        const jobs = runs.map((run) => run.job);
        if (jobs.length === 1) await this.o.runner.run(jobs[0]!);
        else await this.o.runner.runBatch(jobs);
      } catch (error) {
        this.#error(error, "run");
      } finally {
        for (const run of runs) {
          group.running.delete(run);
          if (!run.settled)
            await this.#ack(group, run.entryId, run.slotToken).catch((error: unknown) => this.#error(error, "ack"));
          this.#notify("finished", run.job);
        }
        done();
        group.wake();
      }
    })();
  }

  async #ack(group: Group, entryId: string, slotToken: string | null): Promise<void> {
    const { redis, keys } = this.o;
    const pipeline = redis.multi().xack(keys.jobs(group.id), WORKERS, entryId).xdel(keys.jobs(group.id), entryId);
    if (slotToken) pipeline.zrem(keys.slots(group.id), slotToken);
    await pipeline.exec();
  }

  /** Keeps this replica's claims fresh: a claim not refreshed within the lease means a dead replica. */
  async #refreshLeases(): Promise<void> {
    if (this.#stopped || this.o.redis.status !== "ready") return;
    const { redis, keys } = this.o;
    const pipeline = redis.multi();
    const now = Date.now();
    pipeline
      .zadd(keys.replicas(), now, this.replicaId)
      .zremrangebyscore(keys.replicas(), "-inf", now - 3 * this.#leaseMs)
      .zcard(keys.replicas());
    for (const group of this.#groups.values()) {
      for (const run of group.running) {
        pipeline.xclaim(keys.jobs(group.id), WORKERS, this.replicaId, 0, run.entryId, "JUSTID");
        if (run.slotToken) pipeline.zadd(keys.slots(group.id), "XX", now + this.#leaseMs, run.slotToken);
        // A long run (a stream event) stays its owner's to cancel, feed and close.
        pipeline.expire(keys.owner(run.job.eventId), OWNER_TTL_SECONDS);
      }
    }
    const replies = await pipeline.exec();
    this.#replicas = Math.max(1, Number(replies?.[2]?.[1] ?? 1));
  }

  async #refreshSize(): Promise<number> {
    if (this.o.redis.status !== "ready") return this.#size;
    const pipeline = this.o.redis.multi();
    for (const group of this.#groups.values()) pipeline.zcard(this.o.keys.waiting(group.id));
    const replies = await pipeline.exec();
    this.#size = (replies ?? []).reduce((sum, [, n]) => sum + Number(n ?? 0), 0);
    return this.#size;
  }

  /** Tells every waiting caller of the group its cluster-wide position (at most every 100 ms). */
  #announce(group: Group): void {
    if (group.announceTimer) return;
    group.announceTimer = setTimeout(() => {
      group.announceTimer = null;
      void (async () => {
        const { redis, keys, channels } = this.o;
        const [[, waiting], [, total]] = (await redis
          .multi()
          .zrange(keys.waiting(group.id), 0, 999)
          .zcard(keys.waiting(group.id))
          .exec()) as [[unknown, string[]], [unknown, number]];
        waiting.forEach((m, rank) => {
          const split = m.indexOf(":");
          const eventId = m.slice(0, split);
          const sessionHash = m.slice(split + 1);
          const fnIndex = this.o.app.dependencies.find((d) => d.concurrencyId === group.id)?.id ?? 0;
          channels.publish(
            sessionHash,
            messages.estimation(eventId, rank, Number(total), this.#eta(group, rank, fnIndex)),
          );
        });
      })().catch((error: unknown) => this.#error(error, "positions"));
    }, 100);
    group.announceTimer.unref();
  }

  /** Seconds until an event at `rank` should finish, with every replica's slots working on the line. */
  #eta(group: Group, rank: number, fnIndex: number): number | null {
    const average = this.o.runner.stats.average(fnIndex);
    if (average === null) return null;
    const slots =
      group.clusterLimit ?? (group.limit === null ? Number.POSITIVE_INFINITY : group.limit * this.#replicas);
    return average * (Math.floor(rank / slots) + 1);
  }

  /** Refused (false) unless the event is the caller's and still pending: the same answer as for an unknown event. */
  async forwardStream(message: StreamForward): Promise<boolean> {
    const { eventId, caller } = message;
    if (!(await this.#owns(eventId, caller)) || !(await this.o.channels.isPending(caller.sessionHash, eventId)))
      return false;
    await this.o.redis.publish(this.o.keys.control(), JSON.stringify({ type: "stream", ...message }));
    return true;
  }

  /** A chunk or the end of a stream event, for the replica that runs it (the others ignore it). */
  async #streamChunk({ eventId, caller, data }: StreamForward): Promise<void> {
    const { streams } = this.o.runner;
    const job = streams.get(eventId, caller);
    if (!job) return;
    if (data === undefined) return void streams.close(eventId, caller);
    try {
      streams.push(
        eventId,
        caller,
        await prepareInputs(job.dependency, alignData(job.dependency, data), job.sessionHash, this.o.states, {
          files: this.o.files,
          rootUrl: job.rootUrl,
        }),
      );
    } catch (error) {
      this.#error(error, "stream chunk");
    }
  }

  #control(text: string): void {
    try {
      const command = JSON.parse(text) as
        CancelCommand | { type: "drop"; sessionHash: string } | ({ type: "stream" } & StreamForward);
      if (command.type === "stream") void this.#streamChunk(command);
      else if (command.type === "cancel") this.#cancelRuns(command.caller, command.fnIndex, command.eventId);
      else this.#abortRunning((r) => r.job.sessionHash === command.sessionHash);
    } catch (error) {
      this.#error(error, "control message");
    }
  }

  #abortRunning(match: (run: Running) => boolean): void {
    for (const group of this.#groups.values()) for (const run of group.running) if (match(run)) run.job.abort.abort();
  }

  #notify(kind: keyof QueueObserver, job: QueuedCall): void {
    notifyObservers(this.#observers, kind, job);
    if (kind === "finished" && this.running === 0) this.#idle.notify();
  }

  #lastErrorLog = 0;
  #error(error: unknown, what: string): void {
    // While Redis is away every loop fails; one line a few seconds is enough.
    const now = Date.now();
    if (!this.healthy && now - this.#lastErrorLog < 5000) return;
    this.#lastErrorLog = now;
    this.o.logger.error({ err: error, replica: this.replicaId, what }, "shared queue: operation failed");
  }
}
