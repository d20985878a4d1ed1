/**
 * One submitted call: an async iterator of status, data and log events, the final result as a promise,
 * and `cancel()`. Fed by the client from queue messages.
 */
import { applyDiff, type Edit } from "../queue/diff.js";
import { AppError } from "./errors.js";
import type { DataEvent, JobEvent, LogEvent, LogLevel, ProgressUnit, QueueMessage, RenderConfig, StatusEvent } from "./types.js";

export interface JobResult {
  data: unknown[];
  endpoint: string;
  fnIndex: number;
}

export class CancelledError extends Error {
  override readonly name = "CancelledError";
  constructor() {
    super("The call was cancelled.");
  }
}

export class Job implements AsyncIterable<JobEvent> {
  readonly endpoint: string;
  readonly fnIndex: number;
  /** Resolves with the final outputs; rejects with `AppError` on failure, `CancelledError` on cancel. */
  readonly result: Promise<JobResult>;
  /** Set once the server accepted the call. */
  eventId: string | null = null;

  readonly #events: JobEvent[] = [];
  readonly #waiting: ((result: IteratorResult<JobEvent>) => void)[] = [];
  readonly #keep: (index: number) => boolean;
  readonly #cancelCall: (job: Job) => Promise<void>;
  readonly #onRender: ((renderConfig: RenderConfig) => void) | undefined;
  #resolve!: (result: JobResult) => void;
  #reject!: (error: Error) => void;
  #finished = false;
  #cancelRequested = false;
  /** Full values of all outputs, for applying generator diffs. */
  #latest: unknown[] | null = null;

  /** `onRender` sees a render fn's result before the job's "render" event is emitted (the client updates its config there). */
  constructor(endpoint: string, fnIndex: number, keepOutput: (index: number) => boolean, cancel: (job: Job) => Promise<void>, onRender?: (renderConfig: RenderConfig) => void) {
    this.endpoint = endpoint;
    this.fnIndex = fnIndex;
    this.#keep = keepOutput;
    this.#cancelCall = cancel;
    this.#onRender = onRender;
    this.result = new Promise<JobResult>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // A caller that only iterates must not get an unhandled rejection.
    this.result.catch(() => undefined);
  }

  get finished(): boolean {
    return this.#finished;
  }

  get cancelRequested(): boolean {
    return this.#cancelRequested;
  }

