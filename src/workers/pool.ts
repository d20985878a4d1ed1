/**
 * User fns in worker threads, so a heavy fn never freezes the app: the server's thread keeps HTTP, the
 * queue, SSE streams and uploads, while fns run in a pool of worker threads (piscina) on every core.
 *
 * How a fn reaches a worker. A closure cannot cross threads, so each worker imports the app's module
 * itself and builds the app again without serving it: inside a worker, `launch()` only records the app
 * (see app-module.ts). The worker then finds the fn by its dependency index (fn_index), checking that its
 * api name matches. Closures, imports and module state therefore work as written, but per worker: a
 * model loaded at module scope is loaded once in each worker (and once more on the server's thread).
 * Load it lazily so only the threads that run the fn pay for it:
 *
 *     let model: Model | undefined;
 *     const getModel = () => (model ??= loadModel());   // first call in each worker loads it
 *
 * The app's module is the file the CLI runs (`gradio-ts app.ts`), else node's main script (`node app.js`,
 * `npx tsx app.ts`) when the app calls `launch()`, else `launch({ appModule: import.meta.url })`. An app
 * built in some other way (a test's program, a host app's `demo.app()`) has no known module: its fns stay
 * on the server's thread (a debug log line says so); an explicit `workers: N > 0` is then refused.
 *
 * Which fns run in a worker. By default every sync fn and sync generator: they hold the thread until they
 * return, so on the server's thread they would stall every other caller. Async fns and async generators
 * stay on the server's thread: they mostly await I/O (a fetch, a remote model), which already leaves the
 * thread free, and a worker would only add a copy of their inputs and outputs. Override per event with
 * `runIn: "worker" | "main"`. Fns made inside `gr.render` always run on the server's thread: they exist
 * only in the session that rendered them. Cached examples are computed on the server's thread at start.
 *
 * What stays on the server's thread: validation, pre-processing (files pass the access policy there),
 * post-processing, State storage. Only the fn call moves: its inputs and outputs cross as structured
 * clones (a Buffer arrives as a Buffer; a value that cannot be cloned, such as a gr.State holding a
 * function, fails that event with an error saying so). `context.request` is a copy with the same fields;
 * `context.progress`, `gr.Progress`, `gr.Info`/`Warning`/`Success` and each yield of a generator are
 * posted back on the worker's one message port (each message tagged with its call; the outcome comes
 * with piscina's answer to the task, after them) and go out as the same wire messages. A gr.Error's message reaches the caller; any other error's stack goes to the log. `context.signal` never fires in a worker:
 * cancelling stops the thread itself.
 *
 * Stopping. Cancelling a running event, its `timeLimit` (seconds) passing, or `launch({ maxRunSeconds })`
 * passing aborts its piscina task: the worker running it is terminated (an endless loop included) and
 * piscina starts a new one. A fn that crashes its worker (`process.exit`, out of memory under
 * `workerMaxMemoryMb`) fails only its own event, with a generic error (details in the log).
 *
 * Pools. `launch({ workers })`, else `GRADIO_WORKERS`, else one per core (`os.availableParallelism()`);
 * `0` runs every fn on the server's thread. Events sharing a `concurrencyId` listed in
 * `launch({ workerGroups: { heavy: 1 } })` get a pool of their own with that many workers, so a heavy
 * model is loaded in fewer threads. A pool's workers start with the first fn that runs in it (so
 * start-up and memory at start stay those of the server alone), and each loads the app then: the first
 * call waits for one worker to build it.
 *
 * A pool runs one fn per worker at a time: when every worker of a pool is busy, the next fn of that pool
 * waits for one (the server's thread still answers pages, config, queue status and async fns). So a
 * light sync fn waits behind heavy ones that fill the default pool; pinning the heavy events to a
 * group with fewer workers than cores (`workerGroups`) keeps the default pool free for the others.
 */
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import type { Piscina } from "piscina";
import type { Blocks } from "../blocks/blocks.js";
import type { Dependency, EventContext } from "../blocks/events.js";
import { State } from "../components/state.js";
import { AppConfigError, GradioError } from "../errors.js";
import type { EventScope } from "../queue/event-scope.js";
import type { LaunchOptions } from "../server/options.js";
import { appModuleUrl, cliAppModuleNeedsTsx, isCliAppModule, launchOrdinal, processAppModule } from "./app-module.js";
import type { ResolvedSettings } from "../server/settings.js";
import {
  fromWireError,
  fromWireValue,
  isWorkerPortAnnouncement,
  type AppWorkerData,
  type CallMessage,
  type WireContext,
  type WorkerMessage,
  type WorkerTask,
} from "./wire.js";

