/**
 * One error handler for every route: known errors answer with their status and a message a person can
 * act on (`{"detail": ...}`, as Gradio's clients expect); anything else is logged and answered with a
 * bare 500, never a stack trace or a host path.
 */
import type { FastifyError, FastifyInstance } from "fastify";
import { HttpError } from "../errors.js";
import { InputsRejectedError } from "../queue/inputs.js";

interface SchemaIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: { missingProperty?: string };
}

function schemaDetail(issues: readonly SchemaIssue[], where: string) {
  return issues.map((issue) => {
    const location = [where, ...(issue.instancePath ?? "").split("/").filter(Boolean)];
    if (issue.params?.missingProperty) location.push(issue.params.missingProperty);
    return {
      type: issue.keyword === "required" ? "missing" : (issue.keyword ?? "invalid"),
      loc: location,
      msg:
        issue.keyword === "required"
          ? "Field required"
          : `${location.slice(1).join(".") || where} ${issue.message ?? "is invalid"}`,
    };
  });
}

export function installErrorHandler(fastify: FastifyInstance): void {
  fastify.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) {
      request.log.info({ code: error.code, status: error.statusCode }, error.message);
      return reply.code(error.statusCode).send({ detail: error.message });
    }
    if (error instanceof InputsRejectedError) {
      request.log.info({ code: "GRADIO_TS_ERR_VALIDATION", status: 422 }, error.message);
      return reply.code(422).send({ detail: error.detail });
    }
    if (error.validation) {
      const where =
        error.validationContext === "querystring" ? "query" : error.validationContext === "params" ? "path" : "body";
      return reply.code(422).send({ detail: schemaDetail(error.validation as SchemaIssue[], where) });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      request.log.info({ code: error.code, status }, error.message);
      return reply.code(status).send({ detail: clientMessage(error) });
    }
    request.log.error({ err: error }, "request failed");
    return reply.code(500).type("text/plain; charset=utf-8").send("Internal Server Error");
  });

  fastify.setNotFoundHandler((_request, reply) => reply.code(404).send({ detail: "Not Found" }));
}

/** Fastify's own 4xx messages, with anything path-like taken out. */
function clientMessage(error: FastifyError): string {
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return "The request body is not valid JSON.";
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return "The request body is too large.";
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return "Unsupported content type: send JSON (application/json).";
    default:
      // eslint-disable-next-line security/detect-unsafe-regex -- linear: segments are separated by "/", which they cannot contain
      return error.message.replace(/(\/[\w.-]+){2,}/g, "…");
  }
}
