/** Builds the shared (Redis) backend of an app: channels, State store and queue on one Redis. */
import { createHash } from "node:crypto";
import type { Blocks } from "../../blocks/blocks.js";
import type { FileProcessor } from "../../files/file-processor.js";
import type { Runner, RunnerLogger } from "../runner.js";
import { RedisChannels } from "./channels.js";
import { BlockingPool, connectRedis, redactUrl, RedisKeys, type GradioRedis } from "./connection.js";
import { RedisQueue } from "./queue.js";
import { RedisRenderStore } from "./renders.js";
import type { RenderStore } from "../renders.js";
import { RedisStateStore } from "./states.js";

export { RedisChannels, RedisQueue, RedisStateStore, RedisKeys };

export interface RedisBackendOptions {
  url: string;
  /** Key prefix; replicas of one app must share it. Default: `gradio-ts:<fingerprint of the app's fns>`. */
  prefix?: string;
  leaseMs?: number;
  reconnectGraceMs?: number;
  clusterLimits?: Record<string, number>;
  sessionTtlSeconds?: number;
}

export interface RedisBackend {
  redis: GradioRedis;
  pool: BlockingPool;
  keys: RedisKeys;
  channels: RedisChannels;
  states: RedisStateStore;
  /** What sessions' gr.render fns built; needs the file processor to rebuild a tree from its inputs. */
  createRenders(files: FileProcessor): RenderStore;
  /** Needs the runner, which needs the channels, states and renders: built last. */
  createQueue(runner: Runner, files: FileProcessor, renders: RenderStore): Promise<RedisQueue>;
  close(): Promise<void>;
}

/** A prefix that differs between apps with different endpoints, so two apps never share a queue by mistake. */
export function defaultPrefix(app: Blocks): string {
  const fingerprint = app.dependencies.map((d) => `${d.id}:${d.apiName}:${d.concurrencyId}`).join("|");
  return `gradio-ts:${createHash("sha256").update(fingerprint).digest("hex").slice(0, 12)}`;
}

export async function createRedisBackend(
  app: Blocks,
  options: RedisBackendOptions,
  logger: RunnerLogger & { info(details: object, message: string): void },
): Promise<RedisBackend> {
  const redis = await connectRedis(options.url, "gradio-ts");
  let down = false;
  redis.on("error", (error: Error) => {
    if (!down) logger.error({ err: error, redis: redactUrl(options.url) }, "Redis connection error");
    down = true;
  });
  redis.on("ready", () => {
    if (down) logger.info({ redis: redactUrl(options.url) }, "Redis is back");
    down = false;
  });
  const onError = (error: unknown, what: string) => {
    if (!down) logger.error({ err: error, what }, "Redis command failed");
  };
  const pool = new BlockingPool(redis, () => undefined);
  const keys = new RedisKeys(options.prefix ?? defaultPrefix(app));
  const ttl = options.sessionTtlSeconds ?? 3600;
  const channels = new RedisChannels(redis, pool, keys, { sessionTtlSeconds: ttl, onError });
  const states = new RedisStateStore(redis, keys, ttl, onError);
  let queue: RedisQueue | null = null;
  return {
    redis,
    pool,
    keys,
    channels,
    states,
    createRenders(files) {
      return new RedisRenderStore({ redis, keys, app, states, files, ttlSeconds: ttl });
    },
    async createQueue(runner, files, renders) {
      queue = new RedisQueue({
        renders,
        app,
        settings: app.queueSettings,
        redis,
        pool,
        keys,
        channels,
        states,
        runner,
        files,
        logger,
        leaseMs: options.leaseMs,
        reconnectGraceMs: options.reconnectGraceMs,
        clusterLimits: options.clusterLimits,
      });
      await queue.start();
      return queue;
    },
    async close() {
      await queue?.stop();
      channels.close();
      pool.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
