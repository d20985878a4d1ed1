/**
 * Streaming inputs (`.stream()` events: webcam frames, microphone chunks). The first chunk joins the
 * queue as usual; while that event runs, the browser posts each next chunk here, and closes the stream
 * when recording stops. With several replicas, a chunk that reaches a replica not running its event
 * is handed on through Redis to the one that does.
 *
 * Only the event's owner (its session, and its user with sign-in) may feed or close it: anything else
 * gets the same 404 as an unknown event, so event ids cannot be probed.
 */
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import { HttpError } from "../../errors.js";
import { callerOf, type EventOwner } from "../../queue/event-owner.js";
import { alignData, prepareInputs } from "../../queue/inputs.js";
import type { Runtime } from "../runtime.js";

const params = {
  type: "object",
  required: ["event_id"],
  properties: { event_id: { type: "string", minLength: 1, maxLength: 64 } },
} as const;
const sessionHashSchema = { anyOf: [{ type: "string", maxLength: 256 }, { type: "null" }] } as const;
const chunkBody = {
  type: "object",
  required: ["data"],
  properties: {
    data: { type: "array", maxItems: 1000 },
    fn_index: { anyOf: [{ type: "integer", minimum: 0 }, { type: "null" }] },
    session_hash: sessionHashSchema,
    event_data: {},
  },
} as const;

class NoSuchStreamError extends HttpError {
  constructor() {
    super(
      404,
      "GRADIO_TS_ERR_SESSION_NOT_FOUND",
      "No running stream event with this id in your session (send your session_hash).",
    );
  }
}

/** The caller, from the `session_hash` of the body (or of the query, for a close sent without a body). */
function streamCaller(request: FastifyRequest): EventOwner {
  const fromBody = (request.body as { session_hash?: unknown } | null | undefined)?.session_hash;
  const fromQuery = (request.query as { session_hash?: unknown } | undefined)?.session_hash;
  const sessionHash = typeof fromBody === "string" ? fromBody : typeof fromQuery === "string" ? fromQuery : "";
  if (sessionHash === "" || sessionHash.length > 256) throw new NoSuchStreamError();
  return callerOf(request, sessionHash);
}

export const streamRoutes =
  (runtime: Runtime): FastifyPluginAsync =>
  async (fastify) => {
    fastify.post("/gradio_api/stream/:event_id", { schema: { params, body: chunkBody } }, async (request) => {
      const { event_id: eventId } = request.params as { event_id: string };
      const body = request.body as { data: unknown[] };
      const caller = streamCaller(request);
      const job = runtime.runner.streams.get(eventId, caller);
      if (!job && runtime.queue.forwardStream) {
        if (await runtime.queue.forwardStream({ eventId, caller, data: body.data })) return { msg: "success" };
        throw new NoSuchStreamError();
      }
      if (!job) throw new NoSuchStreamError();
      const aligned = alignData(job.dependency, body.data);
      const args = await prepareInputs(
        job.dependency,
        aligned,
        job.sessionHash,
        runtime.states,
        runtime.processContext(request, `/gradio_api/stream/${eventId}`),
      );
      if (!runtime.runner.streams.push(eventId, caller, args)) throw new NoSuchStreamError();
      return { msg: "success" };
    });

    fastify.post("/gradio_api/stream/:event_id/close", { schema: { params } }, async (request) => {
      const { event_id: eventId } = request.params as { event_id: string };
      const caller = streamCaller(request);
      if (runtime.runner.streams.close(eventId, caller)) return { msg: "success" };
      if (runtime.queue.forwardStream && (await runtime.queue.forwardStream({ eventId, caller })))
        return { msg: "success" };
      throw new NoSuchStreamError();
    });
  };
