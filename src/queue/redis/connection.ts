/**
 * Connections to the shared Redis (ioredis), the names of every key this backend uses, and the few
 * small Lua scripts that make a check-and-write atomic. One command connection carries all ordered
 * writes of a replica (messages, State values, jobs), so what one replica publishes arrives in order.
 */
import { Redis, type RedisOptions } from "ioredis";
import { RedisStartError } from "./errors.js";

/** Every key of one app lives under `<prefix>:`; replicas of one app share the prefix. */
export class RedisKeys {
  constructor(readonly prefix: string) {}
  /** Stream of the session's messages (XADD by any replica, XREAD by the replica serving its stream). */
  messages = (s: string) => `${this.prefix}:s:${s}:m`;
  /** Set of the session's pending event ids. */
  pending = (s: string) => `${this.prefix}:s:${s}:p`;
  /** Id of the last message written to the session's stream (where the next reader starts). */
  cursor = (s: string) => `${this.prefix}:s:${s}:c`;
  /** Token of the reader serving the session now (expires if that replica dies). */
  reader = (s: string) => `${this.prefix}:s:${s}:r`;
  /** Hash of the session's gr.State values, JSON, by component id. */
  state = (s: string) => `${this.prefix}:s:${s}:st`;
  /** Hash of the props the session's gr.updates changed, JSON, by `<component id>:<prop>`. */
  props = (s: string) => `${this.prefix}:s:${s}:pr`;
  /** Hash of what the session's gr.render fns built: id counters, and per render the record to rebuild it from. */
  renders = (s: string) => `${this.prefix}:s:${s}:rn`;
  /** Set of `<group>\n<member>` of the session's waiting jobs, to drop them with the session. */
  waitingOf = (s: string) => `${this.prefix}:s:${s}:w`;
  /** REST call route: event id -> session hash. */
  call = (e: string) => `${this.prefix}:call:${e}`;
  cancelled = (e: string) => `${this.prefix}:x:${e}`;
  /** Who an event belongs to (JSON `{ sessionHash, username }`): cancel and stream chunks check it. */
  owner = (e: string) => `${this.prefix}:o:${e}`;
  /** Stream of a concurrency group's jobs, read through the consumer group `workers`. */
  jobs = (g: string) => `${this.prefix}:q:${g}`;
  /** Sorted set of a group's waiting jobs (`<event>:<session>` by join order), for positions. */
  waiting = (g: string) => `${this.prefix}:q:${g}:w`;
  /** Sorted set of the cluster-wide slots in use for a group (member = event id, score = lease end). */
  slots = (g: string) => `${this.prefix}:q:${g}:slots`;
  /** A logged-out session (value 1), until the session would have expired. `scope` = the signing key's id. */
  revokedSession = (scope: string, sid: string) => `${this.prefix}:rv:${scope}:s:${sid}`;
  /** A user's "log out everywhere" time (ms); `user` is a hash of the name. */
  revokedUser = (scope: string, user: string) => `${this.prefix}:rv:${scope}:u:${user}`;
  /** Failed sign-ins of one throttle key (a hash: failures, window start, blocked until). */
  signInFailures = (key: string) => `${this.prefix}:login:${key}`;
  seq = () => `${this.prefix}:seq`;
  replicas = () => `${this.prefix}:replicas`;
  control = () => `${this.prefix}:control`;
}

export const WORKERS = "workers";

/** Publishes a message unless its event is no longer pending (or the session is gone). */
const PUBLISH = `
if ARGV[1] ~= '' then
  if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then return 0 end
elseif redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'm', ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1`;

/** The event's result was written: it is no longer pending; the last one ends (and forgets) the session. */
const COMPLETE = `
redis.call('SREM', KEYS[1], ARGV[1])
if redis.call('SCARD', KEYS[1]) > 0 then return 1 end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
return 0`;

/** Takes a cluster-wide slot if fewer than ARGV[1] are held (expired leases do not count). */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
  return 1
end
return 0`;

/**
 * Puts a job in its group's line unless the line is full: the count over every group's waiting set and
 * the add are one step, so replicas joining at the same moment cannot overfill the queue.
 * KEYS: the group's waiting set, the session's list of waiting jobs, then every group's waiting set.
 * ARGV: max waiting (-1: no limit), order, member, the session list's entry, its ttl.
 * Returns { rank, group size } or, when full, { -1, total waiting }.
 */
const JOIN = `
local max = tonumber(ARGV[1])
if max >= 0 then
  local total = 0
  for i = 3, #KEYS do total = total + redis.call('ZCARD', KEYS[i]) end
  if total >= max then return {-1, total} end
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('SADD', KEYS[2], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[5])
return {redis.call('ZRANK', KEYS[1], ARGV[3]), redis.call('ZCARD', KEYS[1])}`;

/** Deletes a key only if it still holds this value (a reader's token). */
const DELETE_IF = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Sets a number key to ARGV[1] with a TTL of ARGV[2] ms, unless it already holds a larger number. */
const RAISE_TO = `
local current = tonumber(redis.call('GET', KEYS[1]) or '')
if current ~= nil and current >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

/**
 * One more failed sign-in for KEYS[1], on Redis's clock (replicas' clocks may differ). ARGV: free
 * failures, window ms, longest wait ms. Same rule as FailureThrottle: past the free failures, each
 * failure makes the key wait twice as long as the one before.
 */
