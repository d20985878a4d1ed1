/**
 * Who an event belongs to: the session that joined it and, with sign-in, the user who did. Cancel,
 * `.stream()` chunks and a stream's close act only on the caller's own events, on every backend: this
 * is the one check they all go through. Another session's event is treated as unknown, so that event
 * ids cannot be probed.
 */
import type { QueuedCall } from "./queued-call.js";

export interface EventOwner {
  sessionHash: string;
  /** The signed-in user, or null without sign-in. */
  username: string | null;
}

export function ownerOf(job: QueuedCall): EventOwner {
  return { sessionHash: job.sessionHash, username: job.request.username };
}

/** The caller of a request: the session it names and the user it is signed in as (if any). */
export function callerOf(request: { gradioUser?: { username: string } | null }, sessionHash: string): EventOwner {
  return { sessionHash, username: request.gradioUser?.username ?? null };
}

export function isOwner(owner: EventOwner, caller: EventOwner): boolean {
  return owner.sessionHash === caller.sessionHash && owner.username === caller.username;
}
