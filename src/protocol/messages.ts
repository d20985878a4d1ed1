/**
 * The messages of Gradio's sse_v3 protocol: their types, which the server builds and the clients read,
 * and the functions that build them with keys in Gradio's order. Pure: no I/O here.
 * A success output never has an `error` key and a failure output has only error/duration/visible/title,
 * because both official clients decide success by the mere presence of `error`.
 */
import type { RenderConfig } from "./config.js";

export interface OutputPayload {
  data: unknown[];
  is_generating: boolean;
  duration: number | null;
  average_duration: number | null;
  /** What a gr.render fn built, on the completion of its event (see `renderConfig`). */
  render_config: RenderConfig | null;
  changed_state_ids: number[];
  used_cache: null;
}

export interface ErrorPayload {
  error: string | null;
  duration?: number | null;
  visible?: boolean;
  title?: string;
}

export interface ProgressUnit {
  index: number | null;
  length: number | null;
  unit: string | null;
  progress: number | null;
  desc: string | null;
}

export type LogLevel = "info" | "warning" | "success" | "error";

/** What a cancelled event ends with: an empty output, as Gradio sends it. */
export type EmptyOutput = Record<string, never>;

/** The output of a `process_completed`: the result, the failure, or nothing (cancelled). */
export type CompletedOutput = OutputPayload | ErrorPayload | EmptyOutput;

export interface EstimationMessage {
  msg: "estimation";
  event_id: string;
  /** Gradio leaves it null when the event's place is not known. */
  rank: number | null;
  queue_size: number;
  rank_eta: number | null;
}
export interface ProcessStartsMessage {
  msg: "process_starts";
  event_id: string;
  eta: number | null;
}
export interface ProgressMessage {
  msg: "progress";
  event_id: string;
  progress_data: ProgressUnit[];
}
export interface LogMessage {
  msg: "log";
  event_id: string;
  log: string;
  level: LogLevel;
  duration: number | null;
  visible: boolean;
  title: string | null;
}
/** A generator's step: the first carries full values, later ones carry edits per output (see `diff`). */
export interface ProcessGeneratingMessage {
  msg: "process_generating";
  event_id: string;
  output: OutputPayload;
  success: true;
  time_limit: null;
}
/** One result of a `.stream()` event (webcam/microphone): full values, never edits. */
export interface ProcessStreamingMessage {
  msg: "process_streaming";
  event_id: string;
  output: OutputPayload;
  success: true;
  time_limit: number | null;
}
export interface ProcessCompletedMessage {
  msg: "process_completed";
  event_id: string;
  output: CompletedOutput;
  success: boolean;
  title: string | null;
  used_cache: "full" | "partial" | null;
  cache_duration: number | null;
  avg_time: number | null;
}
export interface HeartbeatMessage {
  msg: "heartbeat";
  event_id: null;
}
export interface CloseStreamMessage {
  msg: "close_stream";
  event_id: null;
}
/** For every event of the session (`event_id` null): the stream itself failed. */
export interface UnexpectedErrorMessage {
  msg: "unexpected_error";
  event_id: null;
  message: string;
  session_not_found: boolean;
  success: false;
}

export type QueueMessage =
  | EstimationMessage
  | ProcessStartsMessage
  | ProgressMessage
  | LogMessage
  | ProcessGeneratingMessage
  | ProcessStreamingMessage
  | ProcessCompletedMessage
  | HeartbeatMessage
  | CloseStreamMessage
  | UnexpectedErrorMessage;

export type QueueMessageKind = QueueMessage["msg"];

/** Every kind, once: a `Record` so that a kind added to the union without being listed fails to compile. */
const KINDS: Record<QueueMessageKind, true> = {
  estimation: true,
  process_starts: true,
  progress: true,
  log: true,
  process_generating: true,
  process_streaming: true,
  process_completed: true,
  heartbeat: true,
  close_stream: true,
  unexpected_error: true,
};
export const QUEUE_MESSAGE_KINDS = Object.keys(KINDS) as readonly QueueMessageKind[];

