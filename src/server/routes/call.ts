/**
 * The REST route: `POST /gradio_api/call/<api>` queues an event, `GET /gradio_api/call/<api>/<event_id>`
 * streams its results as named SSE events (`generating`, `complete`, `error`, `heartbeat`).
 */
import { Ajv } from "ajv";
import type { FastifyPluginAsync, FastifySchema } from "fastify";
import { endpointParameters } from "../../blocks/api-info.js";
import type { Dependency } from "../../blocks/events.js";
import { HttpError } from "../../errors.js";
import { callerOf } from "../../queue/event-owner.js";
import { isResultOutput, type QueueMessage } from "../../protocol/messages.js";
import { dependencyByName, enqueue, newEventId } from "../join.js";
import { pythonJson } from "../python-json.js";
import type { Runtime } from "../runtime.js";
import { compiledOnFirstUse } from "../lazy-validation.js";
import { EVENT_STREAM_ROUTE, Heartbeats, openSse } from "../sse.js";

const callBody = {
  type: "object",
  required: ["data"],
  properties: {
    data: { type: "array", maxItems: 1000 },
    session_hash: { type: "string", minLength: 1, maxLength: 256 },
    event_data: {},
  },
} as const;

/** `call/v2`: named inputs, as `/info` names them (`parameter_name`). */
const callV2Body = { type: "object", maxProperties: 1000 } as const;

/** Schema-level problems with named inputs, in the shape Fastify's own validation answers use. */
class NamedInputsError extends Error {
  constructor(readonly detail: { type: string; loc: string[]; msg: string }[]) {
    super(detail.map((d) => d.msg).join("; "));
  }
}

/** Named inputs → one value per API input, defaults filled in; unknown or missing names are refused. */
export function namedToPositional(dependency: Dependency, body: Record<string, unknown>): unknown[] {
  const parameters = endpointParameters(dependency);
  const known = new Set(parameters.map((p) => p.parameter_name));
  const problems: { type: string; loc: string[]; msg: string }[] = [];
  for (const key of Object.keys(body)) {
    if (!known.has(key))
      problems.push({
        type: "extra_forbidden",
        loc: ["body", key],
        msg: `/${dependency.apiName} has no parameter "${key}" (it takes: ${[...known].join(", ") || "nothing"}).`,
      });
  }
  const values = parameters.map((p) => {
    if (Object.hasOwn(body, p.parameter_name)) return body[p.parameter_name];
    if (!p.parameter_has_default)
      problems.push({ type: "missing", loc: ["body", p.parameter_name], msg: "Field required" });
    return p.parameter_default;
  });
  if (problems.length > 0) throw new NamedInputsError(problems);
  return values;
}

/**
 * The call routes check bodies as written, without Fastify's default type coercion (which would turn
 * `"data": null` into `[null]` or a numeric session hash into a string): what the OpenAPI document
 * calls invalid is refused with 422.
 */
const strictAjv = new Ajv({
  coerceTypes: false,
  useDefaults: false,
  removeAdditional: false,
  allErrors: false,
  strict: false,
});
const strictValidator = ({ schema }: { schema: FastifySchema }) =>
  compiledOnFirstUse(schema as object, () => strictAjv.compile(schema as object));

const apiNameParam = { type: "string", minLength: 1, maxLength: 256 } as const;

function namedEvent(message: QueueMessage): string | null {
  let event: string;
  let data: unknown;
  if (message.msg === "process_completed") {
    event = message.success ? "complete" : "error";
    data = message.success ? (isResultOutput(message.output) ? message.output.data : null) : message.output;
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

export const callRoutes =
  (runtime: Runtime): FastifyPluginAsync =>
  async (fastify) => {
    // Which session each REST event streams from is kept by the channels (shared between replicas with
    // redisUrl) until its stream has been read: bindEvent / takeEvent.
    const heartbeats = new Heartbeats(runtime.settings.heartbeatMs);

    const post = async (request: import("fastify").FastifyRequest) => {
      const { api_name: apiName } = request.params as { api_name: string };
      const body = request.body as { data: unknown[]; session_hash?: string };
      const dependency = dependencyByName(runtime, apiName);
      const eventId = newEventId();
      const sessionHash = body.session_hash ?? eventId;
      await enqueue(runtime, request, `/gradio_api/call/${apiName}`, dependency, body.data, sessionHash, {
        eventId,
        simpleFormat: true,
      });
      await runtime.channels.bindEvent(eventId, callerOf(request, sessionHash));
      return { event_id: eventId };
    };
    const postOptions = {
      schema: { body: callBody, params: { type: "object", properties: { api_name: apiNameParam } } },
      validatorCompiler: strictValidator,
    };
    fastify.post("/gradio_api/call/:api_name", postOptions, post);
    fastify.post("/gradio_api/call/:api_name/", postOptions, post);

    const postV2 = async (request: import("fastify").FastifyRequest, reply: import("fastify").FastifyReply) => {
      const { api_name: apiName } = request.params as { api_name: string };
      const dependency = dependencyByName(runtime, apiName);
      let data: unknown[];
      try {
        data = namedToPositional(dependency, request.body as Record<string, unknown>);
      } catch (error) {
        if (error instanceof NamedInputsError) return reply.code(422).send({ detail: error.detail });
        throw error;
      }
      const eventId = newEventId();
      await enqueue(runtime, request, `/gradio_api/call/v2/${apiName}`, dependency, data, eventId, {
        eventId,
        simpleFormat: true,
      });
      await runtime.channels.bindEvent(eventId, callerOf(request, eventId));
      return { event_id: eventId };
    };
    const postV2Options = {
      schema: { body: callV2Body, params: { type: "object", properties: { api_name: apiNameParam } } },
      validatorCompiler: strictValidator,
    };
    fastify.post("/gradio_api/call/v2/:api_name", postV2Options, postV2);
    fastify.post("/gradio_api/call/v2/:api_name/", postV2Options, postV2);

    const results = async (request: import("fastify").FastifyRequest, reply: import("fastify").FastifyReply) => {
      const { api_name: apiName, event_id: eventId } = request.params as { api_name: string; event_id: string };
      dependencyByName(runtime, apiName);
      // Another signed-in user's event is as unknown as a finished one (and stays for its owner).
      const sessionHash = await runtime.channels.takeEvent(eventId, request.gradioUser?.username ?? null);
      if (!sessionHash || !(await runtime.channels.has(sessionHash)))
        throw new HttpError(
          404,
          "GRADIO_TS_ERR_SESSION_NOT_FOUND",
          "Event not found: it has finished and was already read, or it never existed.",
        );
      const stream = openSse(request, reply);
      heartbeats.add(stream, () => stream.write("event: heartbeat\ndata: null\n\n"));
      void (async () => {
        for await (const message of runtime.channels.read(sessionHash, stream.signal)) {
          const frame = namedEvent(message);
          if (frame) stream.write(frame);
        }
        if (stream.signal.aborted) await runtime.queue.dropSession(sessionHash);
        stream.end();
      })().catch((error: unknown) => {
        request.log.error({ err: error }, "event stream failed");
        stream.end();
      });
      return reply;
    };
    const resultsOptions = {
      ...EVENT_STREAM_ROUTE,
      schema: {
        params: { type: "object", properties: { api_name: apiNameParam, event_id: { type: "string", maxLength: 64 } } },
      },
    };
    fastify.get("/gradio_api/call/:api_name/:event_id", resultsOptions, results);
    fastify.get("/gradio_api/call/v2/:api_name/:event_id", resultsOptions, results);
  };
