/**
 * gradio-ts's protocol client: `Client.connect(url)`, then `predict`, `submit` (status, streamed data,
 * logs, cancel) and `upload`. Works in browsers, Node 20+ and edge runtimes (web-standard APIs only).
 */
export { Client, appRoot, type CallData, type ClientFor, type ClientOptions, type SubmitOptions } from "./client.js";
export {
  typedEndpoints,
  type ApiTypes,
  type EndpointMap,
  type EndpointOf,
  type EndpointsOf,
  type EndpointType,
  type TypedApp,
  type TypedCalls,
  type TypedJob,
  type TypedJobResult,
} from "./typed.js";
export { Job, CancelledError, type JobResult } from "./job.js";
export { AppError, ClientHttpError, isAppError, isClientHttpError } from "./errors.js";
export type { UploadOptions } from "./upload.js";
export type { DataEvent, FetchLike, JobEvent, LogEvent, RenderEvent, Stage, StatusEvent } from "./types.js";
// The wire shapes, as the server defines them.
export type {
  ApiEndpointInfo,
  ApiInfo,
  ApiParameter,
  ApiReturn,
  AppConfig,
  ComponentConfig,
  DependencyConfig,
  EventTrigger,
  FileData,
  LayoutNode,
  LogLevel,
  ProgressUnit,
  QueueMessage,
  RenderConfig,
} from "../protocol/index.js";
