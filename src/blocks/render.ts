/**
 * `gr.render`: a part of the layout that a fn builds from the app's values, the way Python Gradio's
 * `@gr.render` does. The fn runs on the server for each session when its triggers fire (by default:
 * page load and a change of any input); the components and events it creates exist for that session
 * only, and the browser swaps them into a placeholder column (or row) of the static layout.
 */
import { AppConfigError } from "../errors.js";
import type { Block } from "./block.js";
import { defaultApiName } from "./blocks.js";
import { Timer } from "../components/timer.js";
import type { EncryptionKey } from "../security/encryption.js";
import { appBeingBuilt, buildDetached, currentContainer, type AppUnderConstruction } from "./context.js";
import {
  assertFires,
  Dependency,
  type ArgsOf,
  type DependencyRegistry,
  type EventContext,
  type Inputs,
} from "./events.js";
import type { EventTrigger, ShowProgress } from "../protocol/config.js";
import { Column, Row, RowLayout, type Layout } from "./layouts.js";
import type { Component } from "../components/component.js";

export interface RenderOptions<I extends Inputs = Inputs> {
  /** Components whose values the fn receives, in order. */
  inputs?: I;
  /**
   * What re-runs the fn, as `[block, event]` pairs (`[[button, "click"], [demo, "load"]]`). Default:
   * page load, and a change of any input.
   */
  triggers?: readonly (readonly [{ readonly id: number }, string])[];
  /** Default "always_last": a change while rendering re-renders once more with the latest values. */
  triggerMode?: "once" | "multiple" | "always_last";
  queue?: boolean;
  concurrencyLimit?: number | null | "default";
  concurrencyId?: string;
  showProgress?: ShowProgress;
}

/** Builds components, layouts and events, like a Blocks callback; it must not be async (see `render`). */
export type RenderFn<I extends Inputs = Inputs> = (...args: [...ArgsOf<I>, EventContext]) => void;

/** The app a render fn is declared in: where render fns are listed, and whose blocks rendered events may use. */
export interface RenderHost extends AppUnderConstruction, DependencyRegistry {
  readonly id: number;
  readonly renderables: Renderable[];
  readonly blocks: ReadonlyMap<number, Block>;
  readonly dependencies: readonly Dependency[];
  readonly encryptionKey: EncryptionKey | undefined;
}

/** Id counters of one session: every render of the session takes new ids from them, so ids never clash. */
export interface RenderIds {
  nextBlockId: number;
  nextDependencyId: number;
}

/** What one run of a render fn built for one session. */
export interface RenderedTree {
  readonly renderable: Renderable;
  /** Top-level blocks, in layout order: the container's children. */
  readonly children: readonly Block[];
  /** Every block created, in creation order. */
  readonly blocks: readonly Block[];
  readonly dependencies: readonly Dependency[];
}

export class Renderable {
  /** The placeholder in the static layout that the rendered blocks replace the contents of. */
  readonly container: Layout;
  #id: number;
  #host: RenderHost;
  #dependency: Dependency;

  constructor(
    host: RenderHost,
    private readonly fn: RenderFn,
    options: RenderOptions,
  ) {
    this.#host = host;
    this.#id = host.renderables.length;
    host.renderables.push(this);
    this.container = currentContainer() instanceof RowLayout ? Row(() => {}) : Column(() => {});
    const inputs = toList(options.inputs);
    const targets: EventTrigger[] = options.triggers
      ? options.triggers.map(([block, event]) => {
          if (block.id < 0)
            throw new AppConfigError(
              `A gr.render trigger ("${event}") names a block that is not placed in the app yet: create it before the render.`,
            );
          assertFires(block, event);
          return [block.id, event];
        })
      : [[host.id, "load"], ...inputs.map((input): EventTrigger => [input.id, "change"])];
    this.#dependency = new Dependency(targets, {
      fn: fn as EventOptionsFn,
      inputs,
      // A fixed name, so the render fn never takes the name an endpoint declared after it wants.
      apiName: "render",
      apiVisibility: "undocumented",
      triggerMode: options.triggerMode ?? "always_last",
      queue: options.queue,
      concurrencyLimit: options.concurrencyLimit,
      concurrencyId: options.concurrencyId,
      showProgress: options.showProgress,
    });
    this.#dependency.renderable = this;
    host.addDependency(this.#dependency);
  }

  /** The `render_id` clients see: this render fn's place among the app's render fns. */
  get id(): number {
    return this.#id;
  }

  /** The event that runs the fn: its config says `render_id`, and its output is the container. */
  get dependency(): Dependency {
    return this.#dependency;
  }

  /** @internal An app that takes in this render's app (TabbedInterface) takes the render too, run by `dependency`. */
  moveTo(host: RenderHost, dependency: Dependency): void {
    this.#host = host;
    this.#id = host.renderables.length;
    host.renderables.push(this);
    this.#dependency = dependency;
    dependency.renderable = this;
  }

  /**
   * Runs the fn for one session. `ids` and `keyIds` belong to that session: a block with a `key` keeps
   * its id from one render to the next, so the browser can keep what the user typed into it.
   */
  build(
    args: readonly unknown[],
    context: EventContext,
    ids: RenderIds,
    keyIds: Map<string | number, number>,
  ): RenderedTree {
    const scope = new RenderScope(this, this.#host, ids, keyIds);
    buildDetached(scope, () => {
      const result: unknown = (this.fn as (...values: unknown[]) => unknown)(...args, context);
      if (typeof (result as { then?: unknown } | null)?.then === "function") {
        throw new AppConfigError(
          "A gr.render fn must build its layout synchronously: do the async work in an event before it and pass the result in through its inputs (a gr.State works).",
        );
      }
    });
    return { renderable: this, children: scope.children, blocks: scope.blocks, dependencies: scope.dependencies };
  }
}

