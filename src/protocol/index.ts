/**
 * The one definition of what crosses the wire between a gradio-ts (or Gradio) server and its clients:
 * the config, the API description, file payloads, queue messages, generator diffs and SSE framing.
 * Types and pure functions only (no Node APIs, no I/O), so the server, the client and the browser app
 * all import the same definitions.
 */
export * from "./api-info.js";
export * from "./config.js";
export * from "./diff.js";
export * from "./file-data.js";
export * from "./messages.js";
export * from "./sse.js";
