/**
 * One submitted call: an async iterator of status, data and log events, the final result as a promise,
 * and `cancel()`. Fed by the client from queue messages.
 */
import type { RenderConfig } from "../protocol/config.js";
import { applyDiff, type Edit } from "../protocol/diff.js";
import {
  isErrorOutput,
  isResultOutput,
  type CompletedOutput,
  type OutputPayload,
  type QueueMessage,
} from "../protocol/messages.js";
import { AppError } from "./errors.js";
import type { DataEvent, JobEvent, LogEvent, StatusEvent } from "./types.js";

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
  constructor(
    endpoint: string,
    fnIndex: number,
    keepOutput: (index: number) => boolean,
    cancel: (job: Job) => Promise<void>,
    onRender?: (renderConfig: RenderConfig) => void,
  ) {
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
    const status: StatusEvent = {
      type: "status",
      stage: "error",
      ...this.#who(),
      message,
      title: options.title ?? "Error",
      visible: true,
      duration: null,
    };
    if (options.broken) status.broken = true;
    this.#finish(status, new AppError(message, status.title ?? null));
  }

  /** @internal Turns one queue message into events. */
  handle(message: QueueMessage): void {
    if (this.#finished) return;
    const who = this.#who();
    switch (message.msg) {
      case "estimation":
        return this.#emit({
          type: "status",
          stage: "pending",
          ...who,
          position: asNumber(message.rank),
          queueSize: asNumber(message.queue_size),
          eta: asNumber(message.rank_eta),
        });
      case "process_starts":
        return this.#emit({ type: "status", stage: "processing", ...who, eta: asNumber(message.eta) });
      case "progress":
        return this.#emit({ type: "status", stage: "processing", ...who, progress: message.progress_data });
      case "log": {
        const log: LogEvent = {
          type: "log",
          ...who,
          log: message.log,
          level: message.level,
          duration: asNumber(message.duration),
          visible: message.visible !== false,
          title: typeof message.title === "string" ? message.title : null,
        };
        return this.#emit(log);
      }
      case "process_generating": {
        const data = this.#outputData(message.output, true);
        this.#render(message.output);
        this.#emit({ type: "status", stage: "generating", ...who });
        return this.#emit(this.#dataEvent(data, true, message.output));
      }
      case "process_streaming": {
        // A stream event's answer to one input chunk: full values every time, never edits.
        const data = this.#outputData(message.output, false);
        this.#emit({ type: "status", stage: "generating", ...who });
        return this.#emit(this.#dataEvent(data, true, message.output));
      }
      case "process_completed":
        return this.completed(message.output, message.success, message.title);
      case "unexpected_error":
        return this.fail(message.message || "The server reported an unexpected error.", { broken: true });
      case "heartbeat":
      case "close_stream":
        return;
    }
  }

  /** @internal The end of the call: from its `process_completed`, or the answer of a direct (unqueued) call. */
  completed(output: CompletedOutput, success: boolean, title: string | null): void {
    if (this.#finished) return;
    if (!success || isErrorOutput(output)) {
      const error = isErrorOutput(output) ? output : null;
      const text = error?.error || "An error occurred.";
      const shownTitle = error?.title ?? title ?? "Error";
      const duration = asNumber(error?.duration);
      const status: StatusEvent = {
        type: "status",
        stage: "error",
        ...this.#who(),
        message: text,
        title: shownTitle,
        duration,
        visible: error?.visible !== false,
      };
      this.#finish(status, new AppError(text, shownTitle, duration, status.visible ?? true));
      return;
    }
    if (!isResultOutput(output)) {
      // A cancelled event ends with an empty output.
      this.#finish({ type: "status", stage: "cancelled", ...this.#who() }, new CancelledError());
      return;
    }
    const data = this.#outputData(output, false);
    this.#render(output);
    const event = this.#dataEvent(data, false, output);
    this.#emit(event);
    this.#finish({ type: "status", stage: "complete", ...this.#who() }, null, { data: event.data, ...this.#who() });
  }

  /** A render fn's result rides on its output message, before that message's data. */
  #render(output: OutputPayload): void {
    const renderConfig = output.render_config;
    if (!renderConfig) return;
    this.#onRender?.(renderConfig);
    this.#emit({ type: "render", ...this.#who(), renderConfig });
  }

  /** Full values: the first generating message and the completion carry them; later ones carry edits. */
  #outputData(output: OutputPayload, generating: boolean): unknown[] {
    const incoming = output.data;
    if (generating && this.#latest) {
      const previous = this.#latest;
      this.#latest = incoming.map((edits, index) =>
        isEditList(edits) ? applyDiff(previous[index], edits) : previous[index],
      );
    } else {
      this.#latest = incoming;
    }
    return this.#latest;
  }

  #dataEvent(all: unknown[], generating: boolean, output: OutputPayload): DataEvent {
    // Older Gradio servers leave the field out.
    const changed: unknown = output.changed_state_ids;
    const changedStateIds = Array.isArray(changed) ? changed.filter((id): id is number => typeof id === "number") : [];
    return {
      type: "data",
      ...this.#who(),
      data: all.filter((_, index) => this.#keep(index)),
      generating,
      changedStateIds,
    };
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

/** A generator step's value for one output: the edits from the previous one (not-yet-changed outputs send none). */
function isEditList(value: unknown): value is Edit[] {
  return (
    Array.isArray(value) &&
    value.every(
      (edit) => Array.isArray(edit) && edit.length === 3 && typeof edit[0] === "string" && Array.isArray(edit[1]),
    )
  );
}

function asNumber(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
