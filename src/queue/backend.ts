/**
 * Where an app's events wait, run and report, behind one interface: in this process (the default),
 * or in one Redis shared by the app's replicas (`redisUrl`). The server picks a factory once, at start,
 * and from then on only talks to the `QueueBackend` it built.
 */
import type { Blocks } from "../blocks/blocks.js";
import type { FileProcessor } from "../files/file-processor.js";
import { MemoryChannels, type MessageChannels } from "./channels.js";
import { MemoryQueue, type EventQueue } from "./queue.js";
import type { RedisBackendOptions } from "./redis/index.js";
import type { GradioRedis, RedisKeys } from "./redis/connection.js";
import { MemoryRenderStore, type RenderStore } from "./renders.js";
import type { Runner, RunnerLogger } from "./runner.js";
import { MemoryStateStore, type StateStore } from "./session-state.js";

/** What the runner is built over; the backend makes them, the caller decides how fns run. */
export interface QueueParts {
  channels: MessageChannels;
  states: StateStore;
  /** What each session's gr.render fns built. */
  renders: RenderStore;
}

export interface QueueBackendContext {
  app: Blocks;
  files: FileProcessor;
  logger: RunnerLogger & { info(details: object, message: string): void };
  makeRunner(parts: QueueParts): Runner;
}

/** The Redis that replicas share, for the other stores they must agree on (logouts, sign-in throttle). */
export interface SharedRedis {
  redis: GradioRedis;
  keys: RedisKeys;
}

export interface QueueBackend extends QueueParts {
  readonly kind: "memory" | "redis";
  runner: Runner;
  queue: EventQueue;
  /** Null for the in-process backend. */
  shared: SharedRedis | null;
  /** Stops the queue and frees what the backend holds (connections, timers). */
  close(): Promise<void>;
}

export type QueueBackendFactory = (context: QueueBackendContext) => Promise<QueueBackend>;

/** Everything in this process: one replica, nothing to connect to. */
export function memoryBackend(): QueueBackendFactory {
  return async ({ app, makeRunner }) => {
    const channels = new MemoryChannels();
    const states = new MemoryStateStore();
    const renders = new MemoryRenderStore(app);
    const runner = makeRunner({ channels, states, renders });
    const queue = new MemoryQueue(app.queueSettings, channels, runner);
    return {
      kind: "memory",
      channels,
      states,
      renders,
      runner,
      queue,
      shared: null,
      async close() {
        await queue.stop();
        await channels.close();
        await states.close();
        await renders.close();
      },
    };
  };
}

/** Queue, channels, session State and renders in one Redis, shared by every replica of the app. */
export function redisBackend(settings: RedisBackendOptions): QueueBackendFactory {
  return async ({ app, files, logger, makeRunner }) => {
    // ioredis loads only for an app that scales out.
    const { createRedisBackend } = await import("./redis/index.js");
    const redis = await createRedisBackend(app, settings, logger);
    const { channels, states } = redis;
    const renders = redis.createRenders(files);
    const runner = makeRunner({ channels, states, renders });
    const queue = await redis.createQueue(runner, files, renders);
    return {
      kind: "redis",
      channels,
      states,
      renders,
      runner,
      queue,
      shared: { redis: redis.redis, keys: redis.keys },
      async close() {
        await redis.close();
        await renders.close();
      },
    };
  };
}
