/**
 * The direct route: `POST /gradio_api/run/<api_name>` (and `/run/predict` with a `fn_index`) answers
 * with the event's outputs in the response itself, as Gradio's browser app does for events declared
 * with `queue: false`. It is not a side path: the call joins the same queue through `enqueue` (roles,
 * input validation, the file policy, limits, the caller's session State) and this route only waits for
 * the result on a channel of its own, so the caller's session stream never sees these messages.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { Dependency } from "../../blocks/events.js";
import type { QueueMessage } from "../../protocol/messages.js";
import { dependencyByIndex, dependencyByName, enqueue, newEventId } from "../join.js";
import type { Runtime } from "../runtime.js";

const runBody = {
  type: "object",
  required: ["data"],
  properties: {
    data: { type: "array", maxItems: 1000 },
    fn_index: { anyOf: [{ type: "integer", minimum: 0 }, { type: "null" }] },
    session_hash: { anyOf: [{ type: "string", minLength: 1, maxLength: 256 }, { type: "null" }] },
    event_data: {},
    trigger_id: { anyOf: [{ type: "integer" }, { type: "null" }] },
    event_id: {},
    simple_format: { type: "boolean" },
    batched: { type: "boolean" },
  },
} as const;

interface RunBody {
  data: unknown[];
  fn_index?: number | null;
  session_hash?: string | null;
  event_data?: unknown;
}

/** The event a direct call names: by `fn_index` when given (the browser's way), else by api name. */
async function dependencyOf(
  runtime: Runtime,
  apiName: string,
  body: RunBody,
  sessionHash: string,
): Promise<Dependency> {
  if (typeof body.fn_index === "number") return dependencyByIndex(runtime, body.fn_index, sessionHash);
  return dependencyByName(runtime, apiName);
}

/** The job's final message (its outputs or its error), or null when the caller left first. */
async function outcome(
  runtime: Runtime,
  channel: string,
  eventId: string,
  signal: AbortSignal,
): Promise<QueueMessage | null> {
  for await (const message of runtime.channels.read(channel, signal)) {
    if (message.msg === "process_completed" && message.event_id === eventId) return message;
  }
  return null;
}

export const runRoutes =
  (runtime: Runtime): FastifyPluginAsync =>
  async (fastify) => {
    const run = async (request: FastifyRequest, reply: FastifyReply) => {
      const { api_name: apiName } = request.params as { api_name: string };
      const body = request.body as RunBody;
      const eventId = newEventId();
      // Without a session hash the call has a session of its own: its State starts fresh, as in Gradio.
      const sessionHash = body.session_hash ?? eventId;
      const dependency = await dependencyOf(runtime, apiName, body, sessionHash);
      // A channel nobody else knows the name of: only this request reads the call's messages.
      const channel = `run-${newEventId()}`;
      const left = new AbortController();
      const onClose = () => left.abort();
      // The response's close (not the request's, which closes once its body is read) says the caller left.
      reply.raw.once("close", onClose);
      try {
        await enqueue(runtime, request, `/gradio_api/run/${apiName}`, dependency, body.data, sessionHash, {
          eventId,
          eventData: body.event_data ?? null,
          channel,
          simpleFormat: true,
        });
        const message = await outcome(runtime, channel, eventId, left.signal);
        if (!message || message.msg !== "process_completed") {
          // The caller went away: stop the work nobody will read.
          await runtime.queue.dropSession(channel);
          return reply;
        }
        return message.success ? reply.send(message.output) : reply.code(500).send(message.output);
      } finally {
        reply.raw.off("close", onClose);
      }
    };
    const options = {
      schema: {
        body: runBody,
        params: { type: "object", properties: { api_name: { type: "string", minLength: 1, maxLength: 256 } } },
      },
    };
    fastify.post("/gradio_api/run/:api_name", options, run);
    fastify.post("/gradio_api/run/:api_name/", options, run);
  };
