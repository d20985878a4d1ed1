/**
 * `gr.Examples` for a Blocks app: a table of example inputs; clicking a row fills the inputs. With
 * `cacheExamples` the fn runs on every example — at build time (`true`) or on first click (`"lazy"`) —
 * and a click then fills the outputs with the cached result as well, without running the fn again.
 * Example values and cached outputs are handed out through the components' postprocess, so example files
 * go through the file rules like any output. The fn receives example values as written (a path for file
 * components), not as a caller's upload.
 */
import type { Component } from "../components/component.js";
import { Dataset } from "../components/dataset.js";
import { AppConfigError } from "../errors.js";
import { type EventContext, type EventHandle } from "./events.js";

export interface ExamplesOptions {
  examples: readonly (readonly unknown[])[] | readonly unknown[];
  inputs: Component | readonly Component[];
  outputs?: Component | readonly Component[];
  fn?: (...args: never[]) => unknown;
  /** true: run every example now; "lazy": on first click; false (default): no caching. */
  cacheExamples?: boolean | "lazy";
  label?: string;
  examplesPerPage?: number;
}

type AnyIterator = { next(): unknown; [Symbol.asyncIterator]?: unknown; [Symbol.iterator]?: unknown };

async function finalValue(result: unknown): Promise<unknown> {
  const value = await result;
  if (typeof value === "object" && value !== null && typeof (value as AnyIterator).next === "function" && (Symbol.asyncIterator in value || Symbol.iterator in value)) {
    let last: unknown;
    for await (const step of value as AsyncIterable<unknown>) last = step;
    return last;
  }
  return value;
}

export class Examples {
  readonly dataset: Dataset;
  readonly inputs: Component[];
  readonly outputs: Component[];
  readonly rows: unknown[][];
  readonly #cache = new Map<number, Promise<unknown[]>>();
  readonly handle: EventHandle | null = null;

  constructor(readonly options: ExamplesOptions) {
    this.inputs = Array.isArray(options.inputs) ? [...options.inputs] : [options.inputs as Component];
    this.outputs = options.outputs === undefined ? [] : Array.isArray(options.outputs) ? [...options.outputs] : [options.outputs as Component];
    this.rows = options.examples.map((row) => (this.inputs.length === 1 && !Array.isArray(row) ? [row] : [...(row as unknown[])]));
    this.dataset = new Dataset({ components: this.inputs, samples: this.rows, label: options.label ?? "Examples", samplesPerPage: options.examplesPerPage ?? 10 });
    const caching = options.cacheExamples ?? false;
    if (!caching) return;
    if (!options.fn || this.outputs.length === 0) throw new AppConfigError("cacheExamples needs fn and outputs.");
    if (caching === true) this.rows.forEach((_, index) => void this.cached(index).catch(() => undefined));
    const load = async (index: number) => {
      if (!Number.isInteger(index) || index < 0 || index >= this.rows.length) throw new AppConfigError("No such example.");
      const outputs = await this.cached(index);
      return [...this.rows[index]!, ...outputs];
    };
    this.handle = this.dataset.click({ fn: async function load_example(index: number) { return load(index); }, inputs: [this.dataset], outputs: [...this.inputs, ...this.outputs], apiName: "load_example", apiVisibility: "undocumented", showProgress: "hidden", concurrencyLimit: null });
  }

  /** The fn's outputs for one example, computed once (a failed run is retried on the next click). */
  cached(index: number): Promise<unknown[]> {
    let entry = this.#cache.get(index);
    if (!entry) {
      const fn = this.options.fn as (...args: unknown[]) => unknown;
      const context = { request: undefined, progress: Object.assign(() => undefined, { tqdm: <T>(items: Iterable<T>) => items }), signal: new AbortController().signal } as unknown as EventContext;
      entry = finalValue(fn(...this.rows[index]!, context)).then((value) => (this.outputs.length === 1 ? [value] : (value as unknown[])));
      entry.catch(() => this.#cache.delete(index));
      this.#cache.set(index, entry);
    }
    return entry;
  }
}
