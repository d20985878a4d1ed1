/**
 * An app: a tree of blocks plus the events wired between them. Built in a callback, the way Python
 * Gradio uses `with gr.Blocks() as demo:`. The server is loaded only by `launch()`/`app()`, so the app
 * model itself carries no server code.
 */
import type { FastifyInstance } from "fastify";
import type { Component } from "../components/component.js";
import { AppConfigError } from "../errors.js";
import type { AppMode, EventTrigger } from "../protocol/config.js";
import type { LaunchOptions, RunningApp } from "../server/options.js";
import type { Block, Container } from "./block.js";
import { appBeingBuilt, buildInside, type ValueEvent } from "./context.js";
import { Dependency, EventHandle, type EventContext, type EventOptions, type Inputs } from "./events.js";
import { noteDefinitionSite } from "./fn-params.js";
import type { LaunchTask } from "./examples.js";
import type { Renderable } from "./render.js";
import { pagePath, type PageEntry, type RouteOptions } from "./pages.js";
import { resolveTheme, type Theme, type ThemeName } from "../themes/theme.js";
import { Timer } from "../components/timer.js";
import type { EncryptionKey } from "../security/encryption.js";
import { appWorkerRegistry, noteLaunch, recordWorkerApp } from "../workers/app-module.js";

export interface BlocksOptions {
  title?: string;
  /**
   * A theme (`new gr.themes.Soft()`, optionally `.set({ ... })`) or a built-in theme's name ("soft").
   * Default: `gr.themes.Default`. Served as the stylesheet `theme.css`.
   */
  theme?: Theme | ThemeName;
  /** Extra CSS for the page, served as the stylesheet `custom.css` (so the strict CSP still holds). */
  css?: string;
  /** CSS files appended to `css`, read once at start through the file access policy. */
  cssPaths?: string | readonly string[];
  /**
   * HTML for the page's `<head>`: `<meta>`, `<link>` to this app's files, `<script src>` of this app's
   * files and `<style>`. Inline scripts are refused at start (the CSP would block them).
   */
  head?: string;
  /** HTML files appended to `head`, read once at start through the file access policy. */
  headPaths?: string | readonly string[];
  /** The app grows to the window's height; its last row takes the room left. */
  fillHeight?: boolean;
  /** The app uses the window's full width instead of a centred column. */
  fillWidth?: boolean;
  /**
   * An ES module (a path to a .js file you wrote) whose exported functions events can run in the
   * browser with `js: "exportName"`. It is served from this app's origin, so it runs under the strict
   * CSP: client-side code without inline scripts or eval.
   */
  jsModule?: string;
}

export interface QueueOptions {
  /** Events of one fn that may run at once unless the event says otherwise. Gradio's default is 1. */
  defaultConcurrencyLimit?: number | null;
  /**
   * Most events waiting at once across the app (all replicas, with Redis); further joins get a clear
   * "queue full" error (503). Default DEFAULT_MAX_QUEUE_SIZE; `null` or `Infinity` means no bound.
   */
  maxSize?: number | null;
}

/** The default queue bound: generous for real traffic, but a flood of joins cannot grow memory without end. */
export const DEFAULT_MAX_QUEUE_SIZE = 5000;

/** An app's at-rest key while it runs (`launch({ encryptionKey })`): what its Flag buttons encrypt with. */
export interface EncryptionKeyHolder {
  readonly encryptionKey: EncryptionKey | undefined;
}

const NAMELESS = new Set(["", "fn", "anonymous", "bound", "default"]);

/** Gradio's rule: the fn's name with punctuation other than `-`/`_` removed; nameless fns (Python lambdas) are "lambda". */
export function defaultApiName(fn: ((...args: never[]) => unknown) | null | undefined): string {
  const name = (fn?.name ?? "").replace(/^bound /, "").replace(/[^\p{L}\p{N}_-]/gu, "");
  return NAMELESS.has(name) ? "lambda" : name;
}

