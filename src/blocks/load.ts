/**
 * `gr.load(url)`: another running Gradio app (Python Gradio or gradio-ts) as a Blocks of this one. The
 * remote `/config` is mirrored: its layout and components become ours, and each of its server-side
 * events becomes an event here whose fn calls the remote through the protocol client.
 *
 * - Values cross twice, each time through the usual gates: the page's inputs are validated and
 *   preprocessed by our components first, and the remote's answers are postprocessed by them again.
 * - Files: an input file (already accepted by our file policy) is uploaded to the remote; a file the
 *   remote returns is downloaded from the remote's own address only (a file URL on any other origin is
 *   refused, so a remote cannot make this server fetch elsewhere), bounded in size, then published by our
 *   components as any file a fn returns.
 * - Sessions: each session here gets its own session on the remote, so remote State stays per caller.
 * - Errors of the remote (its `gr.Error`) are raised here with the same message; generators stream through;
 *   cancelling here cancels the remote call.
 * - Credentials: `token` (sent as `Authorization: Bearer`) and `headers` go with every request to the remote.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Client } from "../client/client.js";
import { isAppError } from "../client/errors.js";
import type { Job } from "../client/job.js";
import type { ComponentConfig, DependencyConfig, EventTrigger, LayoutNode } from "../protocol/config.js";
import { looksLikeFileData } from "../protocol/file-data.js";
import type { Component } from "../components/component.js";
import { componentFromShortcut, isShortcut } from "../components/registry.js";
import { AppConfigError, GradioError } from "../errors.js";
import { Blocks, type BlocksOptions } from "./blocks.js";
import type { Block } from "./block.js";
import { currentContainer, outsideAnyApp } from "./context.js";
import { Dependency, EventHandle, type EventContext, type EventOptions } from "./events.js";
import { Accordion, Column, Group, Row, Sidebar, Tab, Tabs } from "./layouts.js";
import { displayFileName, sanitizeFileName } from "../files/file-name.js";

export interface LoadOptions extends BlocksOptions {
  /** An API token of the remote app: sent as `Authorization: Bearer <token>` (Gradio's `hf_token`). */
  token?: string;
  /** Sent with every request to the remote (e.g. a proxy's credentials). */
  headers?: Record<string, string>;
  /** Largest file downloaded from the remote per output file, in bytes. Default 100 MB. */
  maxFileBytes?: number;
  /** Sessions here that keep their own remote session at once; the oldest is dropped beyond. Default 1000. */
  maxSessions?: number;
}

const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;
/** Component types that carry files: their values are uploaded to the remote. */
const FILE_TYPES = new Set([
  "image",
  "audio",
  "video",
  "file",
  "model3d",
  "uploadbutton",
  "gallery",
  "multimodaltextbox",
  "imageeditor",
  "sketchpad",
  "paint",
  "annotatedimage",
  "chatbot",
  "downloadbutton",
]);
/** Config props that are ours to set, or that only the browser of the remote needs. */
const SKIPPED_PROPS = new Set(["name", "type", "key", "preserved_by_key", "proxy_url", "rendered_in", "_selectable"]);

