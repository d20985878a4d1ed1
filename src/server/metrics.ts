/**
 * Prometheus metrics (prom-client), one registry per app: queue depth, waiting and run times, event
 * outcomes, HTTP answers by route and status, uploads, and Node's process metrics.
 *
 * Who may read `/metrics` (option `metrics`, see LaunchOptions):
 *   - default: served when sign-in is off, absent (404) when it is on;
 *   - `true`: served like any route (so behind sign-in when `auth` is on);
 *   - `{ token }` or `GRADIO_METRICS_TOKEN`: only with `Authorization: Bearer <token>`. That check is
 *     done in a hook that runs before the sign-in guard, so Prometheus needs no session.
 * Labels only ever hold route patterns, api names, methods, statuses and outcomes: nothing a caller
 * sends, so the number of series stays bounded.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { QueuedCall } from "../queue/queued-call.js";
import type { MetricsAccess } from "./metrics-access.js";
import type { Runtime } from "./runtime.js";

export const METRICS_PATH = "/metrics";

const digest = (value: string) => createHash("sha256").update(value).digest();

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}

const UPLOAD_ROUTES = new Set(["/gradio_api/upload", "/gradio_api/upload/"]);
const SECONDS_BUCKETS = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

export interface AppMetrics {
  registry: Registry;
  /** Stops listening to the queue (the registry stays readable). */
  close(): void;
}

/** The app's registry, fed by the queue and its channels. */
export function createMetrics(runtime: Runtime): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const { queue, channels } = runtime;

  new Gauge({
    name: "gradio_queue_waiting_events",
    help: "Events waiting in the queue for a free slot.",
    registers: [registry],
    collect() {
      this.set(queue.size);
    },
  });
  new Gauge({
    name: "gradio_queue_running_events",
    help: "Events running now.",
    registers: [registry],
    collect() {
      this.set(queue.running);
    },
  });
  new Gauge({
    name: "gradio_sessions",
    help: "Sessions with a message stream held open or buffered.",
    registers: [registry],
    collect() {
      this.set(channels.size);
    },
  });
  const waitSeconds = new Histogram({
    name: "gradio_queue_wait_seconds",
    help: "Time from joining the queue to starting to run.",
    labelNames: ["api_name"],
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  const runSeconds = new Histogram({
    name: "gradio_event_run_seconds",
    help: "Run time of events, by outcome.",
    labelNames: ["api_name", "outcome"],
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  const events = new Counter({
    name: "gradio_events_total",
    help: "Events that finished running, by outcome (success, error, cancelled).",
    labelNames: ["api_name", "outcome"],
    registers: [registry],
  });
  // Fed by the plugin below.
  new Counter({
    name: "gradio_http_requests_total",
    help: "HTTP answers, by route pattern, method and status.",
    labelNames: ["route", "method", "status"],
    registers: [registry],
  });
  new Counter({
    name: "gradio_upload_requests_total",
    help: "Upload requests, by status.",
    labelNames: ["status"],
    registers: [registry],
  });
  new Counter({
    name: "gradio_uploaded_files_total",
    help: "Files stored by successful uploads.",
    registers: [registry],
  });
  new Counter({
    name: "gradio_upload_bytes_total",
    help: "Request bytes of successful uploads (multipart framing included).",
    registers: [registry],
  });

  const apiName = (job: QueuedCall) => job.dependency.apiName || `fn_${job.dependency.id}`;
  const started = new Map<string, { at: number; failed: boolean }>();
  const stopObserving = queue.observe({
    started(job) {
      started.set(job.eventId, { at: performance.now(), failed: false });
      waitSeconds.observe({ api_name: apiName(job) }, Math.max(0, (Date.now() - job.joinedAt) / 1000));
    },
    finished(job) {
      const run = started.get(job.eventId);
      started.delete(job.eventId);
      const outcome = job.abort.signal.aborted ? "cancelled" : run?.failed ? "error" : "success";
      events.inc({ api_name: apiName(job), outcome });
      if (run) runSeconds.observe({ api_name: apiName(job), outcome }, (performance.now() - run.at) / 1000);
    },
  });
  const stopTapping = channels.tap((_session, message) => {
    if (message.msg === "process_completed" && !message.success) {
      const run = started.get(message.event_id);
      if (run) run.failed = true;
    }
  });
  return {
    registry,
    close() {
      stopObserving();
      stopTapping();
    },
  };
}

async function sendMetrics(registry: Registry, reply: FastifyReply) {
  return reply
    .code(200)
    .header("cache-control", "no-store")
    .type(registry.contentType)
    .send(await registry.metrics());
}

/** Register before the security plugins (see the header of this file). */
export const metricsPlugin = (runtime: Runtime, access: MetricsAccess): FastifyPluginAsync =>
  fp(
    async (fastify) => {
      const metrics = createMetrics(runtime);
      const { registry } = metrics;
      const http = registry.getSingleMetric("gradio_http_requests_total") as Counter;
      const uploads = registry.getSingleMetric("gradio_upload_requests_total") as Counter;
      const uploadedFiles = registry.getSingleMetric("gradio_uploaded_files_total") as Counter;
      const uploadBytes = registry.getSingleMetric("gradio_upload_bytes_total") as Counter;
      fastify.addHook("onClose", async () => metrics.close());

      // Only the upload routes answer with a list of stored files: the hook is theirs, not every request's.
      const countUploadedFiles = async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
        if (reply.statusCode === 200 && typeof payload === "string") {
          try {
            const stored = JSON.parse(payload) as unknown;
            if (Array.isArray(stored)) uploadedFiles.inc(stored.length);
          } catch {
            // not the list of paths: nothing to count
          }
        }
        return payload;
      };
      fastify.addHook("onRoute", (route) => {
        if (!UPLOAD_ROUTES.has(route.url)) return;
        const own = route.onSend;
        route.onSend = [...(own === undefined ? [] : Array.isArray(own) ? own : [own]), countUploadedFiles];
      });

      fastify.addHook("onResponse", async (request, reply) => {
        const route = request.routeOptions.url ?? "unmatched";
        const status = String(reply.statusCode);
        http.inc({ route, method: request.method, status });
        if (UPLOAD_ROUTES.has(route)) {
          uploads.inc({ status });
          const length = Number(request.headers["content-length"]);
          if (reply.statusCode === 200 && Number.isFinite(length) && length > 0) uploadBytes.inc(length);
        }
      });

      if (access.mode === "token") {
        fastify.addHook("onRequest", async (request, reply) => {
          if (request.url.split("?")[0] !== METRICS_PATH || request.method !== "GET") return;
          if (!bearerMatches(request.headers.authorization, access.token)) {
            return reply
              .code(401)
              .header("www-authenticate", 'Bearer realm="metrics"')
              .header("cache-control", "no-store")
              .send({ detail: "Not authenticated" });
          }
          return sendMetrics(registry, reply);
        });
      } else if (access.mode === "open") {
        fastify.get(METRICS_PATH, async (_request, reply) => sendMetrics(registry, reply));
      }
    },
    { name: "gradio-ts-metrics" },
  );
