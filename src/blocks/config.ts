/** The app as `/config` describes it to clients and to the browser app (Gradio's config format). */
import type { Component, ProcessContext } from "../components/component.js";
import {
  EMULATED_GRADIO_VERSION,
  type AppConfig,
  type ComponentConfig,
  type DependencyConfig,
  type LayoutNode,
  type RenderConfig,
} from "../protocol/config.js";
import { Dataset } from "../components/dataset.js";
import type { Block, Props } from "./block.js";
import type { Blocks } from "./blocks.js";
import type { Dependency } from "./events.js";
import type { Translations } from "./i18n.js";
import { Layout } from "./layouts.js";
import type { RenderedTree } from "./render.js";
import type { PageStyles } from "../themes/page-styles.js";
import type { Theme } from "../themes/theme.js";

export interface ConfigOptions {
  rootUrl: string;
  appId: number;
  maxFileSize: number | null;
  username: string | null;
  /** Hides dependencies the caller may not run (authorization). */
  canCall?: (dependency: Dependency) => boolean;
  /** The app's theme and custom CSS/head, as read at start (without it: the theme only). */
  styles?: Pick<PageStyles, "theme" | "configCss" | "configHead">;
  /** `launch({ i18n })`'s tables, for the browser to translate the app's text. */
  translations?: Translations | null;
}

/** Gradio's `body_css`: the body's colours resolved, for a page that paints before the theme loads. */
function bodyCss(theme: Theme) {
  const names = ["body_background_fill", "body_text_color", "body_background_fill_dark", "body_text_color_dark"];
  return Object.fromEntries(names.map((name) => [name, theme.computed(name)]));
}

const toSnake = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** Gradio leaves out props that are None; the browser falls back to its defaults. */
export function snakeProps(props: Props): Props {
  return Object.fromEntries(
    Object.entries(props)
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([key, value]) => [toSnake(key), value]),
  );
}

/** A stable id per component class; only the browser reads it, to share code between instances. */
function classId(type: string): string {
  let hash = 0x811c9dc5;
  for (const char of type) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, "0");
}

function isComponent(block: Block): block is Component {
  return "preprocess" in block;
}

/** `renderedIn`: the render id, for a block built by a gr.render fn (clients read it top-level and in props). */
async function blockConfig(
  block: Block,
  context: ProcessContext,
  renderedIn: number | null = null,
): Promise<ComponentConfig> {
  const props = block.props();
  if (renderedIn !== null) props.renderedIn = renderedIn;
  const entry: ComponentConfig = {
    id: block.id,
    type: block.type,
    props: {},
    skip_api: block.skipApi,
    component_class_id: classId(block.type),
    key: block.key ?? null,
  };
  if (renderedIn !== null) entry.rendered_in = renderedIn;
  if (isComponent(block)) {
    // What a render fn built is runtime output, not something the developer named before launch.
    const namedByDeveloper = renderedIn === null;
    const value = block.type === "state" ? null : await block.configValue(context, namedByDeveloper);
    if (value !== undefined && value !== null) props.value = value;
    if (block instanceof Dataset) props.samples = await block.samples(context, namedByDeveloper);
    Object.assign(props, await block.fileProps(context, namedByDeveloper));
    if (!block.skipApi) {
      entry.api_info = block.apiInfo();
      entry.api_info_as_input = block.apiInfoAsInput();
      entry.api_info_as_output = block.apiInfoAsOutput();
      entry.example_inputs = block.exampleInput();
    }
  }
  entry.props = snakeProps(props);
  return entry;
}

function layoutOf(children: readonly Block[]): LayoutNode[] {
  return children.map((child) =>
    child instanceof Layout ? { id: child.id, children: layoutOf(child.children) } : { id: child.id },
  );
}

export function dependencyConfig(dependency: Dependency): DependencyConfig {
  const o = dependency.options;
  return {
    id: dependency.id,
    targets: dependency.targets,
    inputs: dependency.inputs.map((c) => c.id),
    // A render event's output is its container: the browser replaces what is inside.
    outputs: dependency.renderable ? [dependency.renderable.container.id] : dependency.outputs.map((c) => c.id),
    backend_fn: dependency.fn !== null,
    js: o.js ?? null,
    queue: o.queue ?? true,
    api_name: dependency.fn || o.js ? dependency.apiName : null,
    api_description: o.apiDescription ?? null,
    scroll_to_output: o.scrollToOutput ?? false,
    show_progress: o.showProgress ?? "full",
    show_progress_on: null,
    batch: o.batch ?? false,
    max_batch_size: o.maxBatchSize ?? 4,
    cancels: dependency.cancels,
    // Gradio marks an event that only cancels others (a Stop button's) as a cancel event.
    types: { generator: dependency.isGenerator, cancel: dependency.fn === null && dependency.cancels.length > 0 },
    collects_event_data: dependency.fn !== null,
    trigger_after: dependency.triggerAfter,
    trigger_only_on_success: dependency.triggerOnlyOnSuccess,
    trigger_only_on_failure: dependency.triggerOnlyOnFailure,
    trigger_mode: o.triggerMode ?? "once",
    api_visibility: dependency.apiVisibility,
    rendered_in: dependency.renderedIn,
    render_id: dependency.renderable?.id ?? null,
    connection: dependency.streaming ? "stream" : "sse",
    time_limit: o.timeLimit ?? null,
    stream_every: o.streamEvery ?? 0.5,
    event_specific_args: null,
    component_prop_inputs: [],
    js_implementation: null,
    frontend_fn: dependency.frontendFn,
  };
}

