/**
 * What one client may hold, and how slow it may be. Two global `onRequest` hooks:
 *   - a body that stops arriving (less than 1 KiB in `bodyIdleTimeoutSeconds`) is answered 408 and its
 *     connection (or HTTP/2 stream) closed: this bounds silence, not length, so a large upload that
 *     keeps sending is never cut, while one that trickles a byte now and then is;
 *   - the event-stream and upload routes take one of the client's slots for as long as they are open;
 *     over `maxStreamsPerClient` / `maxUploadsPerClient` the request is answered 429 with Retry-After
 *     while every other client is still served. The client is the one `rateLimit` counts (the user when
 *     signed in, else the IP, as `trustedProxies` decide it).
 * Counts are per process: with several replicas each bounds what a client holds of its own sockets.
 */
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import type { Http2ServerRequest, ServerHttp2Stream } from "node:http2";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { ResolvedLimits } from "../server/limits.js";
import { auditDenial } from "./audit.js";
import { rateLimitKey } from "./rate-limit.js";

/** Routes whose answer stays open (event streams; an MCP call streams until its tool returns). */
export const STREAM_ROUTES: ReadonlySet<string> = new Set([
  "/gradio_api/queue/data",
  "/gradio_api/heartbeat/:session_hash",
  "/gradio_api/call/:api_name/:event_id",
  "/gradio_api/call/v2/:api_name/:event_id",
  // A direct call's answer waits for the event's result, so it holds a slot as a stream does.
  "/gradio_api/run/:api_name",
  "/gradio_api/run/:api_name/",
  "/gradio_api/mcp",
  "/gradio_api/mcp/",
  "/gradio_api/mcp/sse",
  "/gradio_api/mcp/sse/",
]);

export const UPLOAD_ROUTES: ReadonlySet<string> = new Set(["/gradio_api/upload", "/gradio_api/upload/"]);

/** A slot frees when a stream closes, which nobody can foresee: a short wait is the honest hint. */
const RETRY_AFTER_SECONDS = 5;

/** How many of something each client holds open. */
export class ClientSlots {
  readonly #open = new Map<string, number>();
  constructor(readonly max: number) {}

  tryTake(client: string): boolean {
    const held = this.#open.get(client) ?? 0;
    if (held >= this.max) return false;
    this.#open.set(client, held + 1);
    return true;
  }

  give(client: string): void {
    const held = (this.#open.get(client) ?? 0) - 1;
    if (held > 0) this.#open.set(client, held);
    else this.#open.delete(client);
  }

  held(client: string): number {
    return this.#open.get(client) ?? 0;
  }
}

interface SlotKind {
  slots: ClientSlots;
  what: string;
}

function refuseOverCap(request: FastifyRequest, reply: FastifyReply, kind: SlotKind) {
  auditDenial(request, 429, `too many open ${kind.what}`);
  request.log.warn({ event: "client-cap", kind: kind.what, limit: kind.slots.max }, `too many open ${kind.what}`);
  const detail =
    `Too many open ${kind.what} from you (at most ${kind.slots.max} at once): ` +
    `close some (other tabs or running calls) and retry.`;
  return reply.code(429).header("retry-after", String(RETRY_AFTER_SECONDS)).send({ detail });
}

export const clientSlotsPlugin = (
  limits: Pick<ResolvedLimits, "maxStreamsPerClient" | "maxUploadsPerClient">,
): FastifyPluginAsync =>
  fp(
    async (fastify) => {
      const streams: SlotKind = { slots: new ClientSlots(limits.maxStreamsPerClient), what: "streams" };
      const uploads: SlotKind = { slots: new ClientSlots(limits.maxUploadsPerClient), what: "uploads" };
      fastify.addHook("onRequest", async (request, reply) => {
        const route = request.routeOptions.url ?? "";
        const kind = STREAM_ROUTES.has(route) ? streams : UPLOAD_ROUTES.has(route) ? uploads : null;
        if (!kind) return;
        const client = rateLimitKey(request);
        if (!kind.slots.tryTake(client)) return refuseOverCap(request, reply, kind);
        // The response's close is the one event every ending shares: done, failed, or the client gone.
        reply.raw.once("close", () => kind.slots.give(client));
      });
    },
    { name: "gradio-ts-client-slots", dependencies: ["gradio-ts-identify"] },
  );

// --- Bodies that stop arriving ---

/**
 * What counts as progress. A byte every few seconds would otherwise hold a connection (and a temp
 * file) for as long as the sender likes; 1 KiB per window is far below any real client's pace.
 */
export const MIN_PROGRESS_BYTES = 1024;

/** How far a request's body has come, read without consuming it (the route's parser does that). */
interface BodyProbe {
  received(): number;
  done(): boolean;
  cut(): void;
}

function hasBody(headers: IncomingHttpHeaders): boolean {
  const length = headers["content-length"];
  return headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/**
 * HTTP/1.1: the socket counts what arrived; the parser says when the message is complete. Cutting
 * ends the request too, not only the socket: once its answer is sent Node no longer ties the request
 * to the socket, and a parser still waiting for the rest of the body (and its temp file) would wait forever.
 */
function http1Probe(raw: IncomingMessage): BodyProbe | null {
  if (!hasBody(raw.headers)) return null;
  const socket = raw.socket;
  const cut = () => {
    raw.destroy();
    socket.destroy();
  };
  return { received: () => socket.bytesRead, done: () => raw.complete || raw.destroyed || socket.destroyed, cut };
}

/**
 * HTTP/2: one connection carries many streams, so progress is counted per stream, as its bytes are
 * pushed to it. Listening for its data instead would start the flow before the route reads it.
 */
function http2Probe(raw: Http2ServerRequest): BodyProbe | null {
  const stream = raw.stream as ServerHttp2Stream & { push(chunk: unknown, encoding?: BufferEncoding): boolean };
  if (stream.endAfterHeaders) return null;
  let bytes = 0;
  let ended = false;
  const push = stream.push.bind(stream);
  stream.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk === null) ended = true;
    else if (chunk instanceof Uint8Array) bytes += chunk.byteLength;
    return push(chunk, encoding);
  };
  return { received: () => bytes, done: () => ended || stream.destroyed, cut: () => stream.destroy() };
}

