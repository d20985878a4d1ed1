/** `gr.Info`, `gr.Warning`, `gr.Success`: toasts for the caller of the current event. */
import { currentEventScope } from "./event-scope.js";
import type { LogLevel } from "../protocol/messages.js";

export interface NotifyOptions {
  /** Seconds on screen; `null` keeps it until dismissed. */
  duration?: number | null;
  visible?: boolean;
  title?: string;
}

function notify(level: LogLevel, message: string, options: NotifyOptions = {}): void {
  const scope = currentEventScope();
  if (scope) scope.log(level, message, options);
  else console.warn(`[gradio-ts] ${level} outside an event (nobody to show it to): ${message}`);
}

export const Info = (message: string, options?: NotifyOptions) => notify("info", message, options);
export const Warning = (message: string, options?: NotifyOptions) => notify("warning", message, options);
export const Success = (message: string, options?: NotifyOptions) => notify("success", message, options);
