/**
 * A server-sent-events response: headers that stop proxies from buffering, a writer, and a signal
 * that fires when the client goes away.
 */
import type { FastifyReply, FastifyRequest } from "fastify";

export interface SseStream {
  write(frame: string): void;
  end(): void;
  /** Aborted when the client disconnects (or we end the stream). */
  signal: AbortSignal;
}

const STREAM_CLOSED = new Error("The event stream closed.");

/**
 * Written straight to the response, not through a stream piped into it: a pipe (and Fastify's watch over
 * its source) is per-event work, and a pipe ends the response in a write of its own after the last frame.
 */
export function openSse(request: FastifyRequest, reply: FastifyReply): SseStream {
  const raw = reply.raw;
  const controller = new AbortController();
  // A shared reason: abort() without one builds a DOMException (and its stack) per closed stream.
  const stop = () => controller.abort(STREAM_CLOSED);
  request.raw.once("close", stop);
  raw.once("close", stop);
  // Fastify no longer watches the response: a failed write ends the stream here.
  raw.once("error", stop);
  // The headers the hooks gave the reply (CORS grants, HSTS) join those already on the response (security
  // headers), in the order Fastify itself would write them; they go out with the first frame.
  const headers = reply.getHeaders();
  reply.hijack();
  for (const name in headers) {
    const value = headers[name]!;
    // Those already on the response are left as they are (each setting is checked again).
    if (raw.getHeader(name) !== value) raw.setHeader(name, value);
  }
  raw.setHeader("content-type", "text/event-stream; charset=utf-8");
  raw.setHeader("cache-control", "no-cache, no-transform");
  raw.setHeader("x-accel-buffering", "no");
  const open = () => !controller.signal.aborted && !raw.writableEnded && !raw.destroyed;
  // Frames written in one turn of the event loop (an event's start and result usually arrive together)
  // go out as one chunk: each chunk costs the socket a system call, the main cost of a trivial event.
  let pending = "";
  let flushing: NodeJS.Immediate | null = null;
  const flush = () => {
    flushing = null;
    if (pending !== "" && open()) raw.write(pending);
    pending = "";
  };
  return {
    write: (frame) => {
      if (!open()) return;
      pending += frame;
      flushing ??= setImmediate(flush);
    },
    // The last frames and the end of the response in one write: a client that stops reading at the
    // result then still sees a complete response, and keeps its connection for the next request.
    end: () => {
      if (flushing) clearImmediate(flushing);
      flushing = null;
      const last = pending;
      pending = "";
      if (!open()) return;
      if (last === "") raw.end();
      else raw.end(last);
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
