/** The one path from a request to a queued job, shared by `queue/join`, the REST call and the run routes. */
import { randomUUID } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { listenerEventData, type Dependency } from "../blocks/events.js";
import { UnknownEndpointError } from "../errors.js";
import type { QueuedCall } from "../queue/queued-call.js";
import { QueueUnavailableError } from "../queue/redis/errors.js";
import { alignData, validateInputs } from "../queue/inputs.js";
import { audit } from "../security/audit.js";
import { findDependency } from "../queue/renders.js";
import { assertCanRun } from "../security/roles.js";
import type { Runtime } from "./runtime.js";

/** The app's own events by index; past them, the events the session's gr.render fns built. */
export async function dependencyByIndex(runtime: Runtime, fnIndex: number, sessionHash: string): Promise<Dependency> {
  const dependency = await findDependency(runtime.app, runtime.renders, sessionHash, fnIndex);
  if (!dependency?.fn) throw new UnknownEndpointError(fnIndex);
  return dependency;
}

/** Each app's callable events by API name; rebuilt when the app gains events (they are only ever appended). */
const endpointsByApp = new WeakMap<readonly Dependency[], { count: number; byName: Map<string, Dependency> }>();

function endpointsByName(dependencies: readonly Dependency[]): Map<string, Dependency> {
  const known = endpointsByApp.get(dependencies);
  if (known && known.count === dependencies.length) return known.byName;
  const byName = new Map<string, Dependency>();
  for (const d of dependencies) {
    // The first event of a name wins, as a scan in order would find it.
    if (d.fn && d.apiVisibility !== "private" && typeof d.apiName === "string" && !byName.has(d.apiName))
      byName.set(d.apiName, d);
  }
  endpointsByApp.set(dependencies, { count: dependencies.length, byName });
  return byName;
}

/** Callers address endpoints as "greet" or "/greet"; private endpoints have no name to callers. */
export function dependencyByName(runtime: Runtime, apiName: string): Dependency {
  const name = apiName.startsWith("/") ? apiName.slice(1) : apiName;
  const dependency = endpointsByName(runtime.app.dependencies).get(name);
  if (!dependency) throw new UnknownEndpointError(`/${name}`);
  return dependency;
}

export function newEventId(): string {
  return randomUUID().replaceAll("-", "");
}

export async function enqueue(
  runtime: Runtime,
  request: FastifyRequest,
  routePath: string,
  dependency: Dependency,
  data: readonly unknown[],
  sessionHash: string,
  options: { eventId?: string; simpleFormat?: boolean; eventData?: unknown; channel?: string } = {},
): Promise<QueuedCall> {
  // Authorization before anything of the caller's input is looked at.
  assertCanRun(dependency, request.gradioUser ?? null);
  if (!runtime.queue.healthy) throw new QueueUnavailableError();
  const aligned = alignData(dependency, data);
  const context = runtime.processContext(request, routePath);
  // Cheap checks only: the inputs are decoded and downloaded when the event starts, not while it waits.
  await validateInputs(dependency, aligned, context, sessionHash, runtime.states);
  const job: QueuedCall = {
    eventId: options.eventId ?? newEventId(),
    // The job's messages go to `channel` (a direct call's own), its State stays the caller's session's.
    sessionHash: options.channel ?? sessionHash,
    dependency,
    data: aligned,
    request: runtime.gradioRequest(request, sessionHash),
    eventData: listenerEventData(dependency, options.eventData ?? null),
    rootUrl: context.rootUrl,
    simpleFormat: options.simpleFormat ?? false,
    abort: new AbortController(),
    joinedAt: Date.now(),
  };
  await runtime.queue.join(job);
  audit(request, "event", { endpoint: `/${dependency.apiName}`, status: 200, eventId: job.eventId });
  return job;
}