type EventOptionsFn = (...args: unknown[]) => unknown;

/** Stands in for the app while a render fn runs: hands out the session's ids and collects what is built. */
class RenderScope implements AppUnderConstruction, DependencyRegistry {
  readonly children: Block[] = [];
  readonly blocks: Block[] = [];
  readonly dependencies: Dependency[] = [];
  readonly #keysUsed = new Set<string | number>();

  constructor(
    private readonly renderable: Renderable,
    private readonly host: RenderHost,
    private readonly ids: RenderIds,
    private readonly keyIds: Map<string | number, number>,
  ) {}

  get renderables(): never {
    throw new AppConfigError("gr.render cannot be used inside another gr.render fn.");
  }

  add(block: Block): void {
    this.children.push(block);
  }

  everyTimer(seconds: number): Block {
    return new Timer({ value: seconds });
  }

  /** A Flag button built here flags for the app. */
  get encryptionKey(): EncryptionKey | undefined {
    return this.host.encryptionKey;
  }

  register(block: Block): void {
    if (block.id >= 0)
      throw new AppConfigError(
        `A ${block.type} that is already part of the app cannot be placed again inside a gr.render fn: create a new one there.`,
      );
    const { key } = block;
    if (key === undefined) {
      block.id = this.ids.nextBlockId++;
    } else {
      if (this.#keysUsed.has(key))
        throw new AppConfigError(
          `Two blocks built by one gr.render fn share the key ${JSON.stringify(key)}: keys must be unique within a render.`,
        );
      this.#keysUsed.add(key);
      const id = this.keyIds.get(key) ?? this.ids.nextBlockId++;
      this.keyIds.set(key, id);
      block.id = id;
    }
    this.blocks.push(block);
  }

  unregister(block: Block): void {
    const at = this.blocks.indexOf(block);
    if (at >= 0) this.blocks.splice(at, 1);
  }

  addDependency(dependency: Dependency): void {
    for (const component of [...dependency.inputs, ...dependency.outputs]) {
      if (this.host.blocks.get(component.id) !== component && !this.blocks.includes(component)) {
        throw new AppConfigError(
          `A ${component.type} used as an event input or output inside a gr.render fn is neither part of the app nor built by this render.`,
        );
      }
    }
    dependency.id = this.ids.nextDependencyId++;
    dependency.renderedIn = this.renderable.id;
    if (dependency.fn)
      dependency.apiName = this.#uniqueApiName(dependency.options.apiName ?? defaultApiName(dependency.fn));
    this.dependencies.push(dependency);
  }

  #uniqueApiName(wanted: string): string {
    const taken = new Set([...this.host.dependencies, ...this.dependencies].map((d) => d.apiName));
    if (!taken.has(wanted)) return wanted;
    let suffix = 1;
    while (taken.has(`${wanted}_${suffix}`)) suffix++;
    return `${wanted}_${suffix}`;
  }
}

/**
 * Declares a part of the layout built by `fn` from the values of `inputs`, re-built for each session
 * whenever a trigger fires (Python Gradio's `@gr.render`). Call it while a gr.Blocks is being built:
 *
 * ```ts
 * gr.render({ inputs: [count] }, (n: number) => {
 *   for (let i = 0; i < n; i++) new gr.Textbox({ label: `Item ${i}`, key: `item-${i}` });
 * });
 * ```
 * The fn runs synchronously: compute async data in an earlier event and pass it in.
 */
export function render<const I extends Inputs>(options: RenderOptions<I>, fn: RenderFn<I>): Renderable;
export function render(fn: RenderFn<[]>): Renderable;
export function render<const I extends Inputs>(
  optionsOrFn: RenderOptions<I> | RenderFn<[]>,
  maybeFn?: RenderFn<I>,
): Renderable {
  const options = (typeof optionsOrFn === "function" ? {} : optionsOrFn) as RenderOptions;
  const fn = (typeof optionsOrFn === "function" ? optionsOrFn : maybeFn) as RenderFn | undefined;
  if (typeof fn !== "function") throw new AppConfigError("gr.render needs a fn that builds the layout.");
  const host = appBeingBuilt() as Partial<RenderHost> | undefined;
  if (!host)
    throw new AppConfigError("gr.render must be called while a gr.Blocks is being built (inside its build callback).");
  if (!host.addDependency || !("renderables" in host)) throw new AppConfigError("gr.render cannot be used here.");
  return new Renderable(host as RenderHost, fn, options);
}

function toList(value: Inputs): Component[] {
  if (!value) return [];
  return Array.isArray(value) ? [...(value as readonly Component[])] : [value as Component];
}