export type RunIn = "main" | "worker";

export interface WorkerSettings {
  data: AppWorkerData;
  /** Threads of the default pool. */
  size: number;
  /** Threads of each concurrency group's own pool. */
  groups: Readonly<Record<string, number>>;
  maxMemoryMb: number | null;
}

interface WorkerLogger {
  debug(details: object, message: string): void;
  error(details: object, message: string): void;
}

function checkCount(name: string, count: number): void {
  if (!Number.isInteger(count) || count < 0)
    throw new AppConfigError(`${name} must be a whole number of worker threads (0 for none), got ${String(count)}.`);
}

/** The module a worker imports to build this app, or why there is none. */
function moduleOf(
  app: Blocks,
  options: LaunchOptions,
  underTestRunner: boolean,
): { url: string; ordinal: number | null } | string {
  if (options.appModule !== undefined) {
    const url = appModuleUrl(options.appModule);
    return url ? { url, ordinal: null } : `launch({ appModule }) names no file (${path.basename(options.appModule)})`;
  }
  const url = processAppModule(underTestRunner);
  return url
    ? { url, ordinal: launchOrdinal(app) }
    : "the app's module is unknown (it was not started by the gradio-ts CLI or as node's main script)";
}

const TYPESCRIPT = /\.(?:[cm]?ts|tsx)$/;

/** The worker settings of this launch, or null when fns stay on the server's thread. */
export function resolveWorkerSettings(
  app: Blocks,
  options: LaunchOptions,
  settings: Pick<ResolvedSettings, "workers" | "underTestRunner">,
  logger: WorkerLogger,
): WorkerSettings | null {
  if (options.workers !== undefined) checkCount("launch({ workers })", options.workers);
  for (const [group, count] of Object.entries(options.workerGroups ?? {})) checkCount(`workerGroups.${group}`, count);
  const memory = options.workerMaxMemoryMb;
  if (memory !== undefined && !(typeof memory === "number" && memory >= 16))
    throw new AppConfigError(`workerMaxMemoryMb must be at least 16 (MB), got ${String(memory)}.`);
  const size = settings.workers ?? os.availableParallelism();
  if (size === 0) return null;
  const found = moduleOf(app, options, settings.underTestRunner);
  if (typeof found === "string") {
    if (options.workers !== undefined || options.appModule !== undefined) {
      throw new AppConfigError(
        `launch({ workers: ${options.workers} }) runs fns in worker threads, which import the app's module to build the app again, but ${found}: pass launch({ appModule: import.meta.url }) or workers: 0.`,
      );
    }
    logger.debug({ reason: found }, "Fns run on the server's thread (no worker threads)");
    return null;
  }
  return {
    data: {
      appModule: found.url,
      launchOrdinal: found.ordinal,
      registerTsx: isCliAppModule(found.url) ? cliAppModuleNeedsTsx() : TYPESCRIPT.test(found.url),
    },
    size,
    groups: { ...options.workerGroups },
    maxMemoryMb: memory ?? null,
  };
}

/** Where a fn runs when the event does not say: sync fns and sync generators in a worker, async ones here. */
export function runsInWorker(dependency: Dependency): boolean {
  if (!dependency.fn || dependency.renderedIn !== null || dependency.renderable) return false;
  const runIn = dependency.options.runIn;
  if (runIn !== undefined) return runIn === "worker";
  const kind = dependency.fn.constructor.name;
  return kind === "Function" || kind === "GeneratorFunction";
}

/** One call of a fn, as the runner makes it. */
export interface FnCall {
  dependency: Dependency;
  args: unknown[];
  context: EventContext;
  scope: EventScope;
  /** Cancel or time limit: aborting it terminates the worker running the call. */
  signal: AbortSignal;
  batch: boolean;
  /**
   * Called when the fn starts running: in a worker, after any wait for a free worker that has built the
   * app. Leave it out when nothing needs to know: the worker then skips telling (a message per event).
   */
  onStart?: () => void;
}