/**
 * What one render built, as the `render_config` of its completion: the container (marked `renderable`)
 * and the blocks and events inside it, which the browser splices into its config. `canCall` hides the
 * events the session's user may not run, as `/config` does for the app's own.
 */
export async function renderConfig(
  tree: RenderedTree,
  context: ProcessContext,
  canCall?: (dependency: Dependency) => boolean,
): Promise<RenderConfig> {
  const { renderable } = tree;
  const container = { ...(await blockConfig(renderable.container, context)), renderable: renderable.id };
  const built = await Promise.all(
    tree.blocks.map(async (block) => ({
      ...(await blockConfig(block, context, renderable.id)),
      renderable: renderable.id,
    })),
  );
  const layout = { id: renderable.container.id, children: layoutOf(tree.children) };
  const components = [container, ...built];
  const dependencies = tree.dependencies.filter((d) => !d.fn || !canCall || canCall(d)).map(dependencyConfig);
  return {
    page: {
      "": {
        layout: { id: 0, children: layout.children },
        components: components.map((c) => c.id),
        dependencies: dependencies.map((d) => d.id),
      },
    },
    components,
    dependencies,
    layout,
    render_id: renderable.id,
  };
}

/** Each page's own layout (rooted at the app, id 0), blocks and events, as Gradio's `page` map. */
function pagesConfig(app: Blocks, blocks: readonly Block[], visible: readonly Dependency[]): AppConfig["page"] {
  const pageOf = (id: number) => app.blockPage.get(id) ?? "";
  return Object.fromEntries(
    app.pages.map(([path]) => [
      path,
      {
        layout: { id: app.id, children: layoutOf(app.children.filter((child) => pageOf(child.id) === path)) },
        components: blocks.filter((block) => pageOf(block.id) === path).map((block) => block.id),
        dependencies: visible.filter((d) => (app.dependencyPage.get(d.id) ?? "") === path).map((d) => d.id),
      },
    ]),
  );
}

export async function buildConfig(app: Blocks, options: ConfigOptions, context: ProcessContext): Promise<AppConfig> {
  const theme = options.styles?.theme ?? app.theme;
  const blocks = [...app.blocks.values()];
  const components = await Promise.all(blocks.map((block) => blockConfig(block, context)));
  const visible = app.dependencies.filter((d) => !d.fn || !options.canCall || options.canCall(d));
  const layout = { id: app.id, children: layoutOf(app.children) };
  const hasState = app.components.some((c) => c.type === "state");
  return {
    version: EMULATED_GRADIO_VERSION,
    api_prefix: "/gradio_api",
    mode: app.mode,
    app_id: options.appId,
    dev_mode: false,
    vibe_mode: false,
    analytics_enabled: false,
    components,
    css: options.styles?.configCss ?? null,
    connect_heartbeat:
      hasState || app.dependencies.some((d) => d.streaming || d.targets.some(([, event]) => event === "unload")),
    js: null,
    js_module: app.options.jsModule ? "gradio_api/app-module.js" : null,
    head: options.styles?.configHead ?? null,
    title: app.options.title ?? "gradio-ts",
    space_id: null,
    enable_queue: true,
    show_error: false,
    footer_links: ["api", "settings"],
    run_history: false,
    is_colab: false,
    max_file_size: options.maxFileSize,
    stylesheets: [],
    theme: theme.name,
    protocol: "sse_v3",
    body_css: bodyCss(theme),
    fill_height: app.options.fillHeight ?? false,
    fill_width: app.options.fillWidth ?? false,
    theme_hash: theme.hash,
    pwa: false,
    pages: app.pages.map(([path, name, shown]) => [path, name, shown]),
    page: pagesConfig(app, blocks, visible),
    mcp_server: false,
    i18n_translations: options.translations ?? null,
    dependencies: visible.map(dependencyConfig),
    layout,
    username: options.username,
    root: options.rootUrl,
  };
}
