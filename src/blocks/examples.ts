/**
 * `gr.Examples` for a Blocks app: a table of example inputs; clicking a row fills the inputs. With
 * `cacheExamples` the fn runs on every example — when the app is launched (`true`, as Gradio caches
 * at launch) or on first click (`"lazy"`) — and a click then fills the outputs with the cached result
 * as well, without running the fn again.
 *
 * The cache owns its files: each file an output names is copied, through the app's file rules, into the
 * app's content-addressed file cache when the example is cached, and the cached output names that copy.
 * A later write to the path the fn returned (by anyone) never changes what the example shows. Example
 * values and cached outputs are handed out through the components' postprocess, so they pass the file
 * rules again when served. The fn receives example values as written (a path for file components), not
 * as a caller's upload.
 */
import { stat } from "node:fs/promises";
import type { Component, ProcessContext } from "../components/component.js";
import { Dataset } from "../components/dataset.js";
import { State } from "../components/state.js";
import { AppConfigError } from "../errors.js";
import type { FileData } from "../protocol/file-data.js";
import { FileProcessor, type MediaKind } from "../files/file-processor.js";
import { appBeingBuilt } from "./context.js";
import { type EventContext, type EventHandle } from "./events.js";
import { isUpdate } from "./update.js";

export interface ExamplesOptions {
  examples: readonly (readonly unknown[])[] | readonly unknown[];
  inputs: Component | readonly Component[];
  outputs?: Component | readonly Component[];
  fn?: (...args: never[]) => unknown;
  /** true: run every example when the app is launched; "lazy": on first click; false (default): no caching. */
  cacheExamples?: boolean | "lazy";
  label?: string;
  examplesPerPage?: number;
}

/** What the app does once its server has a file cache and file rules, before it serves. */
export type LaunchTask = (context: ProcessContext) => Promise<void>;

/** An app that runs launch tasks (Blocks does). */
interface LaunchingApp {
  readonly launchTasks: LaunchTask[];
}

/** One cached example: the fn's outputs with every file replaced by the cache's own copy. */
interface CachedExample {
  outputs: unknown[];
  copies: string[];
}

type AnyIterator = { next(): unknown; [Symbol.asyncIterator]?: unknown; [Symbol.iterator]?: unknown };

async function finalValue(result: unknown): Promise<unknown> {
  const value = await result;
  if (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AnyIterator).next === "function" &&
    (Symbol.asyncIterator in value || Symbol.iterator in value)
  ) {
    let last: unknown;
    for await (const step of value as AsyncIterable<unknown>) last = step;
    return last;
  }
  return value;
}

/** Publishes through the app's rules (so the cache gets its copy), noting which path became which copy. */
class CopyingFiles extends FileProcessor {
  readonly copies = new Map<string, string>();

  constructor(base: FileProcessor) {
    super(base.cache, base.policy, base.urlInputs, base.mode);
  }

  override async publish(
    value: string | FileData,
    rootUrl: string,
    namedByDeveloper = false,
    mediaKind: MediaKind | null = null,
  ): Promise<FileData> {
    const published = await super.publish(value, rootUrl, namedByDeveloper, mediaKind);
    const requested = typeof value === "string" ? value : value.path;
    if (published.path !== requested && !/^https?:\/\//i.test(requested)) this.copies.set(requested, published.path);
    return published;
  }
}

/** `value` with every string that is a copied path replaced by its copy (keys and other text untouched). */
function withCopies(value: unknown, copies: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") return copies.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => withCopies(item, copies));
  if (value instanceof Uint8Array || typeof value !== "object" || value === null) return value;
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withCopies(item, copies)]));
}

export class Examples {
  readonly dataset: Dataset;
  readonly inputs: Component[];
  readonly outputs: Component[];
  readonly rows: unknown[][];
  readonly #cache = new Map<number, Promise<CachedExample>>();
  /** The running app's file processor; set at launch, so examples are cached under its rules. */
  #context: ProcessContext | null = null;
  readonly handle: EventHandle | null = null;