/** The fn's value, or for a generator (or any fn whose result is an iterator) an async iterator of its yields. */
export type FnResult = unknown;

const workerFile = (() => {
  const here = fileURLToPath(import.meta.url);
  return path.join(path.dirname(here), `worker${path.extname(here)}`);
})();

// piscina loads with the first pool, so an app that never runs a fn in a worker never loads it.
let piscina: Promise<typeof Piscina> | null = null;
const loadPiscina = () => (piscina ??= import("piscina").then((module) => module.Piscina));

export class WorkerPools {
  readonly #pools = new Map<string, Promise<Piscina>>();
  #closed = false;
  /** The calls running in a worker, by the number their messages are tagged with (see CallMessage). */
  readonly #calls = new Map<number, (message: WorkerMessage) => void>();
  #lastCall = 0;
  /** Every worker's port, to read what a worker posted before a task's outcome reached the pool. */
  readonly #ports = new Set<MessagePort>();

  constructor(
    readonly settings: WorkerSettings,
    private readonly logger: WorkerLogger,
  ) {}

  runsInWorker(dependency: Dependency): boolean {
    if (!runsInWorker(dependency)) return false;
    const group = dependency.options.concurrencyId;
    // A group given 0 workers runs its fns here.
    return !(group !== undefined && this.settings.groups[group] === 0);
  }

  #pool(group: string | null): Promise<Piscina> {
    const name = group !== null && group in this.settings.groups ? group : "";
    const existing = this.#pools.get(name);
    if (existing) return existing;
    if (this.#closed) return Promise.reject(new Error("The worker pool is closed."));
    const pool = loadPiscina().then((Pool) => this.#startPool(Pool, name));
    this.#pools.set(name, pool);
    return pool;
  }

  #startPool(Pool: typeof Piscina, name: string): Piscina {
    const threads = name === "" ? this.settings.size : this.settings.groups[name]!;
    const pool = new Pool({
      filename: workerFile,
      minThreads: threads,
      maxThreads: threads,
      // Workers hold the loaded app (and its models): never let an idle one go.
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData: this.settings.data,
      resourceLimits:
        this.settings.maxMemoryMb === null ? undefined : { maxOldGenerationSizeMb: this.settings.maxMemoryMb },
    });
    pool.on("error", (err: unknown) => this.logger.error({ err }, "A worker thread failed"));
    // Each worker (a replacement for one that was stopped too) announces the port its calls' messages come on.
    pool.on("message", (message: unknown) => {
      if (!isWorkerPortAnnouncement(message)) return;
      const port = message.gradioWorkerPort;
      this.#ports.add(port);
      port.on("message", (tagged: CallMessage) => this.#dispatch(tagged));
      port.once("close", () => this.#ports.delete(port));
      // Piscina keeps the process alive while a task runs; an idle worker's port should not.
      port.unref();
    });
    return pool;
  }

  #dispatch(tagged: CallMessage): void {
    this.#calls.get(tagged.call)?.(tagged);
  }

  /** A task's outcome came with the pool's answer: first whatever its worker posted before it, in order. */
  #outcome(call: number, outcome: WorkerMessage | undefined): void {
    if (outcome === undefined) return;
    for (const port of this.#ports) {
      for (let queued = receiveMessageOnPort(port); queued; queued = receiveMessageOnPort(port))
        this.#dispatch(queued.message as CallMessage);
    }
    this.#calls.get(call)?.(outcome);
  }

