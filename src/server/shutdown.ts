/**
 * Graceful shutdown. On SIGTERM (Kubernetes, Docker, systemd) or SIGINT, a launched app:
 *   1. reports not ready (`/readyz` answers 503) and refuses new events (503), while still serving
 *      everything else, so a load balancer that has not yet noticed loses nothing;
 *   2. lets running events finish, for up to `shutdownGraceSeconds` (10 by default); waiting events
 *      are held, not started;
 *   3. cancels what is still running and tells every client still waiting, on its open stream,
 *      `{"msg":"unexpected_error","message":"Server stopped unexpectedly.",...}` (protocol §2.5);
 *   4. closes the server (open connections are cut after a short flush delay) and exits.
 */
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import * as messages from "../protocol/messages.js";
import type { Runtime } from "./runtime.js";

export const SERVER_STOPPED_MESSAGE = "Server stopped unexpectedly.";
export const DEFAULT_SHUTDOWN_GRACE_SECONDS = 10;
/** After the last messages are written, how long streams get to flush before connections are cut. */
const FLUSH_MS = 250;

/** Whether an app is on its way down; shared by the health routes and the shutdown below. */
export interface Lifecycle {
  stopping: boolean;
}

const lifecycles = new WeakMap<Runtime, Lifecycle>();

export function lifecycleOf(runtime: Runtime): Lifecycle {
  let lifecycle = lifecycles.get(runtime);
  if (!lifecycle) {
    lifecycle = { stopping: false };
    lifecycles.set(runtime, lifecycle);
  }
  return lifecycle;
}

export interface ShutdownReport {
  /** Every running event finished within the grace period. */
  finishedInTime: boolean;
  /** Sessions told that the server stopped. */
  sessionsTold: number;
}

/** The grace period from the option, else `GRADIO_SHUTDOWN_GRACE_SECONDS`, else 10 s. */
export function graceSeconds(option: number | undefined, raw: string | undefined): number {
  const fromEnv = Number(raw);
  const value = option ?? (raw && Number.isFinite(fromEnv) ? fromEnv : DEFAULT_SHUTDOWN_GRACE_SECONDS);
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`shutdownGraceSeconds must be a number ≥ 0, got ${String(value)}.`);
  return value;
}

const inProgress = new WeakMap<FastifyInstance, Promise<ShutdownReport>>();

/** Runs steps 1 to 4 once per server; a second call waits for the first. */
export function shutdownGracefully(
  fastify: FastifyInstance,
  runtime: Runtime,
  seconds: number,
  log: FastifyBaseLogger = fastify.log,
): Promise<ShutdownReport> {
  let running = inProgress.get(fastify);
  if (!running) {
    running = (async () => {
      const lifecycle = lifecycleOf(runtime);
      lifecycle.stopping = true;
      const started = Date.now();
      log.info(
        {
          event: "shutdown",
          phase: "draining",
          running: runtime.queue.running,
          waiting: runtime.queue.size,
          graceSeconds: seconds,
        },
        "shutting down: finishing running events",
      );
      const finishedInTime = await runtime.queue.drain(seconds * 1000);
      if (!finishedInTime)
        log.warn(
          { event: "shutdown", phase: "cancelling", running: runtime.queue.running },
          "grace period over: cancelling running events",
        );
      // In-memory: cancels what is left. Shared queue: hands it back to the other replicas.
      await runtime.queue.stop();
      const sessionsTold = runtime.channels.endAll(messages.unexpectedError(SERVER_STOPPED_MESSAGE, false));
      await new Promise((resolve) => setTimeout(resolve, FLUSH_MS));
      // Streams that never end by themselves (heartbeats, idle keep-alive) must not hold the close.
      const cut = setTimeout(() => fastify.server.closeAllConnections?.(), FLUSH_MS);
      try {
        await fastify.close();
      } finally {
        clearTimeout(cut);
      }
      log.info(
        { event: "shutdown", phase: "closed", finishedInTime, sessionsTold, ms: Date.now() - started },
        "server stopped",
      );
      return { finishedInTime, sessionsTold };
    })();
    inProgress.set(fastify, running);
  }
  return running;
}

// --- Process signals: one pair of handlers for every app launched in this process. ---

type Stopper = () => Promise<unknown>;
const stoppers = new Set<Stopper>();
let signalled = false;

function onSignal(signal: NodeJS.Signals): void {
  if (signalled) {
    // A second Ctrl-C: the person means it.
    process.exit(signal === "SIGINT" ? 130 : 143);
  }
  signalled = true;
  void Promise.allSettled([...stoppers].map((stop) => stop())).then(() => process.exit(0));
}

const SIGNALS: NodeJS.Signals[] = ["SIGTERM", "SIGINT"];

/** Stops `stop` gracefully on SIGTERM/SIGINT; returns a function that forgets it again. */
export function stopOnSignals(stop: Stopper): () => void {
  if (stoppers.size === 0) for (const signal of SIGNALS) process.on(signal, onSignal);
  stoppers.add(stop);
  return () => {
    if (!stoppers.delete(stop)) return;
    if (stoppers.size === 0) for (const signal of SIGNALS) process.off(signal, onSignal);
  };
}

// --- Reaching the shutdown of a launched app from outside (tests, hosts embedding the app). ---

const shutdowns = new WeakMap<FastifyInstance, (seconds?: number) => Promise<ShutdownReport>>();

export function registerShutdown(
  fastify: FastifyInstance,
  shutdown: (seconds?: number) => Promise<ShutdownReport>,
): void {
  shutdowns.set(fastify, shutdown);
}

/** What SIGTERM does to a launched app, without the signal: `await gracefulShutdown(app)`. */
export function gracefulShutdown(app: { fastify: FastifyInstance }, seconds?: number): Promise<ShutdownReport> {
  const shutdown = shutdowns.get(app.fastify);
  if (!shutdown) throw new Error("gracefulShutdown() takes an app returned by launch().");
  return shutdown(seconds);
}
