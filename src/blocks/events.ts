/**
 * Events: "when this happens to that component, run this fn on these inputs into those outputs".
 * Each listener becomes one dependency of the app, which is what the config lists and what callers
 * address by fn_index or api name.
 */
import type { Component } from "../components/component.js";
import { AppConfigError } from "../errors.js";
import type { ApiVisibility, EventTrigger, ShowProgress, TriggerMode } from "../protocol/config.js";
import type { Block } from "./block.js";
import { appBeingBuilt } from "./context.js";
import type { Layout } from "./layouts.js";
import type { Renderable } from "./render.js";
import type { GradioRequest } from "./request.js";

/** The progress reporter a fn receives; see `gr.Progress`. */
export interface ProgressReporter {
  (progress: number | [number, number | null] | null, options?: { desc?: string; total?: number; unit?: string }): void;
  /** Wraps an iterable so each item advances the bar. */
  tqdm<T>(items: Iterable<T>, options?: { desc?: string; total?: number; unit?: string }): Iterable<T>;
}

/** A file as the page names it in event data (Gradio's FileData): `path` is the server's, `url` the page's. */
export interface EventFileData {
  path: string;
  url?: string | null;
  size?: number | null;
  orig_name?: string | null;
  mime_type?: string | null;
  is_stream?: boolean;
  meta?: { _type: "gradio.FileData" };
}

/** Gradio's SelectData: what was selected (a row and column index pair for tables), and whether it now is. */
export interface SelectData {
  index: number | [number, number];
  value: unknown;
  /** Tables: the whole row and column of the selected cell. */
  row_value?: unknown[];
  col_value?: unknown[];
  /** False when the select unselected (a Checkbox unticked, a Tab left); Gradio's default is true. */
  selected?: boolean;
}
/** Gradio's KeyUpData: the key released, and the input's text at that moment. */
export interface KeyUpData {
  key: string;
  input_value: string;
}
/** Gradio's LikeData: which message, and `true`/`false` (or the feedback option's text). */
export interface LikeData {
  index: number | [number, number];
  value: unknown;
  liked?: boolean | string;
}
/** Gradio's RetryData and UndoData: the message retried or undone. */
export interface RetryData {
  index: number | [number, number];
  value: unknown;
}
export type UndoData = RetryData;
/** Gradio's EditData: the edited message or cell, before and after. */
export interface EditData {
  index: number | [number, number];
  value: unknown;
  previous_value: unknown;
}
/** Gradio's CopyData: the text copied. */
export interface CopyData {
  value: unknown;
}
/** Gradio's DeletedFileData and DownloadData: the file deleted or downloaded. */
export interface DeletedFileData {
  file: EventFileData;
}
export type DownloadData = DeletedFileData;

/**
 * The page sends a File's `delete` and `download` with the FileData itself, as Gradio's page does; the
 * fn reads it as `{ file }` (Gradio's DeletedFileData and DownloadData). Data that already has its
 * `file` (a Gallery's `{ file, index }`) and other events' data pass as they are.
 */
export function listenerEventData(dependency: Dependency, data: unknown): unknown {
  const isFile =
    typeof data === "object" &&
    data !== null &&
    !Array.isArray(data) &&
    !("file" in data) &&
    typeof (data as { path?: unknown }).path === "string";
  if (!isFile || !dependency.targets.some(([, event]) => event === "delete" || event === "download")) return data;
  return { file: data };
}

/**
 * Given to every fn after its inputs: who is calling, a way to report progress, and cancellation.
 * `D` is the event's data: `SelectData` in a `select` listener's fn, `KeyUpData` in a `keyUp` one...
 */
