/**
 * An app worker (see pool.ts): imports the app's module once, which builds the app (its `launch()`
 * only records it here), then runs the fns the server's thread sends, one task at a time.
 */
import { MessageChannel, parentPort } from "node:worker_threads";
import { workerData } from "piscina";
import type { Blocks } from "../blocks/blocks.js";
import type { Dependency, EventContext } from "../blocks/events.js";
import { GradioRequest } from "../blocks/request.js";
import { AppConfigError } from "../errors.js";
import { runInEventScope, type EventScope } from "../queue/event-scope.js";
import { createProgress } from "../queue/progress.js";
import { appWorkerRegistry, enterAppWorker } from "./app-module.js";
import {
  reviveBuffers,
  chatComponentsToPlain,
  toWireError,
  toWireValue,
  type AppWorkerData,
  type CallMessage,
  type WireContext,
  type WorkerMessage,
  type WorkerPortAnnouncement,
  type WorkerTask,
} from "./wire.js";

const settings = workerData as AppWorkerData;
let appOnce: Promise<Blocks> | null = null;

/** This worker's port to the pool, for the messages of every call it runs (see WorkerPortAnnouncement). */
const toPool = (() => {
  const { port1, port2 } = new MessageChannel();
  parentPort!.postMessage({ gradioWorkerPort: port2 } satisfies WorkerPortAnnouncement, [port2]);
  // Open while the worker lives, without keeping it alive: the pool ends workers itself.
  port1.unref();
  return port1;
})();

type Post = (message: WorkerMessage) => void;

function isBlocks(value: unknown): value is Blocks {
  return (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as Blocks).dependencies) &&
    typeof (value as Blocks).launch === "function"
  );
}

async function loadApp(): Promise<Blocks> {
  const registry = appWorkerRegistry() ?? enterAppWorker();
  if (settings.registerTsx) {
    const [esm, cjs] = await Promise.all([import("tsx/esm/api"), import("tsx/cjs/api")]);
    cjs.register();
    esm.register();
  }
  const exports = (await import(settings.appModule)) as Record<string, unknown>;
  const { launched } = registry;
  if (launched.length === 1) return launched[0]!;
  if (launched.length > 1 && settings.launchOrdinal !== null && launched[settings.launchOrdinal])
    return launched[settings.launchOrdinal]!;
  const exported = [exports.default, exports.demo].find(isBlocks);
  if (exported) return exported;
  throw new AppConfigError(
    launched.length > 1
      ? "The app's module launched several apps, and which one is served is not known: pass launch({ appModule }) from a module that builds one."
      : "The app's module neither calls launch() nor exports its app (as `default` or `demo`): a worker cannot build the app.",
  );
}

/** The served app's fn at this index, provided the worker built the same app. */
async function dependencyOf(task: WorkerTask): Promise<Dependency> {
  const app = await (appOnce ??= loadApp());
  const dependency = app.dependencies[task.fnIndex];
  if (!dependency?.fn || dependency.apiName !== task.apiName) {
    throw new AppConfigError(
      `The app a worker built has no fn /${task.apiName} at index ${task.fnIndex}: the app must be built the same way every time its module is imported.`,
    );
  }
  return dependency;
}

function contextOf(wire: WireContext, scope: EventScope): EventContext {
  const requests = wire.requests.map((init) => new GradioRequest(init));
  const context: EventContext = {
    request: requests[0]!,
    requests,
    progress: createProgress(scope),
    // Never aborted here: cancelling a worker's task stops the whole thread.
    signal: new AbortController().signal,
    eventData: wire.eventData,
    eventDataOfItems: wire.eventDataOfItems,
  };
  if (wire.batch) {
    Object.defineProperty(context, "request", {
      get(): never {
        throw new AppConfigError(
          "A batch fn serves several callers in one call, so context.request is not one of them: use context.requests[i], the caller of item i.",
        );
      },
    });
  }
  return context;
}

type AnyIterator = Iterator<unknown> | AsyncIterator<unknown>;

