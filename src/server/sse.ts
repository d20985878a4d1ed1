/**
 * A server-sent-events response: headers that stop proxies from buffering, a writer, and a signal
 * that fires when the client goes away.
 */
import { PassThrough } from "node:stream";
import type { FastifyReply, FastifyRequest } from "fastify";

export interface SseStream {
  write(frame: string): void;
  end(): void;
  /** Aborted when the client disconnects (or we end the stream). */
  signal: AbortSignal;
}

export function openSse(request: FastifyRequest, reply: FastifyReply): SseStream {
  const body = new PassThrough();
  const controller = new AbortController();
  const stop = () => controller.abort();
  request.raw.once("close", stop);
  reply.raw.once("close", stop);
  reply
    .header("content-type", "text/event-stream; charset=utf-8")
    .header("cache-control", "no-cache, no-transform")
    .header("x-accel-buffering", "no")
    .send(body);
  return {
    write: (frame) => {
      if (!controller.signal.aborted && !body.writableEnded) body.write(frame);
    },
    end: () => {
      if (!body.writableEnded) body.end();
    },
    signal: controller.signal,
  };
}

/** Repeats `beat` every `ms` until the stream's signal fires. */
export function keepAlive(stream: SseStream, beat: () => void, ms: number): void {
  const timer = setInterval(beat, ms);
  stream.signal.addEventListener("abort", () => clearInterval(timer), { once: true });
}

/** 15 s, as Gradio: Python's client gives up on a silent stream after 20 s. `raw`: GRADIO_HEARTBEAT_INTERVAL. */
export function heartbeatMs(raw: string | undefined): number {
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 15) * 1000 : 15_000;
}
