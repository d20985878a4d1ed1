/** Gradio's queue protocol (sse_v3): join, the per-session stream, cancel, reset, heartbeat. */
import type { FastifyPluginAsync } from "fastify";
import { BadRequestError } from "../../errors.js";
import { callerOf } from "../../queue/event-owner.js";
import * as messages from "../../protocol/messages.js";
import { sseFrame } from "../../protocol/sse.js";
import { dependencyByIndex, enqueue } from "../join.js";
import type { Runtime } from "../runtime.js";
import { EVENT_STREAM_ROUTE, Heartbeats, openSse, type SseStream } from "../sse.js";
import { runUnloadEvents } from "../unload.js";

const sessionHashSchema = { type: "string", minLength: 1, maxLength: 256 } as const;

const joinBody = {
  type: "object",
  required: ["data"],
  properties: {
    data: { type: "array", maxItems: 1000 },
    fn_index: { anyOf: [{ type: "integer", minimum: 0 }, { type: "null" }] },
    session_hash: { anyOf: [sessionHashSchema, { type: "null" }] },
    event_data: {},
    trigger_id: { anyOf: [{ type: "integer" }, { type: "null" }] },
    event_id: { anyOf: [{ type: "string", maxLength: 64 }, { type: "null" }] },
    oauth_token: {},
    simple_format: { type: "boolean" },
    batched: { type: "boolean" },
  },
} as const;

interface JoinBody {
  data: unknown[];
  fn_index?: number | null;
  session_hash?: string | null;
  event_data?: unknown;
}

/**
 * Sends the session's messages down its stream until its last event completes. Holds only the stream
 * and the session's id while the caller waits: not the request, whose objects go once it is answered.
 */
async function relaySession(runtime: Runtime, sessionHash: string, stream: SseStream): Promise<void> {
  for await (const message of runtime.channels.read(sessionHash, stream.signal)) stream.write(sseFrame(message));
  if (stream.signal.aborted) {
    await runtime.queue.dropSession(sessionHash);
    return;
  }
  stream.write(sseFrame(messages.closeStream()));
  stream.end();
}

export const queueRoutes =
  (runtime: Runtime): FastifyPluginAsync =>
  async (fastify) => {
    const heartbeats = new Heartbeats(runtime.settings.heartbeatMs);
    fastify.post("/gradio_api/queue/join", { schema: { body: joinBody } }, async (request) => {
      const body = request.body as JoinBody;
      if (!body.session_hash) throw new BadRequestError("Session hash not found.");
      if (body.fn_index === undefined || body.fn_index === null)
        throw new BadRequestError("No function index provided.");
      const dependency = await dependencyByIndex(runtime, body.fn_index, body.session_hash);
      const job = await enqueue(runtime, request, "/gradio_api/queue/join", dependency, body.data, body.session_hash, {
        eventData: body.event_data,
      });
      const answer: messages.JoinAnswer = { event_id: job.eventId };
      return answer;
    });

    fastify.get(
      "/gradio_api/queue/data",
      {
        ...EVENT_STREAM_ROUTE,
        schema: {
          querystring: { type: "object", required: ["session_hash"], properties: { session_hash: sessionHashSchema } },
        },
      },
      async (request, reply) => {
        const { session_hash: sessionHash } = request.query as { session_hash: string };
        const known = await runtime.channels.has(sessionHash);
        const stream = openSse(request, reply);
        if (!known) {
          stream.write(sseFrame(messages.unexpectedError("404: Not Found", true)));
          stream.end();
          return reply;
        }
        heartbeats.add(stream, () => stream.write(sseFrame(messages.heartbeat())));
        void relaySession(runtime, sessionHash, stream).catch((error: unknown) => {
          fastify.log.error({ err: error, endpoint: "/gradio_api/queue/data" }, "session stream failed");
          stream.write(sseFrame(messages.unexpectedError("An internal error occurred.", false)));
          stream.end();
        });
        return reply;
      },
    );

    const cancelBody = {
      type: "object",
      required: ["session_hash", "fn_index", "event_id"],
      properties: {
        session_hash: sessionHashSchema,
        fn_index: { type: "integer", minimum: 0 },
        event_id: { type: "string", maxLength: 64 },
      },
    } as const;
    fastify.post("/gradio_api/cancel", { schema: { body: cancelBody } }, async (request) => {
      const { session_hash, fn_index, event_id } = request.body as {
        session_hash: string;
        fn_index: number;
        event_id: string;
      };
      const cancelled = await runtime.queue.cancel(callerOf(request, session_hash), fn_index, event_id);
      // As Gradio, the answer is the same whether or not there was anything of the caller's to cancel
      // (an event that has just finished, or another session's): it tells nothing about other sessions.
      if (cancelled) request.log.info({ event: "cancel", eventId: event_id }, "event cancelled");
      else
        request.log.info(
          { event: "cancel-ignored", eventId: event_id },
          "cancel ignored: no such event of this session is waiting or running",
        );
      return { success: true };
    });

    const resetBody = {
      type: "object",
      required: ["event_id"],
      properties: { event_id: { type: "string", maxLength: 64 } },
    } as const;
    const reset = async () => ({ success: true });
    fastify.post("/gradio_api/reset", { schema: { body: resetBody } }, reset);
    fastify.post("/gradio_api/reset/", { schema: { body: resetBody } }, reset);

    fastify.get(
      "/gradio_api/heartbeat/:session_hash",
      {
        ...EVENT_STREAM_ROUTE,
        schema: { params: { type: "object", properties: { session_hash: sessionHashSchema } } },
      },
      async (request, reply) => {
        const stream = openSse(request, reply);
        stream.write("data: ALIVE\n\n");
        heartbeats.add(stream, () => stream.write("data: ALIVE\n\n"));
        const { session_hash: sessionHash } = request.params as { session_hash: string };
        reply.raw.once("close", () => void runUnloadEvents(runtime, request, sessionHash));
        return reply;
      },
    );

    fastify.get("/gradio_api/queue/status", async () => ({
      msg: "estimation",
      event_id: null,
      rank: null,
      queue_size: runtime.queue.size,
      rank_eta: null,
    }));
  };