function isIterator(value: unknown): value is AnyIterator {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { next?: unknown }).next === "function" &&
    (Symbol.asyncIterator in value || Symbol.iterator in value)
  );
}

/** A value as it crosses back: components inside chat messages travel as plain `{ component, value, options }`. */
function wireValue(value: unknown, dependency: Dependency): unknown {
  const chat = dependency.outputs.some((output) => output.type === "chatbot");
  return toWireValue(chat ? chatComponentsToPlain(value) : value);
}

/**
 * Posts a value back; one that cannot be copied across threads fails the event with a message naming
 * what failed (a gr.State's value is the usual culprit: a class instance with methods, a function...).
 */
function postValue(post: Post, type: "result" | "yield", value: unknown, dependency: Dependency): boolean {
  try {
    post({ type, value: wireValue(value, dependency) });
    return true;
  } catch {
    const outputs = dependency.outputs;
    const values = outputs.length > 1 && Array.isArray(value) ? value : [value];
    const index = Math.max(
      0,
      values.findIndex((item) => !cloneable(item)),
    );
    const output = outputs[index];
    const what = output
      ? `output ${index + 1} (${output.type === "state" ? "a gr.State" : `a ${output.type}`})`
      : "its result";
    // The clone error's own text may quote the fn's source, so the caller gets this one only.
    const message = `/${dependency.apiName} ran in a worker thread and returned a value for ${what} that cannot be copied back to the server: values cross threads as structured clones, so return plain data (no functions, no class instances with private state), or run this event with runIn: "main".`;
    post({
      type: "error",
      error: { kind: "gradio", name: "GradioError", message, duration: null, visible: true, title: "Error" },
    });
    return false;
  }
}

function cloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

// The app is built as soon as the worker starts, not when its first task arrives; a failure is
// reported to each task that needs the app.
appOnce = loadApp();
appOnce.catch(() => undefined);

/**
 * Whether a structured clone surely copies the value: primitives, byte arrays, and arrays and plain
 * objects of those, looked through up to `budget` items (past that, or anything else, not known).
 */
function surelyCloneable(value: unknown, budget = { items: 1000 }): boolean {
  if (--budget.items < 0) return false;
  if (value === null || (typeof value !== "object" && typeof value !== "function" && typeof value !== "symbol"))
    return true;
  if (ArrayBuffer.isView(value)) return true;
  if (Array.isArray(value)) return value.every((item) => surelyCloneable(item, budget));
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value as object).every((item) => surelyCloneable(item, budget));
}

/**
 * Runs one call. Its outcome (result, end or error) is returned, riding on the pool's own answer to the
 * task, so an event costs one message back instead of two; the pool reads what the worker posted on
 * its port before it (toasts, progress, yields) first. A result that might not survive the copy is
 * posted on the port instead, where a failure to copy is caught and told (see postValue).
 */
export default async function runTask(task: WorkerTask): Promise<WorkerMessage | undefined> {
  const post: Post = (message) => toPool.postMessage({ ...message, call: task.call } satisfies CallMessage);
  const scope: EventScope = {
    eventId: task.context.eventId,
    log: (level, text, options) => post({ type: "log", level, text, options }),
    progress: (units) => post({ type: "progress", units }),
  };
  try {
    const dependency = await dependencyOf(task);
    if (task.reportStart) post({ type: "started" });
    const args = task.args.map((arg) => reviveBuffers(arg));
    const fn = dependency.fn!;
    const result = await runInEventScope(scope, () => fn(...args, contextOf(task.context, scope)));
    if (!isIterator(result)) {
      const value = wireValue(result, dependency);
      if (surelyCloneable(value)) return { type: "result", value };
      postValue(post, "result", result, dependency);
      return undefined;
    }
    for (;;) {
      const step = await runInEventScope(scope, () => result.next());
      if (step.done) break;
      if (!postValue(post, "yield", step.value, dependency)) return undefined;
    }
    return { type: "end" };
  } catch (error) {
    return { type: "error", error: toWireError(error) };
  }
}
