// Container HEALTHCHECK: exits 0 when the app's /healthz answers 200 within the timeout, 1 otherwise.
// Node only (the runtime image has no shell or curl). Reads GRADIO_SERVER_PORT (default 7860) and
// GRADIO_HEALTHCHECK_URL (a full URL, e.g. for an app serving HTTPS inside the container).
const port = process.env.GRADIO_SERVER_PORT || "7860";
const url = process.env.GRADIO_HEALTHCHECK_URL || `http://127.0.0.1:${port}/healthz`;
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4000) });
  process.exit(response.status === 200 ? 0 : 1);
} catch {
  process.exit(1);
}
