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

/**
 * One store per thread, kept on globalThis: an app worker may load the app's copy of this module apart
 * from its own (another loader, another install), and `gr.Info` there must still find the event.
 */
const STORE = Symbol.for("gradio-ts.eventScope");
const holder = globalThis as typeof globalThis & { [STORE]?: AsyncLocalStorage<EventScope> };
const storage = (holder[STORE] ??= new AsyncLocalStorage<EventScope>());

export function runInEventScope<T>(scope: EventScope, run: () => T): T {
  return storage.run(scope, run);
}

export function currentEventScope(): EventScope | undefined {
  return storage.getStore();
}
