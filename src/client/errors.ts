/** Errors the client throws: an HTTP answer it could not use, or a failure the app itself reported. */

/** A request to the server failed (network, or a non-2xx answer); `detail` is the server's explanation. */
export class ClientHttpError extends Error {
  override readonly name = "ClientHttpError";
  constructor(
    message: string,
    readonly url: string,
    readonly status: number | null,
    readonly detail: unknown = null,
  ) {
    super(message);
  }
}

/** The app's fn failed (gr.Error or an exception); what `predict()` rejects with. */
export class AppError extends Error {
  override readonly name = "AppError";
  constructor(
    message: string,
    readonly title: string | null = null,
    readonly duration: number | null = null,
    readonly visible = true,
  ) {
    super(message);
  }
}

export const isClientHttpError = (value: unknown): value is ClientHttpError => value instanceof ClientHttpError;
export const isAppError = (value: unknown): value is AppError => value instanceof AppError;

/** Reads `{"detail": ...}` (or plain text) from a failed response into a message. */
export async function httpError(response: Response, what: string): Promise<ClientHttpError> {
  let detail: unknown = null;
  const text = await response.text().catch(() => "");
  try {
    detail = (JSON.parse(text) as { detail?: unknown }).detail ?? text;
  } catch {
    detail = text;
  }
  const said = typeof detail === "string" && detail ? `: ${detail}` : "";
  return new ClientHttpError(`${what} failed (HTTP ${response.status})${said}`, response.url, response.status, detail);
}