function probeFor(request: FastifyRequest): BodyProbe | null {
  const raw = request.raw as IncomingMessage | Http2ServerRequest;
  return "stream" in raw && raw.stream ? http2Probe(raw) : http1Probe(raw as IncomingMessage);
}

interface WatchedBody {
  request: FastifyRequest;
  reply: FastifyReply;
  probe: BodyProbe;
  /** Bytes received when progress was last seen, and when. */
  bytes: number;
  progressAt: number;
}

/** Answers 408 when nothing has been written yet, then closes the connection (HTTP/2: the stream). */
function cutStalled({ request, reply, probe }: WatchedBody, idleSeconds: number): void {
  request.log.warn(
    { event: "body-stalled", ip: request.ip, idleSeconds },
    "request body stopped arriving: connection closed",
  );
  if (reply.sent || reply.raw.headersSent) return probe.cut();
  const fallback = setTimeout(() => probe.cut(), 1000);
  fallback.unref();
  reply.raw.once("finish", () => probe.cut());
  if (request.raw.httpVersionMajor < 2) reply.header("connection", "close");
  const detail = `The request body stopped arriving (less than 1 KiB in ${idleSeconds} s): the connection was closed.`;
  void reply.code(408).send({ detail });
}

export const bodyIdlePlugin = (limits: Pick<ResolvedLimits, "bodyIdleTimeoutSeconds">): FastifyPluginAsync =>
  fp(
    async (fastify) => {
      const idleSeconds = limits.bodyIdleTimeoutSeconds;
      const idleMs = idleSeconds * 1000;
      const watched = new Set<WatchedBody>();
      const check = (body: WatchedBody, now: number) => {
        if (body.probe.done()) {
          watched.delete(body);
          return;
        }
        const bytes = body.probe.received();
        if (bytes - body.bytes >= MIN_PROGRESS_BYTES) {
          body.bytes = bytes;
          body.progressAt = now;
        } else if (now - body.progressAt >= idleMs) {
          watched.delete(body);
          cutStalled(body, idleSeconds);
        }
      };
      // One timer for every body in flight, ticking often enough to cut within a quarter of the bound.
      const sweep = setInterval(
        () => {
          const now = Date.now();
          for (const body of watched) check(body, now);
        },
        Math.min(1000, Math.max(25, Math.floor(idleMs / 4))),
      );
      sweep.unref();
      fastify.addHook("onClose", async () => clearInterval(sweep));
      fastify.addHook("onRequest", async (request, reply) => {
        const probe = probeFor(request);
        if (probe) watched.add({ request, reply, probe, bytes: probe.received(), progressAt: Date.now() });
      });
    },
    { name: "gradio-ts-body-idle" },
  );
