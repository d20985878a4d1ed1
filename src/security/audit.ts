/**
 * The audit trail: one structured JSON line (through Fastify's pino logger) per login, logout, denial,
 * upload and event run, with who (user, IP), what (endpoint) and the outcome (status). Only those
 * fields are written: never a password, a cookie, a token or a request body.
 */
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import fp from "fastify-plugin";

export type AuditEvent = "login" | "logout" | "denied" | "upload" | "event";

export interface AuditFields {
  endpoint?: string;
  status?: number;
  reason?: string;
  [key: string]: string | number | boolean | null | undefined;
}

const DENIAL_REASON = Symbol("gradio-ts.denialReason");
type WithReason = FastifyRequest & { [DENIAL_REASON]?: string };

/** The route the request matched (a pattern, so no user data), or its path without the query. */
function endpointOf(request: FastifyRequest): string {
  const url = request.routeOptions.url ?? request.url.split("?")[0] ?? "";
  return url.length > 200 ? `${url.slice(0, 200)}…` : url;
}

/** Levels that drop info lines: then an audit line is not even built (its client IP parse costs per event). */
const AUDIT_SILENT = new Set(["silent", "fatal", "error", "warn"]);

export function audit(request: FastifyRequest, event: AuditEvent, fields: AuditFields = {}): void {
  if (AUDIT_SILENT.has(request.log.level)) return;
  request.log.info(
    {
      audit: event,
      user: request.gradioUser?.username ?? null,
      ip: request.ip,
      endpoint: fields.endpoint ?? endpointOf(request),
      ...fields,
    },
    `audit ${event}`,
  );
}

/** Notes why a request is being refused; the line itself is written once the answer has gone out. */
export function auditDenial(request: FastifyRequest, _status: number, reason: string): void {
  (request as WithReason)[DENIAL_REASON] = reason;
}

const UPLOAD_ROUTES = new Set(["/gradio_api/upload", "/gradio_api/upload/"]);
const DENIALS = new Set([401, 403, 429]);

/** Writes the lines no single route knows to write: denials (whoever refused) and uploads. */
export const auditPlugin: FastifyPluginAsync = fp(
  async (fastify) => {
    fastify.addHook("onResponse", async (request, reply) => {
      const status = reply.statusCode;
      if (DENIALS.has(status)) {
        audit(request, "denied", {
          status,
          method: request.method,
          reason: (request as WithReason)[DENIAL_REASON] ?? undefined,
        });
      } else if (UPLOAD_ROUTES.has(request.routeOptions.url ?? "")) {
        audit(request, "upload", { status });
      }
    });
  },
  { name: "gradio-ts-audit" },
);
