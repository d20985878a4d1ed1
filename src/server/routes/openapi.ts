/**
 * `GET /gradio_api/openapi.json`: an OpenAPI 3.1 document of the REST call routes (`call/<api>`,
 * `call/v2/<api>`, `call/<api>/<event_id>`), upload and file download, built from the same component
 * schemas `/gradio_api/info` publishes. Like `/info`, it lists only the endpoints the caller may run.
 */
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import { buildApiInfo } from "../../blocks/api-info.js";
import type { ApiEndpointInfo } from "../../protocol/api-info.js";
import { DefsTable, type Schema } from "../../mcp/schema.js";
import { callableBy } from "../../security/roles.js";
import type { Runtime } from "../runtime.js";

const GRADIO_TS_VERSION = "0.1.0";

const errorBody = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/HTTPError" } } },
});

/** The answers any call route may give besides 200. */
const CALL_ERRORS = {
  "400": errorBody("The request is malformed (e.g. not JSON, wrong number of inputs)."),
  "401": errorBody("Sign-in is required: send the session cookie or `Authorization: Bearer <API token>`."),
  "403": errorBody("The caller lacks a role this endpoint requires."),
  "404": errorBody("No such endpoint."),
  "413": errorBody("The request body is too large."),
  "415": errorBody("The body is not JSON."),
  "422": errorBody("An input failed validation; `detail` names it."),
  "429": errorBody("Too many requests; see Retry-After."),
  "503": errorBody("The queue is full or stopping."),
};

const EVENT_STREAM_DOC =
  "Server-sent events: `event: generating` (data: the outputs so far, as a JSON list), `event: complete` (data: the final outputs), " +
  "`event: error` (data: an error object or message), `event: heartbeat` (data: null). The stream ends after the event completes. " +
  "Every data line is strict JSON: NaN and ±Infinity in outputs are sent as null.";

const URI_TOO_LONG = {
  description: "A path parameter is longer than the server accepts.",
  content: { "application/json": { schema: { type: "object" } } },
};

function pathParams(name: string, description: string) {
  return [{ name, in: "path", required: true, description, schema: { type: "string", minLength: 1, maxLength: 64 } }];
}

