/** One call of one fn, from `queue/join` until its `process_completed`. */
import type { Dependency } from "../blocks/events.js";
import type { GradioRequest } from "../blocks/request.js";

export interface Job {
  eventId: string;
  sessionHash: string;
  dependency: Dependency;
  /** Inputs already validated and preprocessed at join time: what the fn receives. */
  args: unknown[];
  request: GradioRequest;
  /** This request's public URL, for the file URLs in the outputs. */
  rootUrl: string;
  /** The REST route wants full values on every step, never diffs. */
  simpleFormat: boolean;
  abort: AbortController;
  joinedAt: number;
}
