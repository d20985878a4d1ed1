/**
 * Role-based access per endpoint: an event declared with `roles: ["admin"]` may be run only by a
 * signed-in user holding at least one of those roles. Endpoints without `roles` are open to whoever
 * may use the app at all.
 */
import type { Dependency } from "../blocks/events.js";
import type { SessionUser } from "./auth.js";
import { ForbiddenError } from "./errors.js";

/** Whether `user` may run an endpoint that requires `required` (any one of them). */
export function hasRequiredRole(required: readonly string[] | undefined, user: SessionUser | null): boolean {
  if (!required || required.length === 0) return true;
  if (!user) return false;
  return user.roles.some((role) => required.includes(role));
}

export function canRun(dependency: Dependency, user: SessionUser | null): boolean {
  return hasRequiredRole(dependency.options.roles, user);
}

/** Throws 403 unless `user` may run `dependency`. */
export function assertCanRun(dependency: Dependency, user: SessionUser | null): void {
  if (!canRun(dependency, user)) throw new ForbiddenError();
}

/** The filter `/config` and `/gradio_api/info` apply, so endpoints a user may not run are not listed. */
export const callableBy = (user: SessionUser | null) => (dependency: Dependency) => canRun(dependency, user);