/** A valid OpenAPI operationId from an api name (names may hold any letter; ids are kept ASCII). */
function operationId(prefix: string, apiName: string): string {
  return `${prefix}_${apiName.replace(/[^A-Za-z0-9_]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`)}`;
}

export interface OpenApiOptions {
  title: string;
  serverUrl: string;
  endpoints: Record<string, ApiEndpointInfo>;
}

export function buildOpenApi({ title, serverUrl, endpoints }: OpenApiOptions): Record<string, unknown> {
  const defs = new DefsTable("#/components/schemas/");
  const paths: Record<string, unknown> = {};
  for (const [key, endpoint] of Object.entries(endpoints)) {
    const apiName = key.replace(/^\//, "");
    const encoded = encodeURIComponent(apiName);
    const parameters = endpoint.parameters.map((p) => {
      const schema = defs.lift(p.type);
      // As with Gradio's own clients, null stands for an empty input (the fn receives null).
      const described: Schema = { anyOf: [schema, { type: "null" }], title: p.label };
      if (typeof schema.description === "string") described.description = schema.description;
      if (p.parameter_has_default) described.default = p.parameter_default;
      return { name: p.parameter_name, schema: described, required: !p.parameter_has_default };
    });
    const returns = endpoint.returns.map((r) => ({ ...defs.lift(r.type), title: r.label }));
    const summary = endpoint.description || `Calls /${apiName}`;
    const eventIdResponse = {
      description: "The call is queued; read its results from the GET route with this event id.",
      content: { "application/json": { schema: { $ref: "#/components/schemas/EventId" } } },
    };
    paths[`/gradio_api/call/${encoded}`] = {
      post: {
        operationId: operationId("call", apiName),
        summary,
        description: `Queues a call of /${apiName} with positional inputs. Outputs, in order: ${returns.map((r) => r.title).join(", ") || "none"}.`,
        tags: ["call"],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["data"],
                properties: {
                  data: {
                    type: "array",
                    prefixItems: parameters.map((p) => p.schema),
                    minItems: parameters.length,
                    maxItems: parameters.length,
                    items: false,
                  },
                  session_hash: {
                    type: "string",
                    minLength: 1,
                    maxLength: 256,
                    description: "Share gr.State between calls by reusing a session hash.",
                  },
                },
              },
            },
          },
        },
        responses: { "200": eventIdResponse, ...CALL_ERRORS },
      },
    };
    paths[`/gradio_api/call/v2/${encoded}`] = {
      post: {
        operationId: operationId("call_v2", apiName),
        summary,
        description: `Queues a call of /${apiName} with named inputs (parameters with a default may be left out).`,
        tags: ["call"],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema])),
                required: parameters.filter((p) => p.required).map((p) => p.name),
                additionalProperties: false,
              },
            },
          },
        },
        responses: { "200": eventIdResponse, ...CALL_ERRORS },
      },
    };
    const results = {
      get: {
        operationId: operationId("results", apiName),
        summary: `Results of a queued /${apiName} call`,
        description: EVENT_STREAM_DOC,
        tags: ["call"],
        parameters: pathParams("event_id", "The id the POST returned."),
        responses: {
          "200": {
            description: EVENT_STREAM_DOC,
            content: { "text/event-stream": { schema: { $ref: "#/components/schemas/CallEvent" } } },
          },
          "401": CALL_ERRORS["401"],
          "404": errorBody("No such endpoint, or the event finished and was already read, or never existed."),
          "414": URI_TOO_LONG,
          "422": CALL_ERRORS["422"],
        },
      },
    };
    paths[`/gradio_api/call/${encoded}/{event_id}`] = results;
    paths[`/gradio_api/call/v2/${encoded}/{event_id}`] = {
      get: { ...results.get, operationId: operationId("results_v2", apiName) },
    };
  }

  paths["/gradio_api/upload"] = {
    post: {
      operationId: "upload",
      summary: "Uploads files",
      description:
        'Stores each `files` part in the server\'s file cache and answers with the server paths, in order. Pass a path in an input as `{"path": <path>, "meta": {"_type": "gradio.FileData"}}`.',
      tags: ["files"],
      requestBody: {
        required: true,
        content: {
          "multipart/form-data": {
            // Every part named `files` is a file; in multipart any bytes are a file, so no type is claimed.
            schema: {
              type: "object",
              properties: {
                files: {
                  description: "One part per file, each named `files`.",
                  contentMediaType: "application/octet-stream",
                },
              },
              required: ["files"],
            },
            encoding: { files: { contentType: "application/octet-stream" } },
          },
        },
      },
      responses: {
        "200": {
          description: "The stored paths.",
          content: { "application/json": { schema: { type: "array", items: { type: "string" } } } },
        },
        "400": errorBody("Not a multipart body, or a malformed one."),
        "401": CALL_ERRORS["401"],
        "413": errorBody("A file or part header is larger than allowed."),
        "415": errorBody("Unsupported content type."),
        "422": CALL_ERRORS["422"],
        "429": CALL_ERRORS["429"],
      },
    },
  };
  paths["/gradio_api/file={path}"] = {
    get: {
      operationId: "file",
      summary: "Downloads a file",
      description:
        "A file the app handed out (an output's `url`) or one it allows (uploads, allowed paths). Supports `Range`.",
      tags: ["files"],
      parameters: [
        {
          name: "path",
          in: "path",
          required: true,
          description: "The file's server path, as in an output's `path`.",
          schema: { type: "string", minLength: 1, maxLength: 1024 },
        },
      ],
      responses: {
        "200": { description: "The file.", content: { "*/*": { schema: {} } } },
        "206": { description: "Part of the file (a Range request).", content: { "*/*": { schema: {} } } },
        "401": CALL_ERRORS["401"],
        "403": errorBody("The file does not exist or may not be served."),
        "404": errorBody("Not found."),
        "414": URI_TOO_LONG,
        "416": { description: "The requested range cannot be satisfied.", content: { "*/*": { schema: {} } } },
      },
    },
  };

  return {
    openapi: "3.1.0",
    info: {
      title: `${title} API`,
      version: GRADIO_TS_VERSION,
      description:
        "Call the app's endpoints over HTTP: POST to `/gradio_api/call/<api>` (a list of inputs) or `/gradio_api/call/v2/<api>` (named inputs), " +
        "then GET `/gradio_api/call/<api>/<event_id>` for the results as server-sent events. Files are uploaded first with `/gradio_api/upload`.",
    },
    servers: [{ url: serverUrl }],
    tags: [
      { name: "call", description: "Run the app's endpoints." },
      { name: "files", description: "Upload and download files." },
    ],
    paths,
    components: {
      schemas: {
        ...defs.defs,
        CallEvent: {
          description: "One server-sent event of a call's result stream; `data` is JSON text.",
          type: "object",
          required: ["event"],
          properties: {
            event: { type: "string", enum: ["generating", "complete", "error", "heartbeat"] },
            data: { type: "string" },
          },
        },
        EventId: { type: "object", required: ["event_id"], properties: { event_id: { type: "string" } } },
        HTTPError: {
          type: "object",
          required: ["detail"],
          properties: { detail: { description: "A message, or a list of validation problems." } },
        },
      },
      securitySchemes: {
        apiToken: {
          type: "http",
          scheme: "bearer",
          description:
            "An API token made with `gradio-ts token create` (only needed when the app requires sign-in or an endpoint requires a role).",
        },
      },
    },
    security: [{}, { apiToken: [] }],
  };
}

export const openApiRoutes =
  (runtime: Runtime): FastifyPluginAsync =>
  async (fastify) => {
    const serve = async (request: FastifyRequest) => {
      const info = buildApiInfo(runtime.app, { canCall: callableBy(request.gradioUser ?? null) });
      return buildOpenApi({
        title: runtime.app.options.title ?? "gradio-ts app",
        serverUrl: runtime.rootUrl(request, "/gradio_api/openapi.json"),
        endpoints: info.named_endpoints,
      });
    };
    fastify.get("/gradio_api/openapi.json", serve);
    fastify.get("/gradio_api/openapi.json/", serve);
  };
