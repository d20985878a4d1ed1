// Type tests for the wire protocol: `npm run typecheck` compiles this file; every `@ts-expect-error`
// line must fail to compile, or the check itself fails. Nothing here runs.
import { sseFrame, type DependencyConfig, type QueueMessage } from "../../src/protocol/index.js";
import * as messages from "../../src/protocol/messages.js";

export function narrowing(message: QueueMessage): unknown {
  // @ts-expect-error: only a progress message has progress_data, so it must be narrowed first
  void message.progress_data;
  switch (message.msg) {
    case "progress":
      return message.progress_data.map((unit) => unit.desc);
    case "log":
      return message.level === "warning" ? message.title : message.log;
    case "process_completed":
      // @ts-expect-error: a completion's output may be a failure or empty, which have no data
      return message.output.data;
    case "unexpected_error":
      return message.session_not_found;
    default:
      // @ts-expect-error: no message kind outside the union
      return message.msg === "send_hash";
  }
}

export function building(): string[] {
  const frames = [sseFrame(messages.heartbeat()), sseFrame(messages.progress("e", []))];
  // @ts-expect-error: a frame holds a protocol message, not any value
  frames.push(sseFrame({ msg: "progress" }));
  // @ts-expect-error: an event message carries its event id
  const orphan: QueueMessage = { msg: "process_starts", eta: null };
  void orphan;
  return frames;
}

export function dependencyShape(dependency: DependencyConfig): DependencyConfig {
  // @ts-expect-error: show_progress is one of Gradio's three modes
  const wrong: DependencyConfig = { ...dependency, show_progress: "sometimes" };
  void wrong;
  // @ts-expect-error: a dependency always names its trigger mode
  const missing: DependencyConfig = { ...dependency, trigger_mode: undefined };
  void missing;
  return dependency;
}
