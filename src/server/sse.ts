/**
 * A server-sent-events response: headers that stop proxies from buffering, a writer, and a signal
 * that fires when the client goes away.
 *
 * A caller waiting in the queue holds its stream open for as long as it waits, so a stream is kept
 * lean: the frames go straight to Node's response (no stream piped into it), and once the handler
 * returns nothing holds Fastify's request, reply or their logger but Fastify's own end-of-response
 * listener.
 */
import { ServerResponse, type OutgoingHttpHeader } from "node:http";
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from "fastify";
import type { Bindings, ChildLoggerOptions } from "pino";
import { takeSecurityHeaders } from "../security/headers.js";

export interface SseStream {
  write(frame: string): void;
  end(): void;
  /** Aborted when the client disconnects (or we end the stream). */
  signal: AbortSignal;
}

const STREAM_CLOSED = new Error("The event stream closed.");

/** What every event stream adds to the headers the hooks set (security headers, CORS). */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
};

/**
 * The head `reply.send` would have written: the security headers (deferred to here on event-stream
 * routes, see security/headers.ts; else already on Node's response), then those set through Fastify's
 * reply (CORS, HSTS...), then the stream's own. As a flat list on a response with no header set yet,
 * Node writes it without keeping a copy of every header for the stream's life.
 */
function streamHead(request: FastifyRequest, reply: FastifyReply): OutgoingHttpHeader[] {
  const own: Record<string, OutgoingHttpHeader> = {};
  for (const [name, value] of Object.entries(reply.getHeaders()))
    if (value !== undefined && reply.raw.getHeader(name) !== value) own[name] = value;
  Object.assign(own, SSE_HEADERS);
  const head: OutgoingHttpHeader[] = [];
  const security = takeSecurityHeaders(request) ?? [];
  for (let i = 0; i < security.length; i += 2)
    if (!(security[i]!.toLowerCase() in own)) head.push(security[i]!, security[i + 1]!);
  for (const [name, value] of Object.entries(own)) head.push(name, value);
  return head;
}

/**
 * Writes the head and the first frames in one system call. Sent on its own, Node's header string is
 * flattened as it is written, instead of staying a chain of a few dozen pieces for the stream's life.
 */
function writeFirst(res: ServerResponse, chunk: string): void {
  const socket = res.socket;
  socket?.cork();
  res.flushHeaders();
  res.write(chunk);
  socket?.uncork();
}

/**
 * A request's logger made only when the request logs something. Fastify gives every request a child
 * of the server's logger; a stream route's request lives as long as its stream, and a waiting caller's
 * stream is open for as long as it waits, while its route logs only when something goes wrong.
 */
class LazyRequestLogger implements FastifyBaseLogger {
  #made: FastifyBaseLogger | null = null;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  #logger(): FastifyBaseLogger {
    return (this.#made ??= this.parent.child(this.bindings, this.options));
  }

  get level(): string {
    return this.#made?.level ?? this.options.level ?? this.parent.level;
  }

  set level(level: string) {
    this.#logger().level = level;
  }

  // Methods on the prototype, not a closure each per request.
  fatal(...args: unknown[]): void {
    Reflect.apply(this.#logger().fatal, this.#logger(), args);
  }
  error(...args: unknown[]): void {
    Reflect.apply(this.#logger().error, this.#logger(), args);
  }
  warn(...args: unknown[]): void {
    Reflect.apply(this.#logger().warn, this.#logger(), args);
  }
  info(...args: unknown[]): void {
    Reflect.apply(this.#logger().info, this.#logger(), args);
  }
  debug(...args: unknown[]): void {
    Reflect.apply(this.#logger().debug, this.#logger(), args);
  }
  trace(...args: unknown[]): void {
    Reflect.apply(this.#logger().trace, this.#logger(), args);
  }
  silent(...args: unknown[]): void {
    Reflect.apply(this.#logger().silent, this.#logger(), args);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#logger().child(bindings, options);
  }
}

/** The options of every event-stream route: see security/headers.ts and `LazyRequestLogger`. */
export const EVENT_STREAM_ROUTE = {
  config: { eventStream: true },
  childLoggerFactory: (logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions) =>
    new LazyRequestLogger(logger, bindings, options),
} as const;

export function openSse(request: FastifyRequest, reply: FastifyReply): SseStream {
  const res = reply.raw;
  const controller = new AbortController();
  // A shared reason: abort() without one builds a DOMException (and its stack) per closed stream.
  // The response closes however the stream ends: finished, or the connection gone (HTTP/2's too).
  res.once("close", () => controller.abort(STREAM_CLOSED));
  const head = streamHead(request, reply);
  reply.hijack();
  res.writeHead(200, head);
  // HTTP/2's compatibility response has no header string to flatten and no socket to cork.
  let first = res instanceof ServerResponse;
  // Frames written in one turn of the event loop (an event's start and result usually arrive together)
  // go out as one chunk: each chunk costs the socket a system call, the main cost of a trivial event.
  let pending = "";
  let flushing: NodeJS.Immediate | null = null;
  const flush = () => {
    flushing = null;
    if (pending !== "" && !controller.signal.aborted && !res.writableEnded) {
      if (first) writeFirst(res as ServerResponse, pending);
      else res.write(pending);
      first = false;
    }
    pending = "";
  };
  return {
    write: (frame) => {
      if (controller.signal.aborted || res.writableEnded) return;
      pending += frame;
      flushing ??= setImmediate(flush);
    },
    end: () => {
      if (flushing) clearImmediate(flushing);
      flushing = null;
      const last = controller.signal.aborted ? "" : pending;
      pending = "";
      // The last frames and the end of the body in one write (with the head, if not sent yet).
      if (!res.writableEnded) res.end(last);
    },
    signal: controller.signal,
  };
}

/**
 * One timer for the open streams of a route group, beating each every `ms` (the first beat within `ms`
 * of its opening), instead of an interval timer per stream that a crowd of waiting callers would each
 * hold. The timer runs only while a stream is open.
 */
export class Heartbeats {
  readonly #beats = new Set<() => void>();
  #timer: NodeJS.Timeout | null = null;

  constructor(private readonly ms: number) {}

  /** Repeats `beat` until the stream's signal fires. */
  add(stream: SseStream, beat: () => void): void {
    if (stream.signal.aborted) return;
    this.#beats.add(beat);
    this.#timer ??= setInterval(() => this.#beatAll(), this.ms);
    stream.signal.addEventListener("abort", () => this.#remove(beat), { once: true });
  }

  #beatAll(): void {
    for (const beat of this.#beats) beat();
  }

  #remove(beat: () => void): void {
    this.#beats.delete(beat);
    if (this.#beats.size > 0 || !this.#timer) return;
    clearInterval(this.#timer);
    this.#timer = null;
  }
}

/** 15 s, as Gradio: Python's client gives up on a silent stream after 20 s. `raw`: GRADIO_HEARTBEAT_INTERVAL. */
export function heartbeatMs(raw: string | undefined): number {
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 15) * 1000 : 15_000;
}