export class Blocks implements Container {
  readonly type = "blocks";
  readonly id = 0;
  readonly children: Block[] = [];
  readonly blocks = new Map<number, Block>();
  readonly dependencies: Dependency[] = [];
  /** The app's gr.render fns, by render id. */
  readonly renderables: Renderable[] = [];
  /** Run by the server once it has its file cache and rules, before it serves (cached examples). */
  readonly launchTasks: LaunchTask[] = [];
  /** Run when the running app stops: what the app holds open beside the server (gr.load's remote sessions). */
  readonly closeTasks: (() => void)[] = [];
  readonly queueSettings: Required<QueueOptions> = { defaultConcurrencyLimit: 1, maxSize: DEFAULT_MAX_QUEUE_SIZE };
  mode: AppMode = "blocks";
  /** Set by the server while the app runs with an `encryptionKey`; see EncryptionKeyHolder. */
  encryptionKey: EncryptionKey | undefined = undefined;
  /** Set by `gr.setStaticPaths()` inside the build; null: the paths set outside any app (static-paths.ts). */
  staticPaths: readonly string[] | null = null;
  /** The theme `options.theme` names, resolved (and checked) when the app is built. */
  readonly theme: Theme;
  /** The main page ("") and those `route()` added, as the config lists them. */
  readonly pages: PageEntry[] = [["", "Home", true]];
  /** The page path of each block and of each event (by dependency id). */
  readonly blockPage = new Map<number, string>();
  readonly dependencyPage = new Map<number, string>();
  #currentPage = "";
  #nextId = 1;

  constructor(
    readonly options: BlocksOptions = {},
    build?: (demo: Blocks) => void,
  ) {
    this.theme = resolveTheme(options.theme);
    if (build) buildInside(this, () => build(this));
    this.#attachValueEvents();
  }

  /** Adds more to the app after construction, with the same rules as the constructor's callback. */
  extend(build: (demo: this) => void): this {
    buildInside(this, () => build(this));
    this.#attachValueEvents();
    return this;
  }

  readonly #valueEvents: ValueEvent[] = [];

  valueEvent(event: ValueEvent): void {
    this.#valueEvents.push(event);
  }

