/**
 * Errors a developer or a caller can see. Each has a stable code, carried by the thrown error (`code`) and
 * logged with the status of every refusal (the answer's body stays Gradio's `{"detail": message}`), so
 * tests and log searches match on the code, never on message text (test/error-codes.test.ts). The HTTP
 * status travels with the error so routes need no lookup table.
 */

export type ErrorCode =
  | "GRADIO_TS_ERR_VALIDATION"
  | "GRADIO_TS_ERR_BAD_REQUEST"
  | "GRADIO_TS_ERR_UNKNOWN_ENDPOINT"
  | "GRADIO_TS_ERR_QUEUE_FULL"
  | "GRADIO_TS_ERR_QUEUE_STOPPED"
  | "GRADIO_TS_ERR_FILE_NOT_ALLOWED"
  | "GRADIO_TS_ERR_FILE_TOO_LARGE"
  | "GRADIO_TS_ERR_SESSION_NOT_FOUND"
  | "GRADIO_TS_ERR_SESSIONS_UNAVAILABLE"
  | "GRADIO_TS_ERR_CONFIG";

/** An error whose message is safe to show to whoever made the request. */
export class HttpError extends Error {
  override readonly name: string = "HttpError";
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export class BadRequestError extends HttpError {
  override readonly name = "BadRequestError";
  constructor(message: string, code: ErrorCode = "GRADIO_TS_ERR_BAD_REQUEST") {
    super(400, code, message);
  }
}

export class UnknownEndpointError extends HttpError {
  override readonly name = "UnknownEndpointError";
  constructor(readonly endpoint: string | number) {
    super(
      404,
      "GRADIO_TS_ERR_UNKNOWN_ENDPOINT",
      typeof endpoint === "number"
        ? `There is no function with fn_index ${endpoint}.`
        : `There is no API endpoint named "${endpoint}".`,
    );
  }
}

export class QueueFullError extends HttpError {
  override readonly name = "QueueFullError";
  constructor(maxSize: number, size: number) {
    super(503, "GRADIO_TS_ERR_QUEUE_FULL", `Queue is full. Max size is ${maxSize} and size is ${size}.`);
  }
}

export class QueueStoppedError extends HttpError {
  override readonly name = "QueueStoppedError";
  constructor() {
    super(503, "GRADIO_TS_ERR_QUEUE_STOPPED", "Queue is stopped.");
  }
}

export class FileNotAllowedError extends HttpError {
  override readonly name = "FileNotAllowedError";
  /** `shownPath` is what the caller may see: never an absolute host path they did not send. */
  constructor(shownPath: string) {
    super(403, "GRADIO_TS_ERR_FILE_NOT_ALLOWED", `File not allowed: ${shownPath}.`);
  }
}

export class FileTooLargeError extends HttpError {
  override readonly name = "FileTooLargeError";
  constructor(readonly maxBytes: number) {
    super(413, "GRADIO_TS_ERR_FILE_TOO_LARGE", `File size exceeded maximum allowed size of ${maxBytes} bytes.`);
  }
}

/** One input failed its component's checks; `parameter` names the input as the API shows it. */
export class InputValidationError extends Error {
  override readonly name = "InputValidationError";
  readonly code: ErrorCode = "GRADIO_TS_ERR_VALIDATION";
  constructor(
    message: string,
    readonly parameter = "",
  ) {
    super(message);
  }
}

/** A mistake in how the app was built: thrown at build or launch time, never to an end user. */
export class AppConfigError extends Error {
  override readonly name = "AppConfigError";
  readonly code: ErrorCode = "GRADIO_TS_ERR_CONFIG";
}

/**
 * Gradio options that gradio-ts does not build yet are left out of its types; a plain-JavaScript caller
 * who passes one anyway is told so at build time instead of seeing it silently ignored.
 */
export function refuseUnbuiltOptions(owner: string, options: object | undefined, unbuilt: readonly string[]): void {
  if (!options) return;
  const given = unbuilt.filter((name) => (options as Record<string, unknown>)[name] !== undefined);
  if (given.length === 0) return;
  const names = given.map((name) => `"${name}"`).join(", ");
  throw new AppConfigError(
    `${owner}: ${names} ${given.length === 1 ? "is" : "are"} not built yet in gradio-ts; leave ${given.length === 1 ? "it" : "them"} out.`,
  );
}

export interface GradioErrorOptions {
  /** Seconds the browser shows the toast; `null` keeps it until dismissed. */
  duration?: number | null;
  visible?: boolean;
  title?: string;
}

/**
 * `throw new gr.Error("message")` from a fn: the caller receives exactly this message. Any other throw
 * reaches the caller as a generic error, and its details go to the server log only.
 */
export class GradioError extends Error {
  override readonly name = "GradioError";
  readonly duration: number | null;
  readonly visible: boolean;
  readonly title: string;
  constructor(message: string, options: GradioErrorOptions = {}) {
    super(message);
    this.duration = options.duration === undefined ? 10 : options.duration;
    this.visible = options.visible ?? true;
    this.title = options.title ?? "Error";
  }
}

export const isHttpError = (error: unknown): error is HttpError => error instanceof HttpError;

/** A multipart part whose file name, field name or type is longer than any real one: refused, not cut. */
export class PartHeaderTooLargeError extends HttpError {
  override readonly name = "PartHeaderTooLargeError";
  constructor(readonly maxBytes: number) {
    super(
      413,
      "GRADIO_TS_ERR_FILE_TOO_LARGE",
      `A multipart part header (file name, field name or type) is longer than ${maxBytes} bytes.`,
    );
  }
}
