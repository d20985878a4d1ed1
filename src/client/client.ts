/**
 * The protocol client: connect to an app, call its endpoints through the queue, upload files. Uses only
 * web-standard globals (fetch, streams, FormData, crypto), so it runs in browsers, Node 20 and edge
 * runtimes; the browser app talks to its server only through this class.
 */
import { ClientHttpError, httpError } from "./errors.js";
import { Job, type JobResult } from "./job.js";
import { SessionStream } from "./session-stream.js";
import type { EndpointMap, TypedApp, TypedCalls } from "./typed.js";
import { isApiInfo, type ApiInfo } from "../protocol/api-info.js";
import { isAppConfig, type AppConfig, type DependencyConfig, type RenderConfig } from "../protocol/config.js";
import type { FileData } from "../protocol/file-data.js";
import { isCompletedOutput, isErrorOutput, isJoinAnswer, type QueueMessage } from "../protocol/messages.js";
import type { FetchLike } from "./types.js";
import type { UploadOptions } from "./upload.js";

export interface ClientOptions {
  /** Defaults to the global fetch. */
  fetch?: FetchLike;
  /** Sent with every request (e.g. an Authorization header for a proxy). */
  headers?: Record<string, string>;
  /** Reuse a session (its gr.State); a fresh random one by default. */
  sessionHash?: string;
  /** Fetch `/gradio_api/info` while connecting (default true); otherwise it is fetched when first needed. */
  fetchApiInfo?: boolean;
  /** An API token (`gradio-ts token create`): sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Longest wait for one HTTP request (config, info, join, upload), in ms; none by default. */
  timeoutMs?: number;
  /**
   * How often a request that failed in a way worth retrying is tried again: network errors, 429,
   * 502, 503 and 504, with a growing pause (`retryDelayMs`, doubled each time; Retry-After wins). Default 2.
   */
  retries?: number;
  retryDelayMs?: number;
}

export interface SubmitOptions {
  /** The component that fired the event (browser app). */
  triggerId?: number | null;
  eventData?: unknown;
  /** Keep State and other non-API outputs in `data` (aligned with the dependency's outputs). */
  fullOutputs?: boolean;
  /** Upload progress for Blobs found in the inputs. */
  onUploadProgress?: (loaded: number, total: number) => void;
  /** Give up on the call after this many ms: it is cancelled on the server and fails with a timeout message. */
  timeoutMs?: number;
}

/** The client for an app whose endpoint types are known (see `typedEndpoints`); a plain `Client` otherwise. */
export type ClientFor<App> =
  App extends TypedApp<infer E>
    ? E extends EndpointMap
      ? Omit<Client, "predict" | "submit"> & TypedCalls<E, SubmitOptions>
      : Client
    : Client;

/** Inputs: one value per parameter, or an object keyed by parameter name (as `/info` lists them). */
export type CallData = readonly unknown[] | Record<string, unknown>;

const SUPPORTED_PROTOCOLS = new Set(["sse_v2", "sse_v2.1", "sse_v3"]);
const HEARTBEAT_RETRY_MS = 2000;

function randomSessionHash(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(36).padStart(2, "0"))
    .join("")
    .slice(0, 12);
}

/** `http://h/app/?x#y` → `http://h/app`; a trailing `index.html` is dropped too. */
export function appRoot(url: string): string {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/\/index\.html$/, "/").replace(/\/+$/, "");
  return `${parsed.origin}${path}`;
}

export class Client {
  readonly config: AppConfig;
  /** The app's URL as given, without trailing slash: requests go here rather than to `config.root`, so a proxied path keeps working. */
  readonly root: string;
  readonly apiUrl: string;
  readonly sessionHash: string;
  readonly #fetch: FetchLike;
  readonly #headers: Record<string, string>;
  readonly #stream: SessionStream;
  #apiInfo: Promise<ApiInfo> | null = null;
  #heartbeat: AbortController | null = null;