/** Refuses what cannot be loaded from here, by name: Hugging Face names, other schemes. */
export function checkLoadSource(source: unknown): string {
  if (typeof source !== "string" || source.trim() === "")
    throw new AppConfigError("gr.load needs the URL of a running Gradio app, such as http://127.0.0.1:7860/.");
  const given = source.trim();
  if (/^(spaces|models|huggingface)\//i.test(given) || !/^[a-z][a-z0-9+.-]*:/i.test(given))
    throw new AppConfigError(
      `gr.load("${given}"): Hugging Face Spaces and models are not reachable from gradio-ts; ` +
        "pass the http(s) URL of a running Gradio app instead.",
    );
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new AppConfigError(`gr.load("${given}"): not a valid URL.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new AppConfigError(`gr.load("${given}"): only http(s) URLs can be loaded, not ${url.protocol} ones.`);
  return url.href;
}

/** Loads the Gradio app at `url` as a Blocks whose events call it. */
export async function load(url: string, options: LoadOptions = {}): Promise<Blocks> {
  const href = checkLoadSource(url);
  const { token, headers, maxFileBytes, maxSessions, ...blocksOptions } = options;
  const clientOptions = { ...(token ? { token } : {}), ...(headers ? { headers } : {}) };
  let probe: Client;
  try {
    probe = await Client.connect(href, { ...clientOptions, fetchApiInfo: false });
  } catch (error) {
    throw new AppConfigError(`gr.load("${href}"): could not load the app: ${(error as Error).message}`);
  }
  probe.close();
  const config = probe.config;
  const remote = new RemoteSessions(href, clientOptions, maxSessions ?? 1000);
  const files = new RemoteFiles(probe.root, clientOptions, maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  const title = typeof config.title === "string" ? config.title : undefined;
  const demo = new Blocks({ ...(title ? { title } : {}), ...blocksOptions });
  demo.extend(() => {
    const built = new Map<number, Block>();
    const byId = new Map(config.components.map((c) => [c.id, c]));
    for (const node of config.layout.children ?? []) buildNode(node, byId, built);
    mirrorEvents(demo, config.dependencies, built, byId, remote, files);
  });
  // Each session's remote client keeps a stream to the remote open: end them with the app.
  demo.closeTasks.push(() => remote.closeAll());
  return demo;
}

function buildNode(node: LayoutNode, byId: Map<number, ComponentConfig>, built: Map<number, Block>): void {
  const component = byId.get(node.id);
  if (!component) return;
  const children = () => {
    for (const child of node.children ?? []) buildNode(child, byId, built);
  };
  const props = component.props;
  const common = { visible: props.visible !== false, ...(props.elem_id ? { elemId: String(props.elem_id) } : {}) };
  const label = typeof props.label === "string" ? props.label : "";
  switch (component.type) {
    case "row":
      return void built.set(component.id, Row(common, children));
    case "column":
      return void built.set(component.id, Column(common, children));
    case "group":
      return void built.set(component.id, Group(common, children));
    case "tabs":
      return void built.set(component.id, Tabs(common, children));
    case "tab":
    case "tabitem":
      return void built.set(component.id, Tab(label, common, children));
    case "accordion":
      return void built.set(component.id, Accordion(label, { ...common, open: props.open !== false }, children));
    case "sidebar":
      return void built.set(component.id, Sidebar(common, children));
    case "form":
      // Gradio wraps neighbouring inputs in a form; it draws no box of its own.
      return children();
    default: {
      const made = mirrorComponent(component);
      if (made) built.set(component.id, made);
      else console.warn(`gr.load: the remote's ${component.type} component is not built here; it is left out.`);
    }
  }
}

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** One remote component as ours: the same type with its props; its file-valued props are left out. */
function mirrorComponent(config: ComponentConfig): Component | null {
  if (!isShortcut(config.type)) return null;
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config.props)) {
    if (SKIPPED_PROPS.has(key) || value === null || value === undefined) continue;
    if (key === "value" && (FILE_TYPES.has(config.type) || typeof value === "function")) continue;
    options[camel(key)] = value;
  }
  const Made = outsideAnyApp(() => componentFromShortcut(config.type)).constructor as new (
    options: object,
  ) => Component;
  const parent = currentContainer()!;
  try {
    const made = withoutPlacing(() => new Made(options));
    made.attachTo(parent);
    return made;
  } catch {
    // A prop our component reads differently: the component with its label and visibility only.
    const made = withoutPlacing(() => new Made({ label: config.props.label, visible: config.props.visible }));
    made.attachTo(parent);
    return made;
  }
}

/** Built outside the app and placed afterwards, so a construction that throws leaves nothing behind. */
function withoutPlacing<T extends Block>(make: () => T): T {
  return outsideAnyApp(make);
}

function mirrorEvents(
  app: Blocks,
  dependencies: readonly DependencyConfig[],
  built: Map<number, Block>,
  byId: Map<number, ComponentConfig>,
  remote: RemoteSessions,
  files: RemoteFiles,
): void {
  const handles = new Map<number, EventHandle>();
  for (const dependency of dependencies) {
    if (!dependency.backend_fn || dependency.rendered_in !== null) continue;
    const inputs = dependency.inputs.map((id) => built.get(id));
    const outputs = dependency.outputs.map((id) => built.get(id));
    if (inputs.some((b) => b === undefined) || outputs.some((b) => b === undefined)) {
      console.warn(
        `gr.load: the remote's event ${describeDependency(dependency)} uses blocks not built here; left out.`,
      );
      continue;
    }
    const inputTypes = dependency.inputs.map((id) => byId.get(id)!.type);
    const options: EventOptions = {
      fn: remoteFn(dependency, inputTypes, remote, files) as EventOptions["fn"],
      inputs: inputs as Component[],
      outputs: outputs as Component[],
      ...(dependency.api_name ? { apiName: dependency.api_name } : {}),
      apiVisibility: dependency.api_visibility,
      queue: dependency.queue,
      showProgress: dependency.show_progress,
      triggerMode: dependency.trigger_mode,
      runIn: "main",
    };
    const parent = dependency.trigger_after === null ? undefined : handles.get(dependency.trigger_after);
    let handle: EventHandle | undefined;
    if (parent) {
      handle = dependency.trigger_only_on_success
        ? parent.success(options)
        : dependency.trigger_only_on_failure
          ? parent.failure(options)
          : parent.then(options);
    } else {
      const targets = dependency.targets.flatMap(([id, event]): EventTrigger[] =>
        id === null ? [[null, event]] : built.has(id) ? [[built.get(id)!.id, event]] : [],
      );
      if (targets.length === 0) continue;
      handle = addEvent(app, targets, options);
    }
    handles.set(dependency.id, handle);
  }
}