const SIGN_IN_FAIL = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free, window, maxDelay = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local v = redis.call('HMGET', KEYS[1], 'f', 'w', 'b')
local failures, start, blocked = tonumber(v[1]) or 0, tonumber(v[2]) or now, tonumber(v[3]) or 0
if now - start > window and blocked <= now then failures, start, blocked = 0, now, 0 end
failures = failures + 1
local over = failures - free
if over > 0 then blocked = now + math.min(maxDelay, 1000 * 2 ^ math.min(over - 1, 30)) end
redis.call('HSET', KEYS[1], 'f', failures, 'w', start, 'b', blocked)
redis.call('PEXPIRE', KEYS[1], math.max(window, blocked - now) + 1000)
return 1`;

/** Milliseconds until KEYS[1] may try again, on Redis's clock; 0 when it may try now. */
const SIGN_IN_WAIT = `
local blocked = tonumber(redis.call('HGET', KEYS[1], 'b') or '')
if blocked == nil then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return math.max(0, blocked - now)`;

export interface GradioRedis extends Redis {
  gradioPublish(
    pending: string,
    stream: string,
    eventId: string,
    json: string,
    ttl: number,
    maxLen: number,
  ): Promise<number>;
  gradioComplete(pending: string, stream: string, cursor: string, reader: string, eventId: string): Promise<number>;
  gradioAcquire(slots: string, limit: number, token: string, leaseMs: number): Promise<number>;
  gradioDeleteIf(key: string, value: string): Promise<number>;
  gradioJoin(numberOfKeys: number, ...keysThenArgs: (string | number)[]): Promise<[number, number]>;
  gradioRaiseTo(key: string, value: number, ttlMs: number): Promise<number>;
  gradioSignInFail(key: string, free: number, windowMs: number, maxDelayMs: number): Promise<number>;
  gradioSignInWait(key: string): Promise<number>;
}

function define(redis: Redis): GradioRedis {
  redis.defineCommand("gradioPublish", { numberOfKeys: 2, lua: PUBLISH });
  redis.defineCommand("gradioComplete", { numberOfKeys: 4, lua: COMPLETE });
  redis.defineCommand("gradioAcquire", { numberOfKeys: 1, lua: ACQUIRE });
  redis.defineCommand("gradioDeleteIf", { numberOfKeys: 1, lua: DELETE_IF });
  // The number of keys varies (one waiting set per group): the caller passes it first.
  redis.defineCommand("gradioJoin", { lua: JOIN });
  redis.defineCommand("gradioRaiseTo", { numberOfKeys: 1, lua: RAISE_TO });
  redis.defineCommand("gradioSignInFail", { numberOfKeys: 1, lua: SIGN_IN_FAIL });
  redis.defineCommand("gradioSignInWait", { numberOfKeys: 1, lua: SIGN_IN_WAIT });
  return redis as GradioRedis;
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable Redis URL)";
  }
}

const BASE: RedisOptions = {
  // Fail a command after a few reconnect attempts instead of waiting for ever: callers answer 503.
  maxRetriesPerRequest: 3,
  // Reconnect for ever, backing off to one try a second: the replica recovers when Redis returns.
  retryStrategy: (times) => Math.min(times * 100, 1000),
  enableReadyCheck: true,
};

/** Connects, or throws a RedisStartError that says what to do (and leaves nothing retrying). */
export async function connectRedis(url: string, name: string, timeoutMs = 5000): Promise<GradioRedis> {
  const redis = new Redis(url, { ...BASE, lazyConnect: true, connectionName: name, connectTimeout: timeoutMs });
  let lastError: unknown = null;
  const onError = (error: unknown) => (lastError = error);
  redis.on("error", onError);
  try {
    await Promise.race([
      redis.connect(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const reason = (lastError ?? error) as Error;
    throw new RedisStartError(
      `Cannot reach Redis at ${redactUrl(url)} (${reason.message || String(reason)}). Start Redis, or fix redisUrl / GRADIO_REDIS_URL, or leave both unset for the in-memory queue.`,
    );
  } finally {
    redis.off("error", onError);
  }
  return define(redis);
}

/** Another connection to the same server, for commands that block (XREAD BLOCK) or subscribe. */
export function duplicate(redis: GradioRedis, name: string): GradioRedis {
  return define(redis.duplicate({ connectionName: name }));
}

/** Idle blocking connections, reused by the session readers of this replica. */
export class BlockingPool {
  readonly #idle: GradioRedis[] = [];
  readonly #all = new Set<GradioRedis>();
  #n = 0;
  constructor(
    private readonly main: GradioRedis,
    private readonly onError: (error: Error) => void,
    private readonly maxIdle = 32,
  ) {}

  acquire(): GradioRedis {
    const conn = this.#idle.pop();
    if (conn) return conn;
    const fresh = duplicate(this.main, `${this.main.options.connectionName ?? "gradio"}-block-${++this.#n}`);
    fresh.on("error", this.onError);
    this.#all.add(fresh);
    return fresh;
  }

  release(conn: GradioRedis): void {
    if (this.#idle.length < this.maxIdle && conn.status === "ready") this.#idle.push(conn);
    else this.discard(conn);
  }

  /** For a connection still blocked in a command nobody waits for any more. */
  discard(conn: GradioRedis): void {
    this.#all.delete(conn);
    conn.disconnect();
  }

  close(): void {
    for (const conn of this.#all) conn.disconnect();
    this.#all.clear();
    this.#idle.length = 0;
  }
}
