/**
 * The event a piece of code runs for, found without passing it around: `gr.Info("…")` and
 * `new gr.Progress()` work anywhere inside a fn, including in helpers it awaits.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { LogLevel, ProgressUnit } from "../protocol/messages.js";

export interface EventScope {
  eventId: string;
  log(level: LogLevel, text: string, options: { duration?: number | null; visible?: boolean; title?: string }): void;
  progress(units: ProgressUnit[]): void;
}

const storage = new AsyncLocalStorage<EventScope>();

export function runInEventScope<T>(scope: EventScope, run: () => T): T {
  return storage.run(scope, run);
}

export function currentEventScope(): EventScope | undefined {
  return storage.getStore();
}