export interface EventContext<D = unknown> {
  /**
   * Who made the call. A batch fn (`batch: true`) serves several callers in one call, so there it has
   * no single caller: reading `request` throws, and `requests[i]` is the caller of item `i`.
   */
  request: GradioRequest;
  /** The caller of each item of a batch fn's input lists, in order; `[request]` for any other fn. */
  requests: readonly GradioRequest[];
  progress: ProgressReporter;
  /** Aborted when the caller cancels or disconnects; pass it to fetch() and other cancellable work. */
  signal: AbortSignal;
  /**
   * What the page says about the event, as Gradio's EventData: `{ index, value, selected }` for a
   * select, `{ index, value, liked }` for a like, `null` when the caller sent nothing (API clients).
   * In a batch fn it is `null`; `eventDataOfItems[i]` is item `i`'s.
   */
  eventData: D | null;
  /** What the page said about each item of a batch fn's input lists, in order; `[eventData]` for any other fn. */
  eventDataOfItems: readonly (D | null)[];
}

export type Inputs = Component | readonly Component[] | null | undefined;
/**
 * What an event may write to: components, and layouts (Row, Column, Group, Tab, Accordion...), whose
 * props (`visible`, `open`...) a fn changes by returning `gr.update({...})` for them, as in Gradio.
 */
export type Output = Component | Layout;
export type Outputs = Output | readonly Output[] | null | undefined;
type ValueOfComponent<C> = C extends { readonly __value: infer V } ? V : never;
/** The fn's argument list for a given `inputs`: one value per input component, in order. */
export type ArgsOf<I> = I extends readonly Component[]
  ? { -readonly [K in keyof I]: ValueOfComponent<I[K]> }
  : I extends Component
    ? [ValueOfComponent<I>]
    : [];

export type MaybePromise<T> = T | Promise<T>;
export type EventFn<I extends Inputs = Inputs, D = unknown> = (...args: [...ArgsOf<I>, EventContext<D>]) => unknown;

/** `D` is the data the page sends with the event, which the fn reads as `context.eventData`. */
export interface EventOptions<I extends Inputs = Inputs, D = unknown> {
  /** The function to run; leave out for an event that only chains (`.then`). */
  fn?: EventFn<I, D> | null;
  inputs?: I;
  outputs?: Outputs;
  /** The endpoint name (`/name` in the API); defaults to the fn's own name. */
  apiName?: string;
  apiDescription?: string;
  /** Set false to hide from the API docs (still callable); see `apiVisibility` for "private". */
  showApi?: boolean;
  apiVisibility?: ApiVisibility;
  queue?: boolean;
  /** Events of this fn that may run at once; `null` for no limit; default from `demo.queue()` (1). */
  concurrencyLimit?: number | null | "default";
  /** Events sharing an id share one concurrency limit. */
  concurrencyId?: string;
  /**
   * With several replicas (`redisUrl`): run the event once more on another replica when the one running
   * it dies (default true). Set false for a fn with side effects: the caller then gets an error instead.
   */
  rerun?: boolean;
  showProgress?: ShowProgress;
  /**
   * The name of a function exported by the app's `jsModule`, run in the browser with the input values.
   * Without `fn`, what it returns goes to the outputs; with `fn`, it goes to the server as the inputs.
   */
  js?: string;
  scrollToOutput?: boolean;
  triggerMode?: TriggerMode;
  /**
   * Only signed-in users holding at least one of these roles may run this event (others get 403, and
   * it is left out of their /config and API info). Roles come from `auth` (see `launch({ auth })`).
   */
  roles?: readonly string[];
  /**
   * Batch function: the fn receives one list per input and returns one list per output (Gradio's
   * `batch=True`). The queue may group up to `maxBatchSize` calls into one run.
   */
  batch?: boolean;
  maxBatchSize?: number;
  /** Events whose running calls the browser cancels when this event fires. */
  cancels?: readonly EventHandle[] | EventHandle;
  /** Run this event again every `every` seconds while the page is open (a hidden Timer drives it). */
  every?: number;
  /** For `.stream` events: how often the browser sends a chunk (seconds), and the longest stream. */
  streamEvery?: number;
  /**
   * Seconds this event may run: a fn still running then is stopped (see `runIn`) and the caller gets an
   * error. For a `.stream()` event, how long the stream may last.
   */
  timeLimit?: number | null;
  /**
   * Where the fn runs: `"worker"`, a worker thread (the default for sync fns and sync generators, which
   * would otherwise block every other caller), or `"main"`, the server's thread (the default for async
   * fns, which mostly await I/O). See src/workers/pool.ts.
   */
  runIn?: "main" | "worker";
}

