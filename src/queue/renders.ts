/**
 * What the gr.render fns built for each session: the blocks and events that exist for that session only.
 * A rendered event's fn_index means something only together with its session_hash.
 */
import type { Blocks } from "../blocks/blocks.js";
import type { Dependency, EventContext } from "../blocks/events.js";
import type { Renderable, RenderedTree, RenderIds } from "../blocks/render.js";
import type { Awaitable } from "./channels.js";

/** One run of a render fn, as the runner asks for it. */
export interface RenderRequest {
  sessionHash: string;
  renderable: Renderable;
  /** The fn's inputs, preprocessed. */
  args: readonly unknown[];
  /** The same inputs as they came on the wire (what a shared store keeps to rebuild the tree elsewhere). */
  data: readonly unknown[];
  context: EventContext;
}

/**
 * Where rendered trees live: in this process (below), or shared through Redis by several replicas
 * (src/queue/redis/renders.ts), where any replica can rebuild a session's tree from what it stored.
 */
export interface RenderStore {
  /** Runs the render fn and keeps its tree as the session's current one for that render. */
  render(request: RenderRequest): Promise<RenderedTree>;
  /** An event built by one of the session's current renders; undefined if there is none with that id. */
  dependency(sessionHash: string, fnIndex: number): Awaitable<Dependency | undefined>;
  /**
   * Whether an event of the app, or of the session's current renders, runs on this block's `change`:
   * a State whose value an event changed is then announced (`changed_state_ids`), as Gradio does.
   */
  watchesChange(sessionHash: string, blockId: number): boolean;
  close(): Awaitable<void>;
}

/** Whether one of `dependencies` runs on the block's `change`. */
/** The one lookup of an event by index: the app's own events, then those the session's gr.render fns built. */
export async function findDependency(
  app: Blocks,
  renders: RenderStore,
  sessionHash: string,
  fnIndex: number,
): Promise<Dependency | undefined> {
  return fnIndex < app.dependencies.length ? app.dependencies[fnIndex] : await renders.dependency(sessionHash, fnIndex);
}

export function runsOnChange(dependencies: Iterable<Dependency>, blockId: number): boolean {
  for (const dependency of dependencies)
    if (dependency.targets.some(([id, event]) => id === blockId && event === "change")) return true;
  return false;
}

interface SessionRenders {
  ids: RenderIds;
  keyIds: Map<number, Map<string | number, number>>;
  trees: Map<number, RenderedTree>;
  events: Map<number, Dependency>;
  lastUsed: number;
}

/** The session's current trees, with each session forgotten after an idle hour or when too many are kept. */
export class MemoryRenderStore implements RenderStore {
  readonly #sessions = new Map<string, SessionRenders>();
  readonly #sweep: NodeJS.Timeout;

  constructor(
    private readonly app: Blocks,
    private readonly options: { idleMs?: number; maxSessions?: number } = {},
  ) {
    const idleMs = options.idleMs ?? 60 * 60_000;
    this.#sweep = setInterval(() => this.#dropIdle(idleMs), Math.min(idleMs, 5 * 60_000)).unref();
  }

  render({ sessionHash, renderable, args, context }: RenderRequest): Promise<RenderedTree> {
    const session = this.#session(sessionHash, true)!;
    let keyIds = session.keyIds.get(renderable.id);
    if (!keyIds) session.keyIds.set(renderable.id, (keyIds = new Map()));
    const tree = renderable.build(args, context, session.ids, keyIds);
    replaceTree(session, tree);
    return Promise.resolve(tree);
  }

  dependency(sessionHash: string, fnIndex: number): Dependency | undefined {
    return this.#session(sessionHash, false)?.events.get(fnIndex);
  }

  watchesChange(sessionHash: string, blockId: number): boolean {
    const events = this.#sessions.get(sessionHash)?.events.values() ?? [];
    return runsOnChange(this.app.dependencies, blockId) || runsOnChange(events, blockId);
  }

  close(): void {
    clearInterval(this.#sweep);
    this.#sessions.clear();
  }

  #session(sessionHash: string, create: boolean): SessionRenders | undefined {
    let session = this.#sessions.get(sessionHash);
    if (session) this.#sessions.delete(sessionHash);
    else if (create) session = newSession(this.app);
    if (!session) return undefined;
    // Most recently used last, so the oldest session is the first one dropped when there are too many.
    this.#sessions.set(sessionHash, session);
    session.lastUsed = Date.now();
    dropOldest(this.#sessions, this.options.maxSessions ?? 10_000);
    return session;
  }

  #dropIdle(idleMs: number): void {
    const cutoff = Date.now() - idleMs;
    for (const [hash, session] of this.#sessions) if (session.lastUsed < cutoff) this.#sessions.delete(hash);
  }
}

function newSession(app: Blocks): SessionRenders {
  return {
    ids: { nextBlockId: app.nextBlockId, nextDependencyId: app.dependencies.length },
    keyIds: new Map(),
    trees: new Map(),
    events: new Map(),
    lastUsed: Date.now(),
  };
}

/** The new tree's events replace those of the render's previous tree; events already running finish. */
function replaceTree(session: Pick<SessionRenders, "trees" | "events">, tree: RenderedTree): void {
  const previous = session.trees.get(tree.renderable.id);
  for (const dependency of previous?.dependencies ?? []) session.events.delete(dependency.id);
  session.trees.set(tree.renderable.id, tree);
  for (const dependency of tree.dependencies) session.events.set(dependency.id, dependency);
}

/** Keeps the `max` most recently inserted entries of `map` (a Map iterates oldest first). */
export function dropOldest<K, V>(map: Map<K, V>, max: number): void {
  for (const oldest of map.keys()) {
    if (map.size <= max) break;
    map.delete(oldest);
  }
}