  constructor(readonly options: ExamplesOptions) {
    this.inputs = Array.isArray(options.inputs) ? [...options.inputs] : [options.inputs as Component];
    this.outputs =
      options.outputs === undefined
        ? []
        : Array.isArray(options.outputs)
          ? [...options.outputs]
          : [options.outputs as Component];
    this.rows = options.examples.map((row) =>
      this.inputs.length === 1 && !Array.isArray(row) ? [row] : [...(row as unknown[])],
    );
    this.dataset = new Dataset({
      components: this.inputs,
      samples: this.rows,
      label: options.label ?? "Examples",
      samplesPerPage: options.examplesPerPage ?? 10,
    });
    const caching = options.cacheExamples ?? false;
    if (!caching) return;
    if (!options.fn || this.outputs.length === 0) throw new AppConfigError("cacheExamples needs fn and outputs.");
    const app = appBeingBuilt() as Partial<LaunchingApp> | undefined;
    if (!app?.launchTasks)
      throw new AppConfigError(
        "gr.Examples with cacheExamples belongs in the Blocks callback (not in a gr.render fn).",
      );
    app.launchTasks.push((context) => this.#launched(context, caching === true));
    const load = async (index: number) => {
      if (!Number.isInteger(index) || index < 0 || index >= this.rows.length)
        throw new AppConfigError("No such example.");
      return [...this.rows[index]!, ...(await this.cached(index))];
    };
    this.handle = this.dataset.click({
      fn: async function load_example(index: number) {
        return load(index);
      },
      inputs: [this.dataset],
      outputs: [...this.inputs, ...this.outputs],
      apiName: "load_example",
      apiVisibility: "undocumented",
      showProgress: "hidden",
      concurrencyLimit: null,
    });
  }

  /** Each launch has its own file cache: cache again for it (all examples now, unless lazy). */
  async #launched(context: ProcessContext, eager: boolean): Promise<void> {
    this.#context = context;
    this.#cache.clear();
    // A failure is not fatal here: that example is run again on its first click, where the error shows.
    if (eager) await Promise.all(this.rows.map((_, index) => this.#entry(index).catch(() => undefined)));
  }

  /** The cached outputs of one example (file values name the cache's copies); computed once per launch. */
  async cached(index: number): Promise<unknown[]> {
    const entry = await this.#entry(index);
    // The cache sweeper (launch({ deleteCache })) may have removed a copy: then cache this example again.
    /* eslint-disable security/detect-non-literal-fs-filename -- the cache's own copies, never a path from a request */
    const present = await Promise.all(
      entry.copies.map((copy) =>
        stat(copy).then(
          () => true,
          () => false,
        ),
      ),
    );
    /* eslint-enable security/detect-non-literal-fs-filename */
    if (present.every(Boolean)) return entry.outputs;
    this.#cache.delete(index);
    return (await this.#entry(index)).outputs;
  }

  #entry(index: number): Promise<CachedExample> {
    let entry = this.#cache.get(index);
    if (!entry) {
      const context = this.#context;
      if (!context) return Promise.reject(new AppConfigError("Examples are cached once the app is launched."));
      entry = this.#compute(index, context);
      entry.catch(() => this.#cache.delete(index));
      this.#cache.set(index, entry);
    }
    return entry;
  }

  async #compute(index: number, context: ProcessContext): Promise<CachedExample> {
    const fn = this.options.fn as (...args: unknown[]) => unknown;
    const eventContext = {
      request: undefined,
      progress: Object.assign(() => undefined, { tqdm: <T>(items: Iterable<T>) => items }),
      signal: new AbortController().signal,
    } as unknown as EventContext;
    const value = await finalValue(fn(...this.rows[index]!, eventContext));
    const raw = this.outputs.length === 1 ? [value] : (value as unknown[]);
    const copies: string[] = [];
    const outputs = await Promise.all(
      this.outputs.map(async (component, i) => {
        const output = raw[i];
        const shown = isUpdate(output) ? output.value : output;
        if (component instanceof State || shown === undefined || shown === null) return output;
        const files = new CopyingFiles(context.files);
        await component.postprocess(shown as never, { files, rootUrl: context.rootUrl });
        copies.push(...files.copies.values());
        return withCopies(output, files.copies);
      }),
    );
    return { outputs, copies };
  }
}
