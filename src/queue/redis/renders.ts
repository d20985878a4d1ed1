/**
 * What each session's gr.render fns built, shared by the replicas. Redis keeps, per session and render,
 * what the tree was built from (the inputs as they came on the wire, the caller, the ids it started
 * from); any replica asked for a rendered event it has not built itself runs the render fn again on
 * the same inputs and gets the same blocks and events, with the same ids. Each replica keeps the trees
 * it built or rebuilt, checked against Redis on every lookup, so a re-render on another replica wins.
 */
import type { Blocks } from "../../blocks/blocks.js";
import type { Dependency, EventContext } from "../../blocks/events.js";
import type { RenderedTree } from "../../blocks/render.js";
import { GradioRequest, type GradioRequestInit } from "../../blocks/request.js";
import type { FileProcessor } from "../../files/file-processor.js";
import { createProgress } from "../progress.js";
import { dropOldest, runsOnChange, type RenderRequest, type RenderStore } from "../renders.js";
import { prepareInputs } from "../inputs.js";
import type { StateStore } from "../session-state.js";
import type { GradioRedis, RedisKeys } from "./connection.js";

/** Ids reserved per render: a render may build up to this many blocks and as many events. */
const SPAN = 1_000_000;
const MAX_CACHED_TREES = 10_000;

interface RenderRecord {
  data: readonly unknown[];
  request: GradioRequestInit;
  blockBase: number;
  dependencyBase: number;
  dependencyCount: number;
  /** The key → id map as the build found it (to rebuild it exactly) and as it left it (for the next render). */
  keysBefore: [string | number, number][];
  keysAfter: [string | number, number][];
}

const field = (renderId: number) => `r:${renderId}`;

export interface RedisRenderStoreOptions {
  redis: GradioRedis;
  keys: RedisKeys;
  app: Blocks;
  states: StateStore;
  files: FileProcessor;
  ttlSeconds: number;
}

export class RedisRenderStore implements RenderStore {
  /** `<session>\n<render id>` → the last tree built here and its dependency base, which tells one build of a render from the next. */
  readonly #trees = new Map<string, { dependencyBase: number; tree: RenderedTree }>();

  constructor(private readonly o: RedisRenderStoreOptions) {}

  async render({ sessionHash, renderable, args, data, context }: RenderRequest): Promise<RenderedTree> {
    const { redis, keys, app, ttlSeconds } = this.o;
    const key = keys.renders(sessionHash);
    // Each render reserves its own id ranges, so renders on different replicas never hand out the same id.
    const replies = (await redis
      .multi()
      .hincrby(key, "blocks", SPAN)
      .hincrby(key, "dependencies", SPAN)
      .hget(key, field(renderable.id))
      .expire(key, ttlSeconds)
      .exec()) as [Error | null, unknown][] | null;
    const failed = !replies ? new Error("the transaction was aborted") : replies.find(([error]) => error)?.[0];
    if (failed || !replies)
      throw new Error(`Could not reserve ids for a render in Redis: ${failed?.message ?? "no reply"}`);
    const previous = parseRecord(replies[2]?.[1]);
    const blockBase = app.nextBlockId + Number(replies[0]?.[1]) - SPAN;
    const dependencyBase = app.dependencies.length + Number(replies[1]?.[1]) - SPAN;
    const keysBefore = previous?.keysAfter ?? [];
    const keyIds = new Map(keysBefore);
    const tree = renderable.build(args, context, { nextBlockId: blockBase, nextDependencyId: dependencyBase }, keyIds);
    const record: RenderRecord = {
      data,
      request: { ...context.request.toInit(), sessionHash },
      blockBase,
      dependencyBase,
      dependencyCount: tree.dependencies.length,
      keysBefore,
      keysAfter: [...keyIds],
    };
    await redis.multi().hset(key, field(renderable.id), JSON.stringify(record)).expire(key, ttlSeconds).exec();
    this.#remember(sessionHash, renderable.id, dependencyBase, tree);
    return tree;
  }

  async dependency(sessionHash: string, fnIndex: number): Promise<Dependency | undefined> {
    const { redis, keys, app } = this.o;
    const stored = await redis.hgetall(keys.renders(sessionHash));
    for (const renderable of app.renderables) {
      const record = parseRecord(stored[field(renderable.id)]);
      if (!record || fnIndex < record.dependencyBase || fnIndex >= record.dependencyBase + record.dependencyCount)
        continue;
      const cached = this.#trees.get(`${sessionHash}\n${renderable.id}`);
      let tree = cached?.dependencyBase === record.dependencyBase ? cached.tree : undefined;
      if (!tree) {
        tree = renderable.build(
          await this.#argsOf(renderable.dependency, record, sessionHash),
          this.#contextOf(record),
          { nextBlockId: record.blockBase, nextDependencyId: record.dependencyBase },
          new Map(record.keysBefore),
        );
        this.#remember(sessionHash, renderable.id, record.dependencyBase, tree);
      }
      return tree.dependencies.find((d) => d.id === fnIndex);
    }
    return undefined;
  }

  /** The session's rendered events known here: those of the trees this replica built or rebuilt. */
  watchesChange(sessionHash: string, blockId: number): boolean {
    if (runsOnChange(this.o.app.dependencies, blockId)) return true;
    for (const renderable of this.o.app.renderables) {
      const tree = this.#trees.get(`${sessionHash}\n${renderable.id}`)?.tree;
      if (tree && runsOnChange(tree.dependencies, blockId)) return true;
    }
    return false;
  }

  close(): void {
    this.#trees.clear();
  }

  #argsOf(dependency: Dependency, record: RenderRecord, sessionHash: string): Promise<unknown[]> {
    return prepareInputs(dependency, record.data, sessionHash, this.o.states, { files: this.o.files, rootUrl: "" });
  }

  #contextOf(record: RenderRecord): EventContext {
    const quiet = { eventId: "", log: () => {}, progress: () => {} };
    const request = new GradioRequest(record.request);
    return {
      request,
      requests: [request],
      progress: createProgress(quiet),
      signal: new AbortController().signal,
      eventData: null,
      eventDataOfItems: [null],
    };
  }

  #remember(sessionHash: string, renderId: number, dependencyBase: number, tree: RenderedTree): void {
    const key = `${sessionHash}\n${renderId}`;
    // Most recently built last, so the oldest tree is the first one dropped when there are too many.
    this.#trees.delete(key);
    this.#trees.set(key, { dependencyBase, tree });
    dropOldest(this.#trees, MAX_CACHED_TREES);
  }
}

function parseRecord(json: unknown): RenderRecord | null {
  return typeof json === "string" ? (JSON.parse(json) as RenderRecord) : null;
}