  private constructor(root: string, config: AppConfig, options: ClientOptions) {
    this.root = root;
    this.config = config;
    this.apiUrl = root + (config.api_prefix ?? "");
    this.sessionHash = options.sessionHash ?? randomSessionHash();
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#headers = { ...options.headers, ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}) };
    this.#stream = new SessionStream(
      `${this.apiUrl}/queue/data?session_hash=${encodeURIComponent(this.sessionHash)}`,
      this.#fetch,
      this.#headers,
    );
  }

  /**
   * Connects to the app at `url`. With the app's type, `Client.connect<typeof demo>(url)`, endpoint
   * names, arguments and results are checked by the compiler (see `typedEndpoints`).
   */
  static async connect<App = unknown>(url: string, options: ClientOptions = {}): Promise<ClientFor<App>> {
    const root = appRoot(url);
    const fetchFn = withRetries(options.fetch ?? ((input: string, init?: RequestInit) => fetch(input, init)), options);
    const headers = { ...options.headers, ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}) };
    const config = await getJson(fetchFn, `${root}/config`, headers, "Loading the app's config");
    if (!isAppConfig(config))
      throw new ClientHttpError(`${root}/config is not a Gradio app's config`, `${root}/config`, 200);
    if (!SUPPORTED_PROTOCOLS.has(config.protocol))
      throw new ClientHttpError(
        `Unsupported protocol "${String(config.protocol)}": this client speaks sse_v3`,
        `${root}/config`,
        200,
      );
    config.dependencies.forEach((dependency, index) => (dependency.id ??= index));
    const client = new Client(root, config, { ...options, fetch: fetchFn });
    if (options.fetchApiInfo !== false) await client.viewApi().catch(() => undefined);
    if (config.connect_heartbeat) client.#startHeartbeat();
    return client as ClientFor<App>;
  }

  /** The API description (`/gradio_api/info`), fetched once. */
  viewApi(): Promise<ApiInfo> {
    this.#apiInfo ??= getJson(this.#fetch, `${this.apiUrl}/info`, this.#headers, "Loading the API description").then(
      (info) => {
        if (!isApiInfo(info))
          throw new ClientHttpError(`${this.apiUrl}/info is not an API description`, `${this.apiUrl}/info`, 200);
        return info;
      },
    );
    this.#apiInfo.catch(() => (this.#apiInfo = null));
    return this.#apiInfo;
  }

  /** The dependency behind `/name`, `name` or a fn_index. */
  dependency(endpoint: string | number): DependencyConfig {
    const found =
      typeof endpoint === "number"
        ? this.config.dependencies.find((d) => d.id === endpoint)
        : this.config.dependencies.find((d) => d.api_name && d.api_name === endpoint.replace(/^\//, ""));
    if (!found)
      throw new Error(
        `This app has no endpoint ${typeof endpoint === "number" ? `with fn_index ${endpoint}` : `named ${endpoint}`}.`,
      );
    return found;
  }

  fileUrl(path: string): string {
    return `${this.apiUrl}/file=${path}`;
  }

  async upload(files: readonly Blob[], options: UploadOptions = {}): Promise<FileData[]> {
    // Loaded on first use: most pages never upload, and the browser app's first load should not carry it.
    const { uploadFiles } = await import("./upload.js");
    return uploadFiles(this.apiUrl, files, { fetch: this.#fetch, headers: this.#headers }, options);
  }

  /** Calls an endpoint and waits for its final outputs; rejects with `AppError` when the fn fails. */
  predict(endpoint: string | number, data: CallData = [], options: SubmitOptions = {}): Promise<JobResult> {
    return this.submit(endpoint, data, options).result;
  }

  /** Starts a call; iterate the job for status, intermediate data (generators) and logs. */
  submit(endpoint: string | number, data: CallData = [], options: SubmitOptions = {}): Job {
    const dependency = this.dependency(endpoint);
    const skipped = this.#skippedPositions(dependency.outputs);
    const name = dependency.api_name ? `/${dependency.api_name}` : String(dependency.id);
    const job = new Job(
      name,
      dependency.id,
      (index) => options.fullOutputs === true || !skipped.has(index),
      (j) => this.#cancel(j),
      (renderConfig) => this.#applyRender(renderConfig),
    );
    job.started();
    void this.#run(job, dependency, data, options);
    if (options.timeoutMs !== undefined) {
      const timer = setTimeout(() => {
        if (job.finished) return;
        job.fail(`The call to ${name} timed out after ${options.timeoutMs} ms and was cancelled.`);
        void this.#cancel(job);
      }, options.timeoutMs);
      const clear = () => clearTimeout(timer);
      job.result.then(clear, clear);
    }
    return job;
  }

  /** Stops the session stream and heartbeat; pending jobs are left as they are. */
  close(): void {
    this.#stream.close();
    this.#heartbeat?.abort();
    this.#heartbeat = null;
  }

  /**
   * A render fn's result replaces what that render built before, as Gradio's own client does: its blocks
   * and events leave the config, the container and the new ones come in (so the new events can be called).
   */
  #applyRender({ render_id: renderId, components, dependencies }: RenderConfig): void {
    const fresh = new Set(components.map((component) => component.id));
    this.config.components = [
      ...this.config.components.filter(
        (c) => c.rendered_in !== renderId && c.props.rendered_in !== renderId && !fresh.has(c.id),
      ),
      ...components,
    ];
    this.config.dependencies = [...this.config.dependencies.filter((d) => d.rendered_in !== renderId), ...dependencies];
    // State built by the render lives in the session, which the heartbeat keeps open.
    if (!this.#heartbeat && components.some((c) => c.type === "state")) {
      this.config.connect_heartbeat = true;
      this.#startHeartbeat();
    }
  }

  async #run(job: Job, dependency: DependencyConfig, data: CallData, options: SubmitOptions): Promise<void> {
    let eventId: string;
    try {
      const payload = await this.#uploadBlobs(await this.#inputs(dependency, data), options.onUploadProgress);
      if (job.cancelRequested) return;
      const body = {
        data: payload,
        event_data: options.eventData ?? null,
        fn_index: dependency.id,
        trigger_id: options.triggerId ?? null,
        session_hash: this.sessionHash,
      };
      if (dependency.queue === false) return await this.#runDirect(job, body);
      const response = await this.#fetch(`${this.apiUrl}/queue/join`, {
        method: "POST",
        headers: { ...this.#headers, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!response.ok) {
        const error = await httpError(response, "Joining the queue");
        return job.fail(
          response.status === 503 ? "The app is busy: its queue is full. Please try again." : joinErrorMessage(error),
        );
      }
      const joined: unknown = await response.json();
      if (!isJoinAnswer(joined)) return job.fail("The server's answer to joining the queue has no event id.");
      eventId = joined.event_id;
    } catch (error) {
      return job.fail((error as Error).message);
    }
    job.eventId = eventId;
    if (job.cancelRequested) return void this.#cancel(job);
    this.#stream.listen(eventId, {
      onMessage: (message: QueueMessage) => {
        job.handle(message);
        if (job.finished) this.#stream.forget(eventId);
      },
      onBroken: (reason) => {
        job.fail(reason, { broken: true });
        this.#stream.forget(eventId);
      },
    });
  }

  /**
   * An event declared with `queue: false`: one request whose answer is the result, as Gradio's browser
   * app calls it (`POST run/predict`). A failure of the fn answers 500 with the error payload.
   */
  async #runDirect(job: Job, body: Record<string, unknown>): Promise<void> {
    const response = await this.#fetch(`${this.apiUrl}/run/predict`, {
      method: "POST",
      headers: { ...this.#headers, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const failure: unknown = response.status === 500 ? await response.json().catch(() => null) : null;
    const failed = isCompletedOutput(failure) && isErrorOutput(failure) ? failure : null;
    if (!response.ok && !failed) return job.fail(joinErrorMessage(await httpError(response, "The call")));
    const answer: unknown = failed ?? (await response.json());
    if (!isCompletedOutput(answer))
      return job.fail("The server answered the call with something that is not an output.");
    job.completed(answer, response.ok, null);
  }

  async #cancel(job: Job): Promise<void> {
    if (!job.eventId) return;
    const post = (path: string, body: unknown) =>
      this.#fetch(`${this.apiUrl}/${path}`, {
        method: "POST",
        headers: { ...this.#headers, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      }).catch(() => undefined);
    this.#stream.forget(job.eventId);
    await post("cancel", { session_hash: this.sessionHash, fn_index: job.fnIndex, event_id: job.eventId });
    await post("reset", { event_id: job.eventId });
  }

  /** Positions (of a dependency's inputs or outputs) that the API leaves out: State and layout blocks. */
  #skippedPositions(ids: readonly number[]): Set<number> {
    const skipped = new Set<number>();
    ids.forEach((id, index) => {
      const component = this.config.components.find((c) => c.id === id);
      if (component && (component.skip_api ?? component.type === "state")) skipped.add(index);
    });
    return skipped;
  }

  /** One value per dependency input: named arguments mapped through `/info`, nulls put where State sits. */
  async #inputs(dependency: DependencyConfig, data: CallData): Promise<unknown[]> {
    let values: unknown[];
    if (Array.isArray(data)) {
      values = [...(data as unknown[])];
    } else {
      const info = await this.viewApi();
      const parameters = info.named_endpoints[`/${dependency.api_name ?? ""}`]?.parameters;
      if (!parameters)
        throw new Error("Named arguments need the API description, which this endpoint does not have; pass a list.");
      const given = data as Record<string, unknown>;
      values = parameters.map((parameter) => {
        if (parameter.parameter_name in given) return given[parameter.parameter_name];
        if (parameter.parameter_has_default) return parameter.parameter_default;
        throw new Error(`Missing argument "${parameter.parameter_name}".`);
      });
    }
    const skipped = this.#skippedPositions(dependency.inputs);
    if (values.length === dependency.inputs.length || values.length !== dependency.inputs.length - skipped.size)
      return values;
    const remaining = values[Symbol.iterator]();
    return dependency.inputs.map((_, index) => (skipped.has(index) ? null : remaining.next().value));
  }

  /** Blobs anywhere in the inputs are uploaded and replaced by FileData, as the official clients do. */
  async #uploadBlobs(values: unknown[], onProgress?: (loaded: number, total: number) => void): Promise<unknown[]> {
    const blobs: Blob[] = [];
    const collect = (value: unknown): void => {
      if (typeof Blob !== "undefined" && value instanceof Blob) blobs.push(value);
      else if (Array.isArray(value)) value.forEach(collect);
      else if (isPlainObject(value)) Object.values(value).forEach(collect);
    };
    values.forEach(collect);
    if (blobs.length === 0) return values;
    const uploaded = await this.upload(blobs, onProgress ? { onProgress } : {});
    const byBlob = new Map(blobs.map((blob, index) => [blob, uploaded[index]!]));
    const replace = (value: unknown): unknown => {
      if (typeof Blob !== "undefined" && value instanceof Blob) {
        const file = byBlob.get(value)!;
        return { path: file.path, ...(file.orig_name ? { orig_name: file.orig_name } : {}), meta: file.meta };
      }
      if (Array.isArray(value)) return value.map(replace);
      if (isPlainObject(value))
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replace(item)]));
      return value;
    };
    return values.map(replace);
  }

  /** Keeps the session alive for apps with State (the server drops a session when this stream ends). */
  #startHeartbeat(): void {
    const controller = new AbortController();
    this.#heartbeat = controller;
    const url = `${this.apiUrl}/heartbeat/${encodeURIComponent(this.sessionHash)}`;
    const loop = async (): Promise<void> => {
      while (!controller.signal.aborted) {
        try {
          const response = await this.#fetch(url, { headers: this.#headers, signal: controller.signal });
          const reader = response.body?.getReader();
          while (reader && !(await reader.read()).done);
        } catch {
          // reconnect below
        }
        if (!controller.signal.aborted) await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_RETRY_MS));
      }
    };
    void loop();
  }
}

