/** Errors of the shared (Redis) backend that reach callers or the person starting the app. */
import { HttpError } from "../../errors.js";

/** A join while the replica cannot reach Redis: 503, so clients say "busy, try again". */
export class QueueUnavailableError extends HttpError {
  override readonly name = "QueueUnavailableError";
  constructor() {
    super(
      503,
      "GRADIO_TS_ERR_QUEUE_STOPPED",
      "The queue is unavailable: this server cannot reach its Redis. Please try again shortly.",
    );
  }
}

/** Redis could not be reached when the app started: launch() fails with this, and the CLI exits. */
export class RedisStartError extends Error {
  override readonly name = "RedisStartError";
}

/** A gr.State value that cannot be kept in Redis (functions, class instances, cycles, Map, Set, …). */
export class StateNotSerializableError extends Error {
  override readonly name = "StateNotSerializableError";
}