function timerFor(seconds: number): number {
  if (!(typeof seconds === "number" && seconds > 0 && Number.isFinite(seconds)))
    throw new AppConfigError(`"every" must be a positive number of seconds, got ${String(seconds)}.`);
  // The app makes the Timer: this module cannot import it (Timer's Component imports this module).
  const timer = appBeingBuilt()?.everyTimer(seconds);
  if (!timer || timer.id < 0)
    throw new AppConfigError(
      'An event with "every" must be attached while a gr.Blocks is being built (inside its build callback or demo.extend()).',
    );
  return timer.id;
}

export class Dependency {
  id = -1;
  apiName = "";
  triggerAfter: number | null = null;
  triggerOnlyOnSuccess = false;
  triggerOnlyOnFailure = false;
  /** A built-in browser action instead of (or before) a server fn, e.g. clearing outputs. */
  frontendFn: "clear" | null = null;
  /** Set on the event that runs a gr.render fn. */
  renderable: Renderable | null = null;
  /** For events created by a gr.render fn: that render's id (they exist for one session only). */
  renderedIn: number | null = null;
  readonly inputs: Component[];
  readonly outputs: Output[];

  constructor(
    readonly targets: EventTrigger[],
    readonly options: EventOptions,
  ) {
    this.inputs = toList(options.inputs);
    this.outputs = toList(options.outputs);
    if (options.every !== undefined && options.every !== null)
      this.targets = [...targets, [timerFor(options.every), "tick"]];
    if (options.batch && this.isGenerator) throw new AppConfigError("A batch fn cannot be a generator.");
  }

  /** Ids of the dependencies this one cancels. */
  get cancels(): number[] {
    const { cancels } = this.options;
    if (!cancels) return [];
    return (Array.isArray(cancels) ? cancels : [cancels]).map((handle: EventHandle) => handle.dependency.id);
  }

  get fn(): ((...args: unknown[]) => unknown) | null {
    return (this.options.fn as ((...args: unknown[]) => unknown) | null | undefined) ?? null;
  }

  get apiVisibility(): ApiVisibility {
    return this.options.apiVisibility ?? (this.options.showApi === false ? "undocumented" : "public");
  }

  get isGenerator(): boolean {
    const kind = this.fn?.constructor.name;
    return kind === "GeneratorFunction" || kind === "AsyncGeneratorFunction";
  }

  /** A `.stream()` event (webcam/microphone): the browser keeps sending chunks to one running event. */
  get streaming(): boolean {
    return this.targets.some(([, event]) => event === "stream");
  }

  /** The concurrency group this dependency's events wait in. */
  get concurrencyId(): string {
    if (this.options.concurrencyId !== undefined) return this.options.concurrencyId;
    // Rendered events of different sessions share ids; what they share in kind is their render and name.
    return this.renderedIn === null ? String(this.id) : `render-${this.renderedIn}:${this.apiName}`;
  }
}

export interface DependencyRegistry {
  addDependency(dependency: Dependency): void;
}

/** What a listener returns: chain more events that run after this one. */
export class EventHandle {
  constructor(readonly dependency: Dependency) {}

  /** Runs after this event, whatever its outcome. */
  then<const I extends Inputs>(options: EventOptions<I>): EventHandle;
  then(onfulfilled: unknown): void;
  then<const I extends Inputs>(options: EventOptions<I> | unknown): EventHandle | void {
    // An EventHandle is not a promise; when something awaits it, resolve at once instead of hanging.
    if (typeof options === "function") return void (options as (value: undefined) => void)(undefined);
    return this.#chain(options as EventOptions, false, false);
  }

  /** Runs after this event only if it succeeded. */
  success<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return this.#chain(options as EventOptions, true, false);
  }

  /** Runs after this event only if it failed. */
  failure<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return this.#chain(options as EventOptions, false, true);
  }

  #chain(options: EventOptions, onSuccess: boolean, onFailure: boolean): EventHandle {
    const dependency = register([], options);
    dependency.triggerAfter = this.dependency.id;
    dependency.triggerOnlyOnSuccess = onSuccess;
    dependency.triggerOnlyOnFailure = onFailure;
    return new EventHandle(dependency);
  }
}