  /** Runs the fn in a worker. Resolves with its value, or with an async iterator of its yields. */
  call(call: FnCall): Promise<FnResult> {
    const { dependency } = call;
    const id = ++this.#lastCall;
    const task: WorkerTask = {
      fnIndex: dependency.id,
      apiName: dependency.apiName,
      args: call.args,
      context: wireContext(call),
      call: id,
      reportStart: call.onStart !== undefined,
    };
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    call.signal.addEventListener("abort", onAbort, { once: true });
    const cleanup = () => {
      call.signal.removeEventListener("abort", onAbort);
      this.#calls.delete(id);
    };
    return new Promise<FnResult>((resolve, reject) => {
      const yields = new Yields(() => stop.abort());
      let streaming = false;
      const fail = (error: Error) => (streaming ? yields.fail(error) : reject(error));
      this.#calls.set(id, (message) => {
        switch (message.type) {
          case "started":
            return call.onStart?.();
          case "log":
            return call.scope.log(message.level, message.text, message.options);
          case "progress":
            return call.scope.progress(message.units);
          case "result":
            cleanup();
            return resolve(fromWireValue(message.value, dependency.outputs));
          case "yield":
            if (!streaming) {
              streaming = true;
              resolve(yields);
            }
            return yields.push(fromWireValue(message.value, dependency.outputs));
          case "end":
            cleanup();
            return streaming ? yields.end() : resolve(yields.end());
          case "error":
            cleanup();
            return fail(fromWireError(message.error));
        }
      });
      const running = this.#pool(dependency.options.concurrencyId ?? null).then((pool) => {
        void pool.run(task, { signal: stop.signal }).then(
          (outcome: WorkerMessage | undefined) => this.#outcome(id, outcome),
          (error: unknown) => {
            cleanup();
            fail(cloneFailure(error, call) ?? this.#crashError(error, call));
          },
        );
      });
      // The pool could not start, or the task could not be posted: nothing ran.
      running.catch((error: unknown) => {
        cleanup();
        reject(cloneFailure(error, call) ?? error);
      });
    });
  }

  /** Why a task ended without an outcome: aborted (cancel, time limit), or its worker died. */
  #crashError(error: unknown, call: FnCall): Error {
    if (call.signal.aborted) return new Error("cancelled");
    const reason = error instanceof Error ? error.message : String(error);
    return new Error(`The worker thread running /${call.dependency.apiName} stopped: ${reason}`);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map(async (pool) => (await pool.catch(() => null))?.destroy()));
  }
}

/** An input that cannot be copied into a worker: an error naming it (a gr.State's value, usually). */
function cloneFailure(error: unknown, call: FnCall): GradioError | null {
  if (!(error instanceof Error) || error.name !== "DataCloneError") return null;
  const index = Math.max(
    0,
    call.args.findIndex((arg) => !cloneable(arg)),
  );
  const input = call.dependency.inputs[index];
  const what = input instanceof State ? "a gr.State" : input ? `a ${input.type}` : "an input";
  return new GradioError(
    `/${call.dependency.apiName} runs in a worker thread, and its input ${index + 1} (${what}) holds a value that cannot be copied there: values cross threads as structured clones, so keep plain data in it (no functions, no class instances with private state), or run this event with runIn: "main".`,
  );
}

function cloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

function wireContext(call: FnCall): WireContext {
  const { context } = call;
  return {
    eventId: call.scope.eventId,
    requests: context.requests.map((request) => request.toInit()),
    eventData: call.batch ? null : context.eventData,
    eventDataOfItems: [...context.eventDataOfItems],
    batch: call.batch,
  };
}

/** A generator's yields as they arrive from its worker; `return()` (the event was cancelled) stops the worker. */
class Yields implements AsyncIterableIterator<unknown> {
  readonly #values: unknown[] = [];
  #done = false;
  #error: Error | null = null;
  #wake: (() => void) | null = null;

  constructor(private readonly stop: () => void) {}

  push(value: unknown): void {
    this.#values.push(value);
    this.#wake?.();
  }

  end(): this {
    this.#done = true;
    this.#wake?.();
    return this;
  }

  fail(error: Error): void {
    this.#error = error;
    this.end();
  }

  async next(): Promise<IteratorResult<unknown>> {
    while (this.#values.length === 0 && !this.#done) await new Promise<void>((resolve) => (this.#wake = resolve));
    this.#wake = null;
    if (this.#values.length > 0) return { done: false, value: this.#values.shift() };
    if (this.#error) throw this.#error;
    return { done: true, value: undefined };
  }

  return(): Promise<IteratorResult<unknown>> {
    if (!this.#done) this.stop();
    this.#done = true;
    return Promise.resolve({ done: true, value: undefined });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
