/** One call of one fn, from `queue/join` until its `process_completed`. */
import type { Dependency } from "../blocks/events.js";
import type { GradioRequest } from "../blocks/request.js";

export interface QueuedCall {
  eventId: string;
  /**
   * Where the job's messages go. The caller's session (whose State and renders the job uses) is
   * `request.sessionHash`; the two differ only for a direct call (`/run/predict`), which reads its own.
   */
  sessionHash: string;
  dependency: Dependency;
  /**
   * The caller's values as they came on the wire, one per input (State positions null), checked at
   * join. A waiting job holds only these; they are preprocessed once, when the job starts, by the
   * process that runs it (see src/queue/inputs.ts).
   */
  data: unknown[];
  /** 1 for the first run; 2 when a replica died while running it and another runs it again. */
  attempt?: number;
  request: GradioRequest;
  /** What the browser says about the event (`{ index, value, selected }` for a select…), or null. */
  eventData: unknown;
  /** This request's public URL, for the file URLs in the outputs. */
  rootUrl: string;
  /** The REST route wants full values on every step, never diffs. */
  simpleFormat: boolean;
  abort: AbortController;
  joinedAt: number;
}
