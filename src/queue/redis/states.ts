/**
 * gr.State values in Redis: one hash per session (field = the State's component id, value = JSON),
 * expiring after the session has been idle for `ttlSeconds`; the props the session's gr.updates
 * changed in a second hash with the same expiry. A value that JSON cannot carry faithfully
 * is refused when it is set, with an error naming the State, rather than lost or changed on the way.
 */
import type { Props } from "../../blocks/block.js";
import type { State } from "../../components/state.js";
import { GradioError } from "../../errors.js";
import type { StateStore } from "../session-state.js";
import type { GradioRedis, RedisKeys } from "./connection.js";

/** What JSON cannot carry, as a path into the value and a kind; null when the value is plain data. */
export function unserializablePart(value: unknown, path = "value", seen = new Set<object>()): string | null {
  switch (typeof value) {
    case "string":
    case "boolean":
      return null;
    case "number":
      return Number.isFinite(value) ? null : `${path} is ${String(value)}`;
    case "undefined":
      return path === "value" ? null : `${path} is undefined`;
    case "bigint":
      return `${path} is a bigint`;
    case "function":
      return `${path} is a function`;
    case "symbol":
      return `${path} is a symbol`;
  }
  if (value === null) return null;
  const object = value as object;
  if (seen.has(object)) return `${path} refers back to itself (a cycle)`;
  const proto = Object.getPrototypeOf(object) as object | null;
  if (Array.isArray(object)) {
    seen.add(object);
    for (let i = 0; i < object.length; i++) {
      const problem = unserializablePart(object[i], `${path}[${i}]`, seen);
      if (problem) return problem;
    }
    seen.delete(object);
    return null;
  }
  if (proto !== Object.prototype && proto !== null)
    return `${path} is a ${object.constructor?.name ?? "non-plain object"}`;
  seen.add(object);
  for (const [key, item] of Object.entries(object)) {
    const problem = unserializablePart(item, `${path}.${key}`, seen);
    if (problem) return problem;
  }
  seen.delete(object);
  return null;
}

export function stateName(state: State): string {
  const key = (state as unknown as { options: { key?: unknown } }).options.key;
  const name = typeof key === "string" || typeof key === "number" ? String(key) : state.label;
  return name ? `gr.State "${name}" (component ${state.id})` : `gr.State component ${state.id}`;
}

/** JSON for the value, or a GradioError (shown to the caller, logged) that names the State. */
export function serializeState(state: State, value: unknown): string {
  const problem = unserializablePart(value);
  if (problem) {
    throw new GradioError(
      `${stateName(state)} cannot be stored: ${problem}. With several replicas (redisUrl) State values are kept in Redis as JSON, so they must be plain data (objects, arrays, strings, finite numbers, booleans, null).`,
      { title: "State cannot be stored" },
    );
  }
  return JSON.stringify(value ?? null);
}

export class RedisStateStore implements StateStore {
  constructor(
    private readonly redis: GradioRedis,
    private readonly keys: RedisKeys,
    private readonly ttlSeconds = 3600,
    private readonly onError: (error: unknown, what: string) => void = () => {},
  ) {}

  async get(sessionHash: string, state: State): Promise<unknown> {
    const key = this.keys.state(sessionHash);
    const [[, json]] = (await this.redis.multi().hget(key, String(state.id)).expire(key, this.ttlSeconds).exec()) as [
      [unknown, string | null],
      unknown,
    ];
    return json === null ? state.freshValue() : (JSON.parse(json) as unknown);
  }

  set(sessionHash: string, state: State, value: unknown): void {
    const json = serializeState(state, value);
    const key = this.keys.state(sessionHash);
    // Sent on the connection that then publishes the event's result: stored before anyone hears of it.
    this.redis
      .multi()
      .hset(key, String(state.id), json)
      .expire(key, this.ttlSeconds)
      .exec()
      .catch((error: unknown) => this.onError(error, "state"));
  }

  async props(sessionHash: string, componentIds: readonly number[]): Promise<Map<number, Props>> {
    const found = new Map<number, Props>();
    if (componentIds.length === 0) return found;
    const key = this.keys.props(sessionHash);
    // Only the props some update changed are kept, so the whole hash is small.
    const [[, fields]] = (await this.redis.multi().hgetall(key).expire(key, this.ttlSeconds).exec()) as [
      [unknown, Record<string, string>],
      unknown,
    ];
    const wanted = new Set(componentIds);
    for (const [name, json] of Object.entries(fields ?? {})) {
      const colon = name.indexOf(":");
      const id = Number(name.slice(0, colon));
      if (!wanted.has(id)) continue;
      found.set(id, { ...found.get(id), [name.slice(colon + 1)]: JSON.parse(json) as unknown });
    }
    return found;
  }

  updateProps(sessionHash: string, componentId: number, props: Props): void {
    const entries = Object.entries(props).filter(([, value]) => value !== undefined);
    if (entries.length === 0) return;
    const key = this.keys.props(sessionHash);
    // One field per prop: an update merges into the earlier ones without reading them first.
    const fields = Object.fromEntries(
      entries.map(([name, value]) => [`${componentId}:${name}`, JSON.stringify(value)]),
    );
    this.redis
      .multi()
      .hset(key, fields)
      .expire(key, this.ttlSeconds)
      .exec()
      .catch((error: unknown) => this.onError(error, "props"));
  }

  async forget(sessionHash: string): Promise<void> {
    await this.redis.del(this.keys.state(sessionHash), this.keys.props(sessionHash));
  }

  close(): void {}
}