function register(targets: EventTrigger[], options: EventOptions): Dependency {
  const app = appBeingBuilt() as (ReturnType<typeof appBeingBuilt> & Partial<DependencyRegistry>) | undefined;
  if (!app?.addDependency)
    throw new AppConfigError("Events must be attached while a gr.Blocks is being built (inside its build callback).");
  const dependency = new Dependency(targets, options);
  app.addDependency(dependency);
  return dependency;
}

export function listen<const I extends Inputs, D>(
  block: Block,
  event: string,
  options: EventOptions<I, D>,
): EventHandle {
  if (block.id < 0)
    throw new AppConfigError(`A ${block.type} must be placed in the app before its "${event}" event is attached.`);
  return new EventHandle(register([[block.id, event]], options as EventOptions));
}

/** `start_recording` → `startRecording`: the listener method a block has for each event it fires. */
type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S;
type ListenerName<B> = {
  [K in keyof B & string]: B[K] extends (options: EventOptions<never, never>) => EventHandle ? K : never;
}[keyof B & string];
/** The events a block fires, by name as Gradio spells them: exactly those it has a listener method for. */
export type EventName<B> = SnakeCase<ListenerName<B>>;
/** Anything events can be attached to: a component, a layout, or the app (its `load`). */
export interface Triggerable {
  readonly id: number;
}
type TriggerList = readonly (readonly [Triggerable, string])[];
/** Each `[block, event]` pair with the event narrowed to what that block fires. */
type CheckedTriggers<T extends TriggerList> = { [K in keyof T]: readonly [T[K][0], EventName<T[K][0]>] };

const camelCase = (event: string) => event.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** The events a block fires at run time: its listener methods (every one calls `listen` with its own name). */
function eventsOf(block: Triggerable): string[] {
  const names = new Set<string>();
  for (
    let proto: unknown = Object.getPrototypeOf(block);
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) if (LISTENER_METHODS.has(name)) names.add(snakeCase(name));
  }
  return [...names].sort();
}

/** Every listener method name any block has; other methods (`props`, `preprocess`…) are not events. */
const LISTENER_METHODS: ReadonlySet<string> = new Set(
  [
    "apply",
    "blur",
    "change",
    "clear",
    "click",
    "collapse",
    "copy",
    "delete",
    "double_click",
    "download",
    "edit",
    "end",
    "example_select",
    "expand",
    "focus",
    "input",
    "key_up",
    "like",
    "load",
    "option_select",
    "pause",
    "pause_recording",
    "play",
    "preview_close",
    "preview_open",
    "release",
    "retry",
    "select",
    "start_recording",
    "stop",
    "stop_recording",
    "stream",
    "submit",
    "tick",
    "undo",
    "unload",
    "upload",
  ].map(camelCase),
);

/** Refuses an event the block does not fire: registered, it would wait forever for a trigger that never comes. */
export function assertFires(block: Triggerable, event: string): void {
  const events = eventsOf(block);
  if (events.includes(event)) return;
  const name = (block as { type?: string }).type ?? "block";
  throw new AppConfigError(`A ${name} has no "${event}" event; it fires: ${events.join(", ") || "none"}.`);
}

/**
 * Several triggers, one fn: Gradio's `gr.on([a.change, b.submit], ...)` written as
 * `gr.on([[a, "change"], [b, "submit"]], ...)`. An event a block does not fire is a compile error,
 * and an error at run time too.
 */
export function on<const T extends TriggerList, const I extends Inputs>(
  triggers: T & CheckedTriggers<T>,
  options: EventOptions<I>,
): EventHandle {
  const targets = triggers.map(([block, event]): EventTrigger => {
    assertFires(block, event);
    if (block.id < 0)
      throw new AppConfigError(`A block must be placed in the app before its "${event}" event is attached.`);
    return [block.id, event];
  });
  return new EventHandle(register(targets, options as EventOptions));
}

function toList<T extends Output>(value: T | readonly T[] | null | undefined): T[] {
  if (!value) return [];
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}
