/**
 * Prometheus metrics, one set per app: queue depth, waiting and run times, event outcomes, HTTP answers
 * by route and status, uploads (see metric-series.ts), and Node's process metrics (prom-client, loaded
 * at the first scrape).
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
import type { Registry } from "prom-client";
import type { QueuedCall } from "../queue/queued-call.js";
import type { MetricsAccess } from "./metrics-access.js";
import {
  CounterFamily,
  GaugeFamily,
  HistogramFamily,
  PROMETHEUS_CONTENT_TYPE,
  renderFamilies,
} from "./metric-series.js";
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
  http: CounterFamily;
  uploads: CounterFamily;
  uploadedFiles: CounterFamily;
  uploadBytes: CounterFamily;
  /** Every family in Prometheus' text format, Node's process metrics first. */
  render(): Promise<string>;
  /** Stops listening to the queue (the figures stay readable). */
  close(): void;
}

/**
 * Node's process metrics (CPU, memory, event loop, GC) through prom-client, loaded at the first scrape:
 * CPU and memory figures are the process' own totals; event loop lag and GC durations count from then.
 */
function processMetrics(): () => Promise<string> {
  let registry: Promise<Registry> | null = null;
  const load = async () => {
    const { Registry: PromRegistry, collectDefaultMetrics } = await import("prom-client");
    const created = new PromRegistry();
    collectDefaultMetrics({ register: created });
    return created;
  };
  return async () => (await (registry ??= load())).metrics();
}

/** The app's metric families, fed by the queue and its channels. */
export function createMetrics(runtime: Runtime): AppMetrics {
  const { queue, channels } = runtime;
  const waitSeconds = new HistogramFamily(
    "gradio_queue_wait_seconds",
    "Time from joining the queue to starting to run.",
    ["api_name"],
    SECONDS_BUCKETS,
  );
  const runSeconds = new HistogramFamily(
    "gradio_event_run_seconds",
    "Run time of events, by outcome.",
    ["api_name", "outcome"],
    SECONDS_BUCKETS,
  );
  const events = new CounterFamily(
    "gradio_events_total",
    "Events that finished running, by outcome (success, error, cancelled).",
    ["api_name", "outcome"],
  );
  const http = new CounterFamily("gradio_http_requests_total", "HTTP answers, by route pattern, method and status.", [
    "route",
    "method",
    "status",
  ]);
  const uploads = new CounterFamily("gradio_upload_requests_total", "Upload requests, by status.", ["status"]);
  const uploadedFiles = new CounterFamily("gradio_uploaded_files_total", "Files stored by successful uploads.");
  const uploadBytes = new CounterFamily(
    "gradio_upload_bytes_total",
    "Request bytes of successful uploads (multipart framing included).",
  );
  const families = [
    new GaugeFamily("gradio_queue_waiting_events", "Events waiting in the queue for a free slot.", () => queue.size),
    new GaugeFamily("gradio_queue_running_events", "Events running now.", () => queue.running),
    new GaugeFamily("gradio_sessions", "Sessions with a message stream held open or buffered.", () => channels.size),
    waitSeconds,
    runSeconds,
    events,
    http,
    uploads,
    uploadedFiles,
    uploadBytes,
  ];
  const processText = processMetrics();

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
    http,
    uploads,
    uploadedFiles,
    uploadBytes,
    render: async () => `${await processText()}\n${renderFamilies(families)}`,
    close() {
      stopObserving();
      stopTapping();
    },
  };
}

async function sendMetrics(metrics: AppMetrics, reply: FastifyReply) {
  return reply
    .code(200)
    .header("cache-control", "no-store")
    .type(PROMETHEUS_CONTENT_TYPE)
    .send(await metrics.render());
}

/** Register before the security plugins (see the header of this file). */
export const metricsPlugin = (runtime: Runtime, access: MetricsAccess): FastifyPluginAsync =>
  fp(
    async (fastify) => {
      // Nobody may read them: nothing is counted.
      if (access.mode === "off") return;
      const metrics = createMetrics(runtime);
      const { http, uploads, uploadedFiles, uploadBytes } = metrics;
      fastify.addHook("onClose", async () => metrics.close());

      // Only the upload routes answer with a list of stored files: the hook is theirs, not every request's.
      const countUploadedFiles = async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
        if (reply.statusCode === 200 && typeof payload === "string") {
          try {
            const stored = JSON.parse(payload) as unknown;
            if (Array.isArray(stored)) uploadedFiles.inc({}, stored.length);
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
          if (reply.statusCode === 200 && Number.isFinite(length) && length > 0) uploadBytes.inc({}, length);
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
          return sendMetrics(metrics, reply);
        });
      } else if (access.mode === "open") {
        fastify.get(METRICS_PATH, async (_request, reply) => sendMetrics(metrics, reply));
      }
    },
    { name: "gradio-ts-metrics" },
  );