  /**
   * The events of function `value`s, after every other event, as Gradio adds them when the app is built:
   * each runs on page load, and on its timer's ticks or its inputs' changes (then without a progress bar).
   */
  #attachValueEvents(): void {
    for (const { component, fn, timer, inputs } of this.#valueEvents.splice(0)) {
      const triggers: EventTrigger[] = inputs.map((input): EventTrigger => [input.id, "change"]);
      if (timer) triggers.push([timer.id, "tick"]);
      const apiName = fn.name === "value" ? "lambda" : defaultApiName(fn);
      const options: EventOptions = {
        fn: fn as EventOptions["fn"],
        inputs: inputs as Component[],
        outputs: component as Component,
        showProgress: triggers.length > 0 ? "hidden" : "full",
        apiName,
      };
      this.addDependency(new Dependency([...triggers, [this.id, "load"]], options));
    }
  }

  /**
   * Adds a page, served at `/path` with a nav bar linking the pages: what `build` creates belongs to it.
   * Its events share the app's queue and API. As Gradio's `with demo.route(name, path):`.
   */
  route(name: string, build: (demo: this) => void): this;
  route(name: string, path: string | RouteOptions, build: (demo: this) => void): this;
  route(name: string, pathOrBuild: string | RouteOptions | ((demo: this) => void), build?: (demo: this) => void): this {
    if (appBeingBuilt())
      throw new AppConfigError(
        "demo.route() adds a page to a built app: call it after the Blocks callback, not inside it.",
      );
    const options: RouteOptions =
      typeof pathOrBuild === "string" ? { path: pathOrBuild } : typeof pathOrBuild === "function" ? {} : pathOrBuild;
    const buildPage = typeof pathOrBuild === "function" ? pathOrBuild : build;
    if (typeof buildPage !== "function")
      throw new AppConfigError(`demo.route("${name}") needs a callback that builds the page.`);
    const path = pagePath(name, this.pages, options.path);
    this.pages.push([path, name, options.showInNavbar ?? true]);
    this.#currentPage = path;
    try {
      return this.extend(buildPage);
    } finally {
      this.#currentPage = "";
    }
  }

  /** The id the next block will get: ids from here up are free for what gr.render fns build per session. */
  get nextBlockId(): number {
    return this.#nextId;
  }

  add(block: Block): void {
    this.children.push(block);
  }

  everyTimer(seconds: number): Block {
    return new Timer({ value: seconds });
  }

  register(block: Block): void {
    if (block.id >= 0 && this.blocks.get(block.id) === block) return;
    block.id = this.#nextId++;
    this.blocks.set(block.id, block);
    this.blockPage.set(block.id, this.#currentPage);
  }

  unregister(block: Block): void {
    if (this.blocks.get(block.id) !== block) return;
    this.blocks.delete(block.id);
    this.blockPage.delete(block.id);
  }

  addDependency(dependency: Dependency): void {
    for (const component of [...dependency.inputs, ...dependency.outputs]) {
      if (this.blocks.get(component.id) !== component) {
        throw new AppConfigError(
          `A ${component.type} used as an event input or output is not part of this app: create it inside the Blocks callback.`,
        );
      }
    }
    dependency.id = this.dependencies.length;
    this.dependencyPage.set(dependency.id, this.#currentPage);
    noteDefinitionSite(dependency.fn);
    if (dependency.fn)
      dependency.apiName = this.#uniqueApiName(dependency.options.apiName ?? defaultApiName(dependency.fn));
    // Gradio names a browser-only event too, though no caller can reach it by that name.
    else if (dependency.options.js) dependency.apiName = this.#uniqueApiName(dependency.options.apiName ?? "js_fn");
    this.dependencies.push(dependency);
  }

  #uniqueApiName(wanted: string): string {
    const taken = new Set(this.dependencies.map((d) => d.apiName));
    if (!taken.has(wanted)) return wanted;
    let suffix = 1;
    while (taken.has(`${wanted}_${suffix}`)) suffix++;
    return `${wanted}_${suffix}`;
  }

  get components(): Component[] {
    return [...this.blocks.values()].filter((block): block is Component => "preprocess" in block);
  }

  /** Runs when a page (or API client session) loads the app. */
  load<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    const dependency = new Dependency([[this.id, "load"]], options as EventOptions);
    this.addDependency(dependency);
    return new EventHandle(dependency);
  }

  /**
   * Runs when a page's session ends (its tab closed or reloaded): for freeing what the session held.
   * The fn gets no inputs and its return value goes nowhere; callers cannot reach it by name.
   */
  unload(fn: (context: EventContext) => unknown): EventHandle {
    const dependency = new Dependency([[null, "unload"]], {
      fn: fn as EventOptions["fn"],
      showProgress: "hidden",
      apiVisibility: "private",
    });
    this.addDependency(dependency);
    return new EventHandle(dependency);
  }

  queue(options: QueueOptions = {}): this {
    const { maxSize } = options;
    if (
      maxSize !== undefined &&
      maxSize !== null &&
      !(maxSize === Number.POSITIVE_INFINITY || (Number.isInteger(maxSize) && maxSize >= 0))
    ) {
      throw new AppConfigError(
        `queue({ maxSize }) must be a whole number of events, Infinity or null (no bound), not ${String(maxSize)}.`,
      );
    }
    Object.assign(this.queueSettings, Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)));
    return this;
  }

  /** Starts the server and prints the URL; resolves once it listens. */
  async launch(options: LaunchOptions = {}): Promise<RunningApp> {
    // Inside a worker thread the app is built only to run its fns there: nothing listens.
    const worker = appWorkerRegistry();
    if (worker) return recordWorkerApp(worker, this);
    noteLaunch(this);
    const { launch } = await import("../server/launch.js");
    return launch(this, options);
  }

  /** The Fastify instance serving this app, not listening: for tests and mounting into a host app. */
  async app(options: LaunchOptions = {}): Promise<FastifyInstance> {
    const { createServer } = await import("../server/app.js");
    return (await createServer(this, options)).fastify;
  }
}
