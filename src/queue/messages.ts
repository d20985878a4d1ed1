/**
 * The messages of Gradio's sse_v3 protocol, built with keys in Gradio's order. Pure: no I/O here.
 * A success output never has an `error` key and a failure output has only error/duration/visible/title,
 * because both official clients decide success by the mere presence of `error`.
 */
import type { RenderConfig } from "../blocks/config.js";

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

export type ProgressUnit = { index: number | null; length: number | null; unit: string | null; progress: number | null; desc: string | null };
export type LogLevel = "info" | "warning" | "success" | "error";

export type QueueMessage =
  | { msg: "estimation"; event_id: string; rank: number; queue_size: number; rank_eta: number | null }
  | { msg: "process_starts"; event_id: string; eta: number | null }
  | { msg: "progress"; event_id: string; progress_data: ProgressUnit[] }
  | { msg: "log"; event_id: string; log: string; level: LogLevel; duration: number | null; visible: boolean; title: string | null }
  | { msg: "process_generating"; event_id: string; output: OutputPayload; success: true; time_limit: null }
  | { msg: "process_streaming"; event_id: string; output: OutputPayload; success: true; time_limit: number | null }
  | {
      msg: "process_completed";
      event_id: string;
      output: OutputPayload | ErrorPayload | Record<string, never>;
      success: boolean;
      title: string | null;
      used_cache: null;
      cache_duration: number | null;
      avg_time: number | null;
    }
  | { msg: "heartbeat"; event_id: null }
  | { msg: "close_stream"; event_id: null }
  | { msg: "unexpected_error"; event_id: null; message: string; session_not_found: boolean; success: false };

export const estimation = (eventId: string, rank: number, queueSize: number, rankEta: number | null): QueueMessage => ({
  msg: "estimation",
  event_id: eventId,
  rank,
  queue_size: queueSize,
  rank_eta: rankEta,
});

export const processStarts = (eventId: string, eta: number | null): QueueMessage => ({ msg: "process_starts", event_id: eventId, eta });

export const progress = (eventId: string, units: ProgressUnit[]): QueueMessage => ({ msg: "progress", event_id: eventId, progress_data: units });

export const log = (eventId: string, text: string, level: LogLevel, options: { duration?: number | null; visible?: boolean; title?: string | null } = {}): QueueMessage => ({
  msg: "log",
  event_id: eventId,
  log: text,
  level,
  duration: options.duration === undefined ? 10 : options.duration,
  visible: options.visible ?? true,
  title: options.title ?? (level === "warning" ? "Warning" : level === "error" ? "Error" : level === "success" ? "Success" : "Info"),
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
  return { data, is_generating: isGenerating, duration, average_duration: averageDuration, render_config: renderConfig, changed_state_ids: changedStateIds, used_cache: null };
}

export const processGenerating = (eventId: string, output: OutputPayload): QueueMessage => ({ msg: "process_generating", event_id: eventId, output, success: true, time_limit: null });

/** One result of a `.stream()` event (webcam/microphone): full values, never diffs. */
export const processStreaming = (eventId: string, output: OutputPayload, timeLimit: number | null): QueueMessage => ({
  msg: "process_streaming",
  event_id: eventId,
  output,
  success: true,
  time_limit: timeLimit,
});

export const processCompleted = (eventId: string, output: OutputPayload): QueueMessage => ({
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
export const processFailed = (eventId: string, error: ErrorPayload, firstCall: boolean): QueueMessage => ({
  msg: "process_completed",
  event_id: eventId,
  output: error,
  success: false,
  title: firstCall ? (error.title ?? "Error") : null,
  used_cache: null,
  cache_duration: null,
  avg_time: null,
});

/** What a cancelled event ends with: an empty output, as Gradio sends it. */
export const processCancelled = (eventId: string): QueueMessage => ({
  msg: "process_completed",
  event_id: eventId,
  output: {},
  success: true,
  title: null,
  used_cache: null,
  cache_duration: null,
  avg_time: null,
});

export const heartbeat = (): QueueMessage => ({ msg: "heartbeat", event_id: null });
export const closeStream = (): QueueMessage => ({ msg: "close_stream", event_id: null });
export const unexpectedError = (message: string, sessionNotFound: boolean): QueueMessage => ({
  msg: "unexpected_error",
  event_id: null,
  message,
  session_not_found: sessionNotFound,
  success: false,
});

export const SERVER_STOPPED_MESSAGE = "Server stopped unexpectedly.";

/**
 * One SSE frame: exactly `data: <one-line JSON>\n\n`, the only framing Python's client accepts. Strict
 * JSON, as Gradio's own encoder writes it: NaN and ±Infinity become null (the REST route agrees).
 */
export function sseFrame(message: unknown): string {
  return `data: ${JSON.stringify(message)}\n\n`;
}
