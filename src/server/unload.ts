/** `demo.unload(fn)`: the session's heartbeat stream closed (tab closed or reloaded), so its unload fns run. */
import type { FastifyRequest } from "fastify";
import { enqueue, newEventId } from "./join.js";
import type { Runtime } from "./runtime.js";

/** The longest an unload fn's messages are waited for: past it, nobody is left to tell anyway. */
const UNLOAD_WAIT_MS = 60_000;

export async function runUnloadEvents(runtime: Runtime, request: FastifyRequest, sessionHash: string): Promise<void> {
  const unloads = runtime.app.dependencies.filter((d) => d.fn && d.targets.some(([, event]) => event === "unload"));
  for (const dependency of unloads) {
    // A channel of its own, drained here, so no message waits for a reader that is gone.
    const channel = `unload-${newEventId()}`;
    const done = AbortSignal.timeout(UNLOAD_WAIT_MS);
    try {
      const job = await enqueue(runtime, request, "/gradio_api/heartbeat", dependency, [], sessionHash, { channel });
      for await (const message of runtime.channels.read(channel, done)) {
        if (message.msg === "process_completed" && message.event_id === job.eventId) break;
      }
    } catch (error) {
      request.log.warn({ event: "unload-failed", err: error }, "an unload fn could not run");
    }
  }
}
