/** The shapes the client reads from a Gradio-protocol server (config, API info, queue messages) and the events it emits. */

export interface FileData {
  path: string;
  url?: string | null;
  size?: number | null;
  orig_name?: string | null;
  mime_type?: string | null;
  is_stream?: boolean;
  meta: { _type: "gradio.FileData" };
}

export interface ComponentConfig {
  id: number;
  type: string;
  props: Record<string, unknown>;
  skip_api?: boolean;
  api_info?: Record<string, unknown>;
  /** Built by a render fn: that render's id (also given as `props.rendered_in`). */
  rendered_in?: number | null;
  /** A render's container: that render's id. */
  renderable?: number | null;
  /** A block built by a render fn with a key keeps its id, and the props in `props.preserved_by_key`, when the render runs again. */
  key?: string | number | null;
}

export type EventTarget = [componentId: number | null, event: string];

export interface DependencyConfig {
  id: number;
  targets: EventTarget[];
  inputs: number[];
  outputs: number[];
  backend_fn: boolean;
  api_name?: string | null;
  api_visibility?: "public" | "undocumented" | "private";
  queue?: boolean | null;
  types?: { generator: boolean; cancel: boolean };
  show_progress?: "full" | "minimal" | "hidden";
  /** Once the event has its result, the browser scrolls its first output into view. */
  scroll_to_output?: boolean;
  trigger_after?: number | null;
  trigger_only_on_success?: boolean;
  trigger_only_on_failure?: boolean;
  trigger_mode?: "once" | "multiple" | "always_last";
  cancels?: number[];
  connection?: string;
  /** gradio-ts extension: an action the browser performs itself instead of calling the server. */
  frontend_fn?: "clear" | null;
  /** The name of a function exported by the app's `js_module`, run in the browser first. */
  js?: string | null;
  /** Set when this dependency runs a render fn: that render's id (its output is the render's container). */
  render_id?: number | null;
  /** Attached by a render fn: that render's id. Such dependencies exist only for the session that rendered them. */
  rendered_in?: number | null;
}

export interface LayoutNode {
  id: number;
  children?: LayoutNode[];
}

/** What a render fn built: the container (first) and the new blocks, their events, and the container's new layout. */
export interface RenderConfig {
  render_id: number;
  components: ComponentConfig[];
  dependencies: DependencyConfig[];
  layout: LayoutNode;
  page?: Record<string, unknown>;
}

export interface AppConfig {
  version: string;
  protocol: string;
  api_prefix?: string;
  root?: string;
  mode?: string;
  title?: string;
  components: ComponentConfig[];
  dependencies: DependencyConfig[];
  layout: LayoutNode;
  connect_heartbeat?: boolean;
  max_file_size?: number | null;
  [key: string]: unknown;
}

export interface ApiParameter {
  label: string;
  parameter_name: string;
  parameter_has_default: boolean;
  parameter_default: unknown;
  type: Record<string, unknown>;
  python_type: { type: string; description: string };
  component: string;
  example_input?: unknown;
}

export interface ApiReturn {
  label: string;
  type: Record<string, unknown>;
  python_type: { type: string; description: string };
  component: string;
}

export interface ApiEndpointInfo {
  parameters: ApiParameter[];
  returns: ApiReturn[];
  api_visibility?: string;
  description?: string;
}

export interface ApiInfo {
  named_endpoints: Record<string, ApiEndpointInfo>;
  unnamed_endpoints: Record<string, ApiEndpointInfo>;
}

export interface ProgressUnit {
  index: number | null;
  length: number | null;
  unit: string | null;
  progress: number | null;
  desc: string | null;
}

export type LogLevel = "info" | "warning" | "success" | "error";

/** One message of the session stream; fields beyond `msg`/`event_id` depend on `msg`. */
export interface QueueMessage {
  msg: string;
  event_id: string | null;
  [key: string]: unknown;
}

export type Stage = "pending" | "processing" | "generating" | "complete" | "error" | "cancelled";

export interface StatusEvent {
  type: "status";
  stage: Stage;
  endpoint: string;
  fnIndex: number;
  /** 0-based place in the queue while pending. */
  position?: number | null;
  queueSize?: number | null;
  /** Seconds: until the event starts (pending) or the fn's usual run time (processing). */
  eta?: number | null;
  progress?: ProgressUnit[];
  /** For errors. */
  message?: string;
  title?: string | null;
  duration?: number | null;
  visible?: boolean;
  /** The session stream failed, not the fn. */
  broken?: boolean;
}

export interface DataEvent {
  type: "data";
  endpoint: string;
  fnIndex: number;
  /** One value per output (State outputs included only with `fullOutputs`). */
  data: unknown[];
  /** True while a generator is still yielding. */
  generating: boolean;
  /** The States (by component id) whose value this result changed and that have a `change` listener. */
  changedStateIds: number[];
}

export interface LogEvent {
  type: "log";
  endpoint: string;
  fnIndex: number;
  log: string;
  level: LogLevel;
  duration: number | null;
  visible: boolean;
  title: string | null;
}

/** A render fn finished: `client.config` already holds its blocks and dependencies when this arrives. */
export interface RenderEvent {
  type: "render";
  endpoint: string;
  fnIndex: number;
  renderConfig: RenderConfig;
}

export type JobEvent = StatusEvent | DataEvent | LogEvent | RenderEvent;

/** `fetch` as the client uses it; pass your own to add credentials, retries or a test double. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;