export function isQueueMessageKind(value: unknown): value is QueueMessageKind {
  return typeof value === "string" && Object.hasOwn(KINDS, value);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const LOG_LEVELS: readonly unknown[] = ["info", "warning", "success", "error"] satisfies LogLevel[];
const carriesResults = (output: unknown) => isObject(output) && Array.isArray(output.data);

/** The fields a reader builds on, per kind: a message without them is not one of ours. */
const STRUCTURE: Partial<Record<QueueMessageKind, (message: Record<string, unknown>) => boolean>> = {
  progress: (message) => Array.isArray(message.progress_data),
  log: (message) => typeof message.log === "string" && LOG_LEVELS.includes(message.level),
  process_generating: (message) => carriesResults(message.output),
  process_streaming: (message) => carriesResults(message.output),
  process_completed: (message) => isObject(message.output) && typeof message.success === "boolean",
  unexpected_error: (message) => typeof message.message === "string",
};

/**
 * A value that names a known kind, carries an `event_id` (a string, or null for the session-wide
 * kinds) and has the structure its kind's readers build on (lists are lists, outputs are objects).
 * Scalar fields stay the server's word: readers still check the numbers they compute with.
 */
export function isQueueMessage(value: unknown): value is QueueMessage {
  if (!isObject(value) || !isQueueMessageKind(value.msg)) return false;
  if (typeof value.event_id !== "string" && value.event_id !== null) return false;
  return STRUCTURE[value.msg]?.(value) ?? true;
}

/** The answer to `POST queue/join`: the id the event's messages carry. */
export interface JoinAnswer {
  event_id: string;
}

export function isJoinAnswer(value: unknown): value is JoinAnswer {
  return isObject(value) && typeof value.event_id === "string";
}

/** What a direct (unqueued) call answers with: an output object, shaped as a completion's. */
export function isCompletedOutput(value: unknown): value is CompletedOutput {
  return isObject(value);
}

/** A completion's output is a failure exactly when it has an `error` key (what both official clients test). */
export function isErrorOutput(output: CompletedOutput): output is ErrorPayload {
  return "error" in output;
}

/** A completion's output carries results (a cancelled event's empty output does not). */
export function isResultOutput(output: CompletedOutput): output is OutputPayload {
  return "data" in output && Array.isArray(output.data);
}

export const estimation = (
  eventId: string,
  rank: number,
  queueSize: number,
  rankEta: number | null,
): EstimationMessage => ({
  msg: "estimation",
  event_id: eventId,
  rank,
  queue_size: queueSize,
  rank_eta: rankEta,
});

export const processStarts = (eventId: string, eta: number | null): ProcessStartsMessage => ({
  msg: "process_starts",
  event_id: eventId,
  eta,
});

export const progress = (eventId: string, units: ProgressUnit[]): ProgressMessage => ({
  msg: "progress",
  event_id: eventId,
  progress_data: units,
});

export const log = (
  eventId: string,
  text: string,
  level: LogLevel,
  options: { duration?: number | null; visible?: boolean; title?: string | null } = {},
): LogMessage => ({
  msg: "log",
  event_id: eventId,
  log: text,
  level,
  duration: options.duration === undefined ? 10 : options.duration,
  visible: options.visible ?? true,
  title:
    options.title ??
    (level === "warning" ? "Warning" : level === "error" ? "Error" : level === "success" ? "Success" : "Info"),
});

/** `changedStateIds`: the States with a `change` listener whose value this output changed (see StateChanges). */
export function outputPayload(
  data: unknown[],
  isGenerating: boolean,
  duration: number | null,
  averageDuration: number | null,
  renderConfig: RenderConfig | null = null,
  changedStateIds: number[] = [],
): OutputPayload {
  return {
    data,
    is_generating: isGenerating,
    duration,
    average_duration: averageDuration,
    render_config: renderConfig,
    changed_state_ids: changedStateIds,
    used_cache: null,
  };
}

export const processGenerating = (eventId: string, output: OutputPayload): ProcessGeneratingMessage => ({
  msg: "process_generating",
  event_id: eventId,
  output,
  success: true,
  time_limit: null,
});

export const processStreaming = (
  eventId: string,
  output: OutputPayload,
  timeLimit: number | null,
): ProcessStreamingMessage => ({
  msg: "process_streaming",
  event_id: eventId,
  output,
  success: true,
  time_limit: timeLimit,
});

export const processCompleted = (eventId: string, output: OutputPayload): ProcessCompletedMessage => ({
  msg: "process_completed",
  event_id: eventId,
  output,
  success: true,
  title: null,
  used_cache: null,
  cache_duration: output.duration,
  avg_time: output.average_duration,
});

/** `firstCall` false once the fn has generated: Gradio then leaves the title out. */
export const processFailed = (eventId: string, error: ErrorPayload, firstCall: boolean): ProcessCompletedMessage => ({
  msg: "process_completed",
  event_id: eventId,
  output: error,
  success: false,
  title: firstCall ? (error.title ?? "Error") : null,
  used_cache: null,
  cache_duration: null,
  avg_time: null,
});

/** A cancelled event ends with an empty output. */
export const processCancelled = (eventId: string): ProcessCompletedMessage => ({
  msg: "process_completed",
  event_id: eventId,
  output: {},
  success: true,
  title: null,
  used_cache: null,
  cache_duration: null,
  avg_time: null,
});

export const heartbeat = (): HeartbeatMessage => ({ msg: "heartbeat", event_id: null });
export const closeStream = (): CloseStreamMessage => ({ msg: "close_stream", event_id: null });
export const unexpectedError = (message: string, sessionNotFound: boolean): UnexpectedErrorMessage => ({
  msg: "unexpected_error",
  event_id: null,
  message,
  session_not_found: sessionNotFound,
  success: false,
});

export const SERVER_STOPPED_MESSAGE = "Server stopped unexpectedly.";