const RETRY_STATUS = new Set([429, 502, 503, 504]);

/**
 * `fetch` with the client's timeout and retries. A request is retried after a network error only when
 * it is safe to repeat (GET, or a POST that was refused with 429/502/503/504 and so never ran).
 */
function withRetries(
  fetchFn: FetchLike,
  options: Pick<ClientOptions, "timeoutMs" | "retries" | "retryDelayMs">,
): FetchLike {
  const retries = Math.max(0, options.retries ?? 2);
  const baseDelay = Math.max(0, options.retryDelayMs ?? 500);
  return async (input, init = {}) => {
    const streaming = String(input).includes("/queue/data") || String(input).includes("/heartbeat/");
    const idempotent = (init.method ?? "GET").toUpperCase() === "GET" && !streaming;
    for (let attempt = 0; ; attempt++) {
      const signals = [
        init.signal,
        options.timeoutMs !== undefined && !streaming ? AbortSignal.timeout(options.timeoutMs) : undefined,
      ].filter((s): s is AbortSignal => Boolean(s));
      const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
      let response: Response;
      try {
        response = await fetchFn(input, { ...init, ...(signal ? { signal } : {}) });
      } catch (error) {
        if ((error as Error).name === "TimeoutError")
          throw new Error(`No answer from ${input} within ${options.timeoutMs} ms`);
        if (!idempotent || attempt >= retries || init.signal?.aborted) throw error;
        await sleep(baseDelay * 2 ** attempt);
        continue;
      }
      if (!RETRY_STATUS.has(response.status) || attempt >= retries || init.body instanceof ReadableStream)
        return response;
      const retryAfter = Number(response.headers.get("retry-after"));
      await response.body?.cancel().catch(() => undefined);
      await sleep(
        Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 30_000) : baseDelay * 2 ** attempt,
      );
    }
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function joinErrorMessage(error: ClientHttpError): string {
  if (Array.isArray(error.detail)) {
    const messages = (error.detail as { is_valid?: boolean; message?: string; msg?: string }[])
      .filter((d) => d.is_valid === false || d.msg)
      .map((d) => d.message ?? d.msg);
    if (messages.length > 0) return messages.join("\n");
  }
  return typeof error.detail === "string" && error.detail ? error.detail : error.message;
}

async function getJson(
  fetchFn: FetchLike,
  url: string,
  headers: Record<string, string>,
  what: string,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetchFn(url, { headers });
  } catch (error) {
    throw new ClientHttpError(`${what} failed: ${(error as Error).message}`, url, null);
  }
  if (!response.ok) throw await httpError(response, what);
  return response.json();
}
