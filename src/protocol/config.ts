/**
 * The app as `GET /config` describes it (Gradio's config format): its blocks, their layout and its
 * events. The server builds these shapes, the client and the browser app read them. Types only, plus
 * the version we speak.
 */

/** The Gradio version whose protocol we speak; Python's client compares it (must be above 4.29.0). */
export const EMULATED_GRADIO_VERSION = "6.25.0";

/** What fires an event: a block (null for the app itself) and the event's name. */
export type EventTrigger = [blockId: number | null, event: string];

export type ApiVisibility = "public" | "undocumented" | "private";
export type ShowProgress = "full" | "minimal" | "hidden";
export type TriggerMode = "once" | "multiple" | "always_last";
export type AppMode = "blocks" | "interface" | "chat_interface" | "tabbed_interface";

export interface LayoutNode {
  id: number;
  children?: LayoutNode[];
}

export interface ComponentConfig {
  id: number;
  type: string;
  /** The block's props in snake_case, None-valued ones left out (the browser falls back to its defaults). */
  props: Record<string, unknown>;
  skip_api: boolean;
  /** The same for every instance of a class: the browser shares code between them. */
  component_class_id: string;
  /** A block built by a render fn with a key keeps its id, and the props in `props.preserved_by_key`, when the render runs again. */
  key: string | number | null;
  /** Built by a render fn: that render's id (also given as `props.rendered_in`). */
  rendered_in?: number;
  /** A render's container, or a block inside it: that render's id. */
  renderable?: number;
  /** For components the API describes (not layouts, not skip_api): JSON Schemas and an example value. */
  api_info?: Record<string, unknown>;
  api_info_as_input?: Record<string, unknown>;
  api_info_as_output?: Record<string, unknown>;
  example_inputs?: unknown;
}

export interface DependencyConfig {
  id: number;
  targets: EventTrigger[];
  inputs: number[];
  outputs: number[];
  backend_fn: boolean;
  /** The name of a function exported by the app's `js_module`, run in the browser first. */
  js: string | null;
  queue: boolean;
  api_name: string | null;
  api_description: string | null;
  /** Once the event has its result, the browser scrolls its first output into view. */
  scroll_to_output: boolean;
  show_progress: ShowProgress;
  show_progress_on: number[] | null;
  batch: boolean;
  max_batch_size: number;
  cancels: number[];
  types: { generator: boolean; cancel: boolean };
  collects_event_data: boolean;
  trigger_after: number | null;
  trigger_only_on_success: boolean;
  trigger_only_on_failure: boolean;
  trigger_mode: TriggerMode;
  api_visibility: ApiVisibility;
  /** Attached by a render fn: that render's id. Such dependencies exist only for the session that rendered them. */
  rendered_in: number | null;
  /** Set when this dependency runs a render fn: that render's id (its output is the render's container). */
  render_id: number | null;
  connection: "stream" | "sse";
  time_limit: number | null;
  stream_every: number;
  event_specific_args: string[] | null;
  component_prop_inputs: number[];
  js_implementation: string | null;
  /** gradio-ts extension (Gradio leaves it out): an action the browser performs itself instead of calling the server. */
  frontend_fn?: "clear" | null;
}

/** One page of the app: its layout and which blocks and events are on it. */
export interface PageConfig {
  layout: LayoutNode;
  components: number[];
  dependencies: number[];
}

/** What a render fn built: the container (first) and the new blocks, their events, and the container's new layout. */
export interface RenderConfig {
  page: Record<string, PageConfig>;
  components: ComponentConfig[];
  dependencies: DependencyConfig[];
  layout: LayoutNode;
  render_id: number;
}

export interface AppConfig {
  version: string;
  api_prefix: string;
  mode: AppMode;
  app_id: number;
  dev_mode: boolean;
  vibe_mode: boolean;
  analytics_enabled: boolean;
  components: ComponentConfig[];
  css: string | null;
  /** The browser keeps a heartbeat stream open (the app has State or streams), so the session lives. */
  connect_heartbeat: boolean;
  js: string | null;
  /** gradio-ts extension (Gradio leaves it out): where the app's `js_module` is served, relative to the root. */
  js_module?: string | null;
  head: string | null;
  title: string;
  space_id: string | null;
  enable_queue: boolean;
  show_error: boolean;
  footer_links: string[];
  run_history: boolean;
  is_colab: boolean;
  max_file_size: number | null;
  stylesheets: string[];
  theme: string;
  protocol: string;
  /** The body's colours resolved, for a page that paints before the theme loads. */
  body_css: Record<string, string>;
  fill_height: boolean;
  fill_width: boolean;
  theme_hash: string;
  pwa: boolean;
  /** `[route, title, shown in the nav]` per page. */
  pages: [route: string, title: string, shown: boolean][];
  page: Record<string, PageConfig>;
  mcp_server: boolean;
  i18n_translations: Record<string, Record<string, string>> | null;
  dependencies: DependencyConfig[];
  layout: LayoutNode;
  username: string | null;
  root: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A value shaped like an app's config where readers build on it (lists of blocks and events, a layout).
 * The protocol version is left to the caller, which names the one it cannot speak.
 */
export function isAppConfig(value: unknown): value is AppConfig {
  return (
    isObject(value) && Array.isArray(value.components) && Array.isArray(value.dependencies) && isObject(value.layout)
  );
}