function describeDependency(dependency: DependencyConfig): string {
  return dependency.api_name ? `/${dependency.api_name}` : `#${dependency.id}`;
}

function addEvent(app: Blocks, targets: EventTrigger[], options: EventOptions): EventHandle {
  const dependency = new Dependency(targets, options);
  app.addDependency(dependency);
  return new EventHandle(dependency);
}

/** The fn of one mirrored event: a generator when the remote's is one, so partial results stream through. */
function remoteFn(
  dependency: DependencyConfig,
  inputTypes: readonly string[],
  remote: RemoteSessions,
  files: RemoteFiles,
): (...args: unknown[]) => unknown {
  const start = async (args: unknown[]): Promise<{ job: Job; context: EventContext }> => {
    const context = args[args.length - 1] as EventContext;
    const values = args.slice(0, inputTypes.length);
    const payload = await Promise.all(values.map((v, i) => toUploads(inputTypes[i]!, v)));
    const client = await remote.forSession(context.request.sessionHash);
    const job = client.submit(dependency.id, payload, { fullOutputs: true });
    context.signal.addEventListener("abort", () => void job.cancel(), { once: true });
    return { job, context };
  };
  // A fn of one output returns its value, not a list of one (as a fn written here would).
  const shape = (data: unknown[]): unknown => (dependency.outputs.length === 1 ? data[0] : data);
  if (dependency.types.generator) {
    return async function* streamRemote(...args: unknown[]) {
      const { job } = await start(args);
      let last: unknown[] | null = null;
      for await (const event of job) {
        // The remote's final message repeats its last yield; it ends the stream rather than adding to it.
        if (event.type === "data" && (event.generating || last === null)) {
          last = event.data;
          yield shape(await files.localize(event.data));
        } else if (event.type === "status" && event.stage === "error") throw remoteError(event.message);
      }
      const result = await job.result.catch((error: unknown) => {
        throw remoteError(isAppError(error) ? error.message : (error as Error).message);
      });
      if (last === null) yield shape(await files.localize(result.data));
    };
  }
  return async function callRemote(...args: unknown[]) {
    const { job } = await start(args);
    try {
      return shape(await files.localize((await job.result).data));
    } catch (error) {
      if (error instanceof GradioError) throw error;
      throw remoteError(isAppError(error) ? error.message : (error as Error).message);
    }
  };
}

function remoteError(message: string | undefined): GradioError {
  return new GradioError(message && message !== "null" ? message : "The loaded app's fn failed.");
}

/** Components whose value is a path (or a list of paths) as the fn receives it. */
const PATH_VALUED = new Set(["image", "audio", "video", "file", "model3d", "uploadbutton", "downloadbutton"]);

/**
 * The files of an input value → Blobs the client uploads. Each was accepted by our file policy when the
 * component preprocessed the payload. Only the places a component keeps paths are read: a chat or
 * textbox string that looks like a path stays text.
 */
