/**
 * Errors of the security layer. Each carries its HTTP status and a message safe to show the caller;
 * the server's error handler answers them as `{"detail": message}`, never with a stack trace.
 */
import { HttpError } from "../errors.js";

export type SecurityErrorCode =
  | "GRADIO_TS_ERR_NOT_AUTHENTICATED"
  | "GRADIO_TS_ERR_FORBIDDEN"
  | "GRADIO_TS_ERR_CROSS_ORIGIN"
  | "GRADIO_TS_ERR_RATE_LIMITED"
  | "GRADIO_TS_ERR_BAD_CREDENTIALS"
  | "GRADIO_TS_ERR_SECURITY_CONFIG";

export class SecurityError extends Error {
  override readonly name: string = "SecurityError";
  constructor(
    readonly statusCode: number,
    readonly code: SecurityErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The caller is signed in but lacks a role the endpoint requires. */
export class ForbiddenError extends SecurityError {
  override readonly name = "ForbiddenError";
  constructor(message = "You do not have permission to call this endpoint.") {
    super(403, "GRADIO_TS_ERR_FORBIDDEN", message);
  }
}

/** Too many requests; `retryAfterSeconds` is also sent as the Retry-After header. */
export class RateLimitedError extends SecurityError {
  override readonly name = "RateLimitedError";
  constructor(readonly retryAfterSeconds: number) {
    super(
      429,
      "GRADIO_TS_ERR_RATE_LIMITED",
      `Too many requests: retry in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.`,
    );
  }
}

/** A security launch option is wrong; thrown at launch, never to an end user. */
export class SecurityConfigError extends SecurityError {
  override readonly name = "SecurityConfigError";
  constructor(message: string) {
    super(500, "GRADIO_TS_ERR_SECURITY_CONFIG", message);
  }
}

/**
 * The store of logouts cannot be reached (Redis down, revocation file unreadable). Sessions are then
 * neither accepted, issued nor ended, since none of the three can be done safely without it.
 */
export class SessionsUnavailableError extends HttpError {
  override readonly name = "SessionsUnavailableError";
  constructor(action: string) {
    const message = `${action} is unavailable right now: the server cannot reach its session store. Please try again shortly.`;
    super(503, "GRADIO_TS_ERR_SESSIONS_UNAVAILABLE", message);
  }
}
