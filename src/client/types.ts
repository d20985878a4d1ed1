/**
 * The events a client job emits. What the server sends (config, API info, queue messages) is defined
 * once in src/protocol/.
 */
import type { LogLevel, ProgressUnit, RenderConfig } from "../protocol/index.js";

export type Stage = "pending" | "processing" | "generating" | "complete" | "error" | "cancelled";

export interface StatusEvent {
  type: "status";
  stage: Stage;
  endpoint: string;
  fnIndex: number;
  /** 0-based place in the queue while pending. */
  position?: number | null;
  queueSize?: number | null;
  /** Seconds: until the event starts (pending) or the fn's usual run time (processing). */
  eta?: number | null;
  progress?: ProgressUnit[];
  /** For errors. */
  message?: string;
  title?: string | null;
  duration?: number | null;
  visible?: boolean;
  /** The session stream failed, not the fn. */
  broken?: boolean;
}

export interface DataEvent {
  type: "data";
  endpoint: string;
  fnIndex: number;
  /** One value per output (State outputs included only with `fullOutputs`). */
  data: unknown[];
  /** True while a generator is still yielding. */
  generating: boolean;
  /** The States (by component id) whose value this result changed and that have a `change` listener. */
  changedStateIds: number[];
}

export interface LogEvent {
  type: "log";
  endpoint: string;
  fnIndex: number;
  log: string;
  level: LogLevel;
  duration: number | null;
  visible: boolean;
  title: string | null;
}

/** A render fn finished: `client.config` already holds its blocks and dependencies when this arrives. */
export interface RenderEvent {
  type: "render";
  endpoint: string;
  fnIndex: number;
  renderConfig: RenderConfig;
}

export type JobEvent = StatusEvent | DataEvent | LogEvent | RenderEvent;

/** `fetch` as the client uses it; pass your own to add credentials, retries or a test double. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;