async function toUploads(type: string, value: unknown): Promise<unknown> {
  if (PATH_VALUED.has(type)) return uploadsIn(value, true);
  if (type === "multimodaltextbox" && isRecord(value)) return { ...value, files: await uploadsIn(value.files, true) };
  if (["imageeditor", "sketchpad", "paint"].includes(type)) return uploadsIn(value, true);
  return uploadsIn(value, false);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

async function uploadsIn(value: unknown, stringsArePaths: boolean): Promise<unknown> {
  if (typeof value === "string") return stringsArePaths ? fileBlob(value, null) : value;
  if (Array.isArray(value)) return Promise.all(value.map((item) => uploadsIn(item, stringsArePaths)));
  if (looksLikeFileData(value) || (isRecord(value) && typeof value.path === "string" && !("role" in value))) {
    const { path: filePath, orig_name: origName } = value as { path: string; orig_name?: unknown };
    return fileBlob(filePath, typeof origName === "string" ? origName : null);
  }
  if (isRecord(value)) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([key, item]) => [key, await uploadsIn(item, stringsArePaths)] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

async function fileBlob(filePath: string, origName: string | null): Promise<unknown> {
  if (!path.isAbsolute(filePath)) return filePath;
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- an input file the file access policy accepted when our component preprocessed it
  const bytes = await readFile(filePath);
  return new File([bytes], origName ?? path.basename(filePath));
}

/** One remote session per session here, so the remote's State is each caller's own; oldest dropped first. */
class RemoteSessions {
  readonly #clients = new Map<string, Promise<Client>>();
  constructor(
    readonly url: string,
    readonly clientOptions: { token?: string; headers?: Record<string, string> },
    readonly max: number,
  ) {}

  closeAll(): void {
    for (const client of this.#clients.values())
      void client.then(
        (c) => c.close(),
        () => undefined,
      );
    this.#clients.clear();
  }

  forSession(sessionHash: string): Promise<Client> {
    let client = this.#clients.get(sessionHash);
    if (client) {
      this.#clients.delete(sessionHash);
      this.#clients.set(sessionHash, client);
      return client;
    }
    client = Client.connect(this.url, { ...this.clientOptions, fetchApiInfo: false });
    client.catch(() => this.#clients.delete(sessionHash));
    this.#clients.set(sessionHash, client);
    while (this.#clients.size > this.max) {
      const [oldest, dropped] = this.#clients.entries().next().value as [string, Promise<Client>];
      this.#clients.delete(oldest);
      void dropped.then(
        (c) => c.close(),
        () => undefined,
      );
    }
    return client;
  }
}

/** Files the remote returns, fetched from the remote's own origin into a temp folder our components publish from. */
class RemoteFiles {
  #folder: Promise<string> | null = null;
  readonly #origin: string;
  constructor(
    readonly root: string,
    readonly clientOptions: { token?: string; headers?: Record<string, string> },
    readonly maxBytes: number,
  ) {
    this.#origin = new URL(root).origin;
  }

  async localize(data: readonly unknown[]): Promise<unknown[]> {
    return Promise.all(data.map((value) => this.#walk(value)));
  }

  async #walk(value: unknown): Promise<unknown> {
    if (Array.isArray(value)) return Promise.all(value.map((v) => this.#walk(v)));
    if (looksLikeFileData(value)) return this.#download(value as { path: string; url?: unknown; orig_name?: unknown });
    if (typeof value === "object" && value !== null) {
      const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await this.#walk(v)] as const));
      return Object.fromEntries(entries);
    }
    return value;
  }

  async #download(file: { path: string; url?: unknown; orig_name?: unknown; mime_type?: unknown }): Promise<unknown> {
    const url = typeof file.url === "string" ? new URL(file.url, this.root + "/") : null;
    if (!url || url.origin !== this.#origin)
      throw new GradioError("The loaded app returned a file that is not on its own address; it was not fetched.");
    const headers: Record<string, string> = { ...this.clientOptions.headers };
    if (this.clientOptions.token) headers.Authorization = `Bearer ${this.clientOptions.token}`;
    const response = await fetch(url, { headers, redirect: "error" });
    if (!response.ok) throw new GradioError(`The loaded app's file could not be fetched (HTTP ${response.status}).`);
    const bytes = await readBounded(response, this.maxBytes);
    const name = displayFileName(typeof file.orig_name === "string" ? file.orig_name : null, "file");
    this.#folder ??= mkdtemp(path.join(os.tmpdir(), "gradio-ts-load-"));
    const folder = await mkdtemp(path.join(await this.#folder, "f"));
    const local = path.join(folder, sanitizeFileName(name));
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- a fresh folder of ours and a sanitized display name
    await writeFile(local, bytes);
    return {
      path: local,
      orig_name: name,
      ...(typeof file.mime_type === "string" ? { mime_type: file.mime_type } : {}),
      meta: { _type: "gradio.FileData" },
    };
  }
}

async function readBounded(response: Response, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new GradioError(`The loaded app's file is larger than ${maxBytes} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