  /** Asks the server to stop this call; the job ends at once with stage "cancelled". */
  async cancel(): Promise<void> {
    if (this.#finished || this.#cancelRequested) return;
    this.#cancelRequested = true;
    this.#finish({ type: "status", stage: "cancelled", ...this.#who() }, new CancelledError());
    if (this.eventId) await this.#cancelCall(this);
  }

  [Symbol.asyncIterator](): AsyncIterator<JobEvent> {
    return {
      next: () => {
        const event = this.#events.shift();
        if (event) return Promise.resolve({ value: event, done: false });
        if (this.#finished) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => this.#waiting.push(resolve));
      },
      return: () => Promise.resolve({ value: undefined, done: true }),
    };
  }

  /** @internal Status before the server knows the call. */
  started(): void {
    this.#emit({ type: "status", stage: "pending", ...this.#who() });
  }

  /** @internal The join failed, the stream broke, or preparing the inputs failed. */
  fail(message: string, options: { title?: string | null; broken?: boolean } = {}): void {
    const status: StatusEvent = { type: "status", stage: "error", ...this.#who(), message, title: options.title ?? "Error", visible: true, duration: null };
    if (options.broken) status.broken = true;
    this.#finish(status, new AppError(message, status.title ?? null));
  }

  /** @internal Turns one queue message into events. */
  handle(message: QueueMessage): void {
    if (this.#finished) return;
    const who = this.#who();
    switch (message.msg) {
      case "estimation":
        return this.#emit({ type: "status", stage: "pending", ...who, position: asNumber(message.rank), queueSize: asNumber(message.queue_size), eta: asNumber(message.rank_eta) });
      case "process_starts":
        return this.#emit({ type: "status", stage: "processing", ...who, eta: asNumber(message.eta) });
      case "progress":
        return this.#emit({ type: "status", stage: "processing", ...who, progress: (message.progress_data as ProgressUnit[] | undefined) ?? [] });
      case "log": {
        const log: LogEvent = {
          type: "log",
          ...who,
          log: String(message.log ?? ""),
          level: (message.level as LogLevel | undefined) ?? "info",
          duration: asNumber(message.duration),
          visible: message.visible !== false,
          title: typeof message.title === "string" ? message.title : null,
        };
        return this.#emit(log);
      }
      case "process_generating": {
        const data = this.#outputData(message, true);
        if (!data) return;
        this.#render(message);
        this.#emit({ type: "status", stage: "generating", ...who });
        return this.#emit(this.#dataEvent(data, true, message));
      }
      case "process_streaming": {
        // A stream event's answer to one input chunk: full values every time, never edits.
        const data = this.#outputData(message, false);
        if (!data) return;
        this.#emit({ type: "status", stage: "generating", ...who });
        return this.#emit(this.#dataEvent(data, true, message));
      }
      case "process_completed":
        return this.#completed(message);
      case "unexpected_error":
        return this.fail(typeof message.message === "string" ? message.message : "The server reported an unexpected error.", { broken: true });
      default:
        return;
    }
  }

  #completed(message: QueueMessage): void {
    const output = (message.output ?? {}) as Record<string, unknown>;
    if (message.success === false || "error" in output) {
      const text = typeof output.error === "string" && output.error ? output.error : "An error occurred.";
      const title = typeof output.title === "string" ? output.title : typeof message.title === "string" ? message.title : "Error";
      const status: StatusEvent = { type: "status", stage: "error", ...this.#who(), message: text, title, duration: asNumber(output.duration), visible: output.visible !== false };
      this.#finish(status, new AppError(text, title, status.duration ?? null, status.visible ?? true));
      return;
    }
    if (!Array.isArray(output.data)) {
      // A cancelled event ends with an empty output.
      this.#finish({ type: "status", stage: "cancelled", ...this.#who() }, new CancelledError());
      return;
    }
    const data = this.#outputData(message, false)!;
    this.#render(message);
    const event = this.#dataEvent(data, false, message);
    this.#emit(event);
    this.#finish({ type: "status", stage: "complete", ...this.#who() }, null, { data: event.data, ...this.#who() });
  }

  /** A render fn's result rides on its output message, before that message's data. */
  #render(message: QueueMessage): void {
    const renderConfig = (message.output as { render_config?: RenderConfig | null }).render_config;
    if (!renderConfig) return;
    this.#onRender?.(renderConfig);
    this.#emit({ type: "render", ...this.#who(), renderConfig });
  }

  /** Full values: the first generating message and the completion carry them; later ones carry edits. */
  #outputData(message: QueueMessage, generating: boolean): unknown[] | null {
    const output = message.output as { data?: unknown } | undefined;
    if (!output || !Array.isArray(output.data)) return null;
    const incoming = output.data as unknown[];
    if (generating && this.#latest) {
      const previous = this.#latest;
      this.#latest = incoming.map((edits, index) => (Array.isArray(edits) ? applyDiff(previous[index], edits as Edit[]) : previous[index]));
    } else {
      this.#latest = incoming;
    }
    return this.#latest;
  }

  #dataEvent(all: unknown[], generating: boolean, message: QueueMessage): DataEvent {
    const changed = (message.output as { changed_state_ids?: unknown } | undefined)?.changed_state_ids;
    const changedStateIds = Array.isArray(changed) ? changed.filter((id): id is number => typeof id === "number") : [];
    return { type: "data", ...this.#who(), data: all.filter((_, index) => this.#keep(index)), generating, changedStateIds };
  }

  #who() {
    return { endpoint: this.endpoint, fnIndex: this.fnIndex };
  }

  #emit(event: JobEvent): void {
    if (this.#finished) return;
    const waiter = this.#waiting.shift();
    if (waiter) waiter({ value: event, done: false });
    else this.#events.push(event);
  }

  #finish(last: StatusEvent, error: Error | null, result?: JobResult): void {
    if (this.#finished) return;
    this.#emit(last);
    this.#finished = true;
    for (const waiter of this.#waiting.splice(0)) waiter({ value: undefined, done: true });
    if (error) this.#reject(error);
    else this.#resolve(result!);
  }
}

function asNumber(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
