/**
 * Streaming inputs (`.stream()` events: webcam frames, microphone chunks). The first chunk joins the
 * queue as usual; while that event runs, the browser posts each next chunk here, and closes the stream
 * when recording stops. With several replicas, a chunk that reaches a replica not running its event
 * is handed on through Redis to the one that does.
 */
import type { FastifyPluginAsync } from "fastify";
import { alignData, prepareInputs } from "../../queue/inputs.js";
import type { Runtime } from "../runtime.js";

const params = { type: "object", required: ["event_id"], properties: { event_id: { type: "string", minLength: 1, maxLength: 64 } } } as const;
const chunkBody = {
  type: "object",
  required: ["data"],
  properties: {
    data: { type: "array", maxItems: 1000 },
    fn_index: { anyOf: [{ type: "integer", minimum: 0 }, { type: "null" }] },
    session_hash: { anyOf: [{ type: "string", maxLength: 256 }, { type: "null" }] },
    event_data: {},
  },
} as const;

export const streamRoutes = (runtime: Runtime): FastifyPluginAsync => async (fastify) => {
  fastify.post("/gradio_api/stream/:event_id", { schema: { params, body: chunkBody } }, async (request, reply) => {
    const { event_id: eventId } = request.params as { event_id: string };
    const body = request.body as { data: unknown[]; session_hash?: string | null };
    const job = runtime.runner.streams.get(eventId);
    if (!job && runtime.queue.forwardStream) {
      if (await runtime.queue.forwardStream({ eventId, sessionHash: body.session_hash ?? null, data: body.data })) return { msg: "success" };
      return reply.code(404).send();
    }
    // Another session's event id is as unknown as a finished one.
    if (!job || (body.session_hash && body.session_hash !== job.sessionHash)) return reply.code(404).send();
    const aligned = alignData(job.dependency, body.data);
    const args = await prepareInputs(job.dependency, aligned, job.sessionHash, runtime.states, runtime.processContext(request, `/gradio_api/stream/${eventId}`));
    if (!runtime.runner.streams.push(eventId, args)) return reply.code(404).send();
    return { msg: "success" };
  });

  fastify.post("/gradio_api/stream/:event_id/close", { schema: { params } }, async (request, reply) => {
    const { event_id: eventId } = request.params as { event_id: string };
    if (runtime.runner.streams.close(eventId)) return { msg: "success" };
    if (!runtime.queue.forwardStream) return reply.code(404).send();
    await runtime.queue.forwardStream({ eventId, sessionHash: null });
    return { msg: "success" };
  });
};
