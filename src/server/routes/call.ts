/**
 * The REST route: `POST /gradio_api/call/<api>` queues an event, `GET /gradio_api/call/<api>/<event_id>`
 * streams its results as named SSE events (`generating`, `complete`, `error`, `heartbeat`).
 */
import type { FastifyPluginAsync } from "fastify";
import { HttpError } from "../../errors.js";
import type { QueueMessage } from "../../queue/messages.js";
import { dependencyByName, enqueue, newEventId } from "../join.js";
import { pythonJson } from "../python-json.js";
import type { Runtime } from "../runtime.js";
import { keepAlive, openSse } from "../sse.js";

const callBody = {
  type: "object",
  required: ["data"],
  properties: { data: { type: "array", maxItems: 1000 }, session_hash: { type: "string", minLength: 1, maxLength: 256 }, event_data: {} },
} as const;

const apiNameParam = { type: "string", minLength: 1, maxLength: 256 } as const;

function namedEvent(message: QueueMessage): string | null {
  let event: string;
  let data: unknown;
  if (message.msg === "process_completed") {
    event = message.success ? "complete" : "error";
    data = message.success ? (message.output as { data?: unknown }).data ?? null : message.output;
  } else if (message.msg === "process_generating") {
    event = "generating";
    data = message.output.data;
  } else if (message.msg === "heartbeat") {
    event = "heartbeat";
    data = null;
  } else if (message.msg === "unexpected_error") {
    event = "error";
    data = message.message;
  } else return null;
  return `event: ${event}\ndata: ${pythonJson(data)}\n\n`;
}

export const callRoutes = (runtime: Runtime): FastifyPluginAsync => async (fastify) => {
  /** Which session each REST event streams from; held until its stream has been read. */
  const sessions = new Map<string, string>();

  const post = async (request: import("fastify").FastifyRequest) => {
    const { api_name: apiName } = request.params as { api_name: string };
    const body = request.body as { data: unknown[]; session_hash?: string };
    const dependency = dependencyByName(runtime, apiName);
    const eventId = newEventId();
    const sessionHash = body.session_hash ?? eventId;
    await enqueue(runtime, request, `/gradio_api/call/${apiName}`, dependency, body.data, sessionHash, { eventId, simpleFormat: true });
    sessions.set(eventId, sessionHash);
    return { event_id: eventId };
  };
  const postOptions = { schema: { body: callBody, params: { type: "object", properties: { api_name: apiNameParam } } } };
  fastify.post("/gradio_api/call/:api_name", postOptions, post);
  fastify.post("/gradio_api/call/:api_name/", postOptions, post);

  fastify.get(
    "/gradio_api/call/:api_name/:event_id",
    { schema: { params: { type: "object", properties: { api_name: apiNameParam, event_id: { type: "string", maxLength: 64 } } } } },
    async (request, reply) => {
      const { api_name: apiName, event_id: eventId } = request.params as { api_name: string; event_id: string };
      dependencyByName(runtime, apiName);
      const sessionHash = sessions.get(eventId);
      if (!sessionHash || !runtime.channels.has(sessionHash)) throw new HttpError(404, "GRADIO_TS_ERR_SESSION_NOT_FOUND", "Event not found: it has finished and was already read, or it never existed.");
      sessions.delete(eventId);
      const stream = openSse(request, reply);
      keepAlive(stream, () => stream.write("event: heartbeat\ndata: null\n\n"));
      void (async () => {
        for await (const message of runtime.channels.read(sessionHash, stream.signal)) {
          const frame = namedEvent(message);
          if (frame) stream.write(frame);
        }
        if (stream.signal.aborted) runtime.queue.dropSession(sessionHash);
        stream.end();
      })();
      return reply;
    },
  );
};
