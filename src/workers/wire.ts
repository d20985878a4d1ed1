/** What crosses between the server's thread and an app worker: the task, the messages back, errors. */
import { MessagePort } from "node:worker_threads";
import type { GradioRequestInit } from "../blocks/request.js";
import { GradioError } from "../errors.js";
import type { LogLevel, ProgressUnit } from "../protocol/messages.js";
import type { NotifyOptions } from "../queue/notify.js";

/** Set once per worker (piscina's `workerData`). */
export interface AppWorkerData {
  /** File URL of the module that builds the app. */
  appModule: string;
  /** Which of the module's `launch()` calls built the served app (main-thread order), when known. */
  launchOrdinal: number | null;
  /**
   * Load tsx's hooks in the worker: the app is TypeScript, or the CLI loaded it through tsx (an app.js with
   * import syntax in a CommonJS project needs them too).
   */
  registerTsx: boolean;
}

/** The EventContext of a call, as plain data. */
export interface WireContext {
  eventId: string;
  requests: GradioRequestInit[];
  eventData: unknown;
  eventDataOfItems: unknown[];
  /** A batch call serves several callers: `context.request` then throws, as on the main thread. */
  batch: boolean;
}

export interface WorkerTask {
  fnIndex: number;
  /** Checked against the worker's app, so a worker that built a different app fails loudly. */
  apiName: string;
  args: unknown[];
  context: WireContext;
  /** Tags what the worker posts about this call (yields, progress, toasts, the outcome) on its message port. */
  call: number;
  /** Whether the server's thread wants a "started" message (it starts a time limit's clock then). */
  reportStart: boolean;
}

export interface WireError {
  kind: "gradio" | "other";
  name: string;
  message: string;
  stack?: string;
  duration?: number | null;
  visible?: boolean;
  title?: string;
}

export type WorkerMessage =
  | { type: "started" }
  | { type: "log"; level: LogLevel; text: string; options: NotifyOptions }
  | { type: "progress"; units: ProgressUnit[] }
  | { type: "result"; value: unknown }
  | { type: "yield"; value: unknown }
  | { type: "end" }
  | { type: "error"; error: WireError };

/** A message about one call, as it crosses on its worker's port. */
export type CallMessage = WorkerMessage & { call: number };

/**
 * What a worker posts to the pool once, as it starts: the port it posts every call's messages on. One
 * long-lived port per worker, not a channel per call: making and handing over a channel cost each event
 * more than the rest of its trip to the worker.
 */
export interface WorkerPortAnnouncement {
  gradioWorkerPort: MessagePort;
}

export function isWorkerPortAnnouncement(message: unknown): message is WorkerPortAnnouncement {
  return (
    typeof message === "object" &&
    message !== null &&
    (message as Partial<WorkerPortAnnouncement>).gradioWorkerPort instanceof MessagePort
  );
}

/** An error thrown in a worker, as data. A gr.Error is recognised by name: the app may use its own copy of the class. */
export function toWireError(error: unknown): WireError {
  if (!(error instanceof Error)) return { kind: "other", name: "Error", message: String(error) };
  const { name, message, stack } = error;
  if (name === "GradioError") {
    const { duration, visible, title } = error as Partial<GradioError>;
    return { kind: "gradio", name, message, duration, visible, title };
  }
  return { kind: "other", name, message, stack };
}

/** The error again on the server's thread: a gr.Error as itself (its message is for the caller), others for the log. */
export function fromWireError(wire: WireError): Error {
  if (wire.kind === "gradio")
    return new GradioError(wire.message, { duration: wire.duration, visible: wire.visible, title: wire.title });
  const error = new Error(wire.message);
  error.name = wire.name;
  if (wire.stack) error.stack = wire.stack;
  return error;
}

/**
 * A structured clone turns a Buffer into a plain Uint8Array; fns that were given Buffers (Image with
 * `type: "buffer"`, Audio bytes...) get Buffers again, as on the main thread.
 */
export function reviveBuffers(value: unknown, depth = 0): unknown {
  if (value instanceof Uint8Array && !Buffer.isBuffer(value) && value.constructor === Uint8Array) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  if (depth > 8 || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => reviveBuffers(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, reviveBuffers(item, depth + 1)]));
}

/** A fn's Map from output components to values (Gradio's dict return), by block id: components cannot cross threads. */
export interface OutputsById {
  __outputsById__: [number, unknown][];
}

function isBlockKeyedMap(value: unknown): value is Map<{ id: number }, unknown> {
  return (
    value instanceof Map &&
    value.size > 0 &&
    [...value.keys()].every(
      (key) =>
        typeof key === "object" && key !== null && typeof (key as { id?: unknown }).id === "number" && "type" in key,
    )
  );
}

/**
 * Components a fn put into chat messages (`new gr.Image(...)` as a message's content) cross as the
 * plain `{ component, value, options }` a Chatbot also takes, since a class instance does not survive
 * a structured clone. Walked only for events with a Chatbot output, and only as deep as messages go.
 */
export function chatComponentsToPlain(value: unknown, depth = 0): unknown {
  if (typeof value !== "object" || value === null || depth > 6) return value;
  if (typeof (value as { postprocess?: unknown }).postprocess === "function" && "givenOptions" in value) {
    const { type, givenOptions } = value as { type: string; givenOptions: Record<string, unknown> };
    const { value: inner, ...options } = givenOptions;
    return { component: type, value: inner ?? null, options };
  }
  if (Array.isArray(value)) return value.map((item) => chatComponentsToPlain(item, depth + 1));
  if (value instanceof Map)
    return new Map([...value].map(([key, item]) => [key, chatComponentsToPlain(item, depth + 1)]));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, chatComponentsToPlain(item, depth + 1)]));
}

/** A worker's result as it crosses: the same, except a Map keyed by components is keyed by their ids. */
export function toWireValue(value: unknown): unknown {
  return isBlockKeyedMap(value)
    ? ({ __outputsById__: [...value].map(([block, item]) => [block.id, item]) } satisfies OutputsById)
    : value;
}

/** Back on the server's thread: the ids of a Map return are this app's components again. */
export function fromWireValue(value: unknown, outputs: readonly { id: number }[]): unknown {
  if (typeof value !== "object" || value === null || !("__outputsById__" in value)) return value;
  const byId = new Map(outputs.map((output) => [output.id, output]));
  return new Map(
    (value as OutputsById).__outputsById__.map(([id, item]) => [byId.get(id) ?? { id, type: "unknown" }, item]),
  );
}
