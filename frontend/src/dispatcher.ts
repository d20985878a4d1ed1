/**
 * Wires the page's events to the app's dependencies: finds the dependencies an event triggers, sends
 * their inputs through the protocol client, shows queue/progress on the outputs, applies the returned
 * values (and gr.update props), and runs the chained ones (`.then`/`.success`/`.failure`).
 */
import type { Client, Job } from "../../src/client/index.js";
import type { DependencyConfig, RenderConfig } from "../../src/protocol/index.js";
import { loadComponents } from "./render.js";
import type { Props, Store } from "./store.js";
import type { Toasts } from "./toasts.js";

/** Events that fire on every keystroke or drag step: a new one waits for the running call, then runs once with the latest values. */
/** Components that show a Stop control while a stream they started runs: their type → the starting event. */
const STOPPABLE: Record<string, string> = { button: "click", multimodaltextbox: "submit" };

const CONTINUOUS_EVENTS = new Set(["change", "input", "release"]);

export class EventDispatcher {
  readonly client: Client;
  readonly store: Store;
  readonly toasts: Toasts;
  readonly #byTrigger = new Map<string, DependencyConfig[]>();
  readonly #byParent = new Map<number, DependencyConfig[]>();
  readonly #running = new Map<number, Job>();
  readonly #uploads = new Set<Promise<unknown>>();
  readonly #rerun = new Map<number, { triggerId: number | null; eventData: unknown }>();
  /** Buttons that start a streaming call turn into Stop buttons while it runs (however it was started). */
  readonly #stoppable = new Map<number, () => void>();
  readonly #types = new Map<number, string>();
  readonly #inputIds = new Set<number>();
  /** Components no event reads or writes whose initial value is empty: editable, as in Gradio. */
  readonly #unboundBlankIds = new Set<number>();
  #jsModule: Promise<Record<string, unknown>> | null = null;
  /** Streaming components (webcam/microphone) while they stream: their latest chunk, sent in place of the stored value. */
  readonly #chunks = new Map<number, unknown>();
  /** Per streaming component: the stream events started since it began streaming (one event each). */
  readonly #streamsStarted = new Map<number, Set<number>>();

  constructor(client: Client, store: Store, toasts: Toasts) {
    this.client = client;
    this.store = store;
    this.toasts = toasts;
    this.#index();
  }

  /** Each block's type, which dependencies each event triggers, which follow each one, and which blocks some server fn reads. */
  #index(): void {
    this.#types.clear();
    this.#byTrigger.clear();
    this.#byParent.clear();
    this.#inputIds.clear();
    this.#unboundBlankIds.clear();
    const outputIds = new Set(this.client.config.dependencies.flatMap((dependency) => dependency.outputs));
    for (const component of this.client.config.components) {
      this.#types.set(component.id, component.type);
      if (!outputIds.has(component.id) && isBlank(component.props.value)) this.#unboundBlankIds.add(component.id);
    }
    for (const dependency of this.client.config.dependencies) {
      for (const [id, event] of dependency.targets) {
        const key = `${id ?? 0}:${event}`;
        this.#byTrigger.set(key, [...(this.#byTrigger.get(key) ?? []), dependency]);
      }
      if (typeof dependency.trigger_after === "number") {
        this.#byParent.set(dependency.trigger_after, [
          ...(this.#byParent.get(dependency.trigger_after) ?? []),
          dependency,
        ]);
      }
      if (dependency.backend_fn) for (const id of dependency.inputs) this.#inputIds.add(id);
    }
  }

  /**
   * A render fn's result (the client's config already has its blocks and events in place of the ones it
   * built before): once the new components' code is loaded, the container shows the new layout, then the new
   * load events run.
   */
  async #render({ render_id: renderId, components, dependencies, layout }: RenderConfig): Promise<void> {
    await loadComponents(components.map((component) => component.type));
    this.#index();
    this.store.replace(renderId, components);
    this.store.setChildren(layout.id, layout.children ?? []);
    for (const dependency of dependencies) {
      if (dependency.targets.some(([id, event]) => !id && event === "load")) void this.#run(dependency, null, null);
    }
  }

  typeOf(id: number): string {
    return this.#types.get(id) ?? "";
  }

  /**
   * A component with no explicit `interactive` is editable when some server fn reads it, or when it is
   * no event's output and starts empty (a lone `gr.Checkbox()` can be ticked, as in Gradio).
   */
  isInteractive(id: number): boolean {
    const explicit = this.store.props(id).interactive;
    return typeof explicit === "boolean" ? explicit : this.#inputIds.has(id) || this.#unboundBlankIds.has(id);
  }

  hasListener(id: number, event: string): boolean {
    return this.#byTrigger.has(`${id}:${event}`);
  }

  stopper(id: number): (() => void) | undefined {
    return this.#stoppable.get(id);
  }

  /** A value set by the user (`user`) or by the app; fires "change" (and "input" for the user). */
  setValue(id: number, value: unknown, user = false): void {
    const changed = this.store.set(id, { value });
    if (user) this.trigger(id, "input");
    if (changed) this.trigger(id, "change");
  }

  /** The shortest `stream_every` (seconds) of the `.stream()` events of a component. */
  streamEvery(id: number): number {
    const every = (this.#byTrigger.get(`${id}:stream`) ?? []).map(
      (d) => (d as { stream_every?: number }).stream_every ?? 0.5,
    );
    return every.length > 0 ? Math.min(...every) : 0.5;
  }

  /**
   * A new chunk (uploaded FileData) from a streaming component. The first chunk starts each of its
   * `.stream()` events; later ones go to the running event (`POST stream/{event_id}`). Once an event
   * has ended (its time limit, or an error), the rest of this recording is not sent.
   */
  streamChunk(id: number, value: unknown): void {
    this.#chunks.set(id, value);
    let started = this.#streamsStarted.get(id);
    if (!started) this.#streamsStarted.set(id, (started = new Set()));
    for (const dependency of this.#byTrigger.get(`${id}:stream`) ?? []) {
      const job = this.#running.get(dependency.id);
      if (!job) {
        if (started.has(dependency.id)) continue;
        started.add(dependency.id);
        void this.#run(dependency, id, null);
        continue;
      }
      // Still joining: this chunk is dropped, the next one goes to the event.
      if (!job.eventId) continue;
      const body = {
        data: this.#inputs(dependency),
        event_data: null,
        fn_index: dependency.id,
        trigger_id: id,
        session_hash: this.client.sessionHash,
      };
      void fetch(`${this.client.apiUrl}/stream/${encodeURIComponent(job.eventId)}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      }).catch(() => undefined);
    }
  }

  /** The component stopped streaming: its running stream events end (`POST stream/{event_id}/close`). */
  endStream(id: number): void {
    this.#chunks.delete(id);
    this.#streamsStarted.delete(id);
    for (const dependency of this.#byTrigger.get(`${id}:stream`) ?? []) {
      const job = this.#running.get(dependency.id);
      if (!job) continue;
      if (!job.eventId) {
        void job.cancel();
        continue;
      }
      // With the session hash: the server ends only the caller's own stream events.
      const body = JSON.stringify({ session_hash: this.client.sessionHash });
      const url = `${this.client.apiUrl}/stream/${encodeURIComponent(job.eventId)}/close`;
      void fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body }).catch(() => undefined);
    }
  }

  #inputs(dependency: DependencyConfig): unknown[] {
    return dependency.inputs.map((id) =>
      this.#types.get(id) === "state" ? null : this.#chunks.has(id) ? this.#chunks.get(id) : this.store.value(id),
    );
  }

  /** Runs the page-load dependencies. */
  start(): void {
    this.trigger(0, "load");
  }

  trigger(id: number | null, event: string, eventData: unknown = null): void {
    for (const dependency of this.#byTrigger.get(`${id ?? 0}:${event}`) ?? []) {
      const mode =
        dependency.trigger_mode === "once" && CONTINUOUS_EVENTS.has(event)
          ? "always_last"
          : (dependency.trigger_mode ?? "once");
      if (this.#running.has(dependency.id) && mode !== "multiple") {
        if (mode === "always_last") this.#rerun.set(dependency.id, { triggerId: id, eventData });
        continue;
      }
      void this.#run(dependency, id, eventData);
    }
  }

  async #run(dependency: DependencyConfig, triggerId: number | null, eventData: unknown): Promise<void> {
    for (const id of dependency.cancels ?? []) void this.#running.get(id)?.cancel();
    let success: boolean | null = true;
    if (dependency.frontend_fn === "clear") {
      for (const id of dependency.outputs) {
        this.store.setStatus(id, undefined);
        this.setValue(id, this.store.initialValue(id));
      }
    } else if (dependency.js) {
      const values = await this.#runJs(dependency);
      if (values === null) success = false;
      else if (dependency.backend_fn) success = await this.#call(dependency, triggerId, eventData, values);
      else values.forEach((value, index) => this.#apply(dependency.outputs[index], value));
    } else if (dependency.backend_fn) {
      success = await this.#call(dependency, triggerId, eventData);
    }
    if (success && dependency.scroll_to_output) this.#scrollToFirstOutput(dependency.outputs);
    const again = this.#rerun.get(dependency.id);
    if (again) {
      this.#rerun.delete(dependency.id);
      void this.#run(dependency, again.triggerId, again.eventData);
    }
    if (success === null) return;
    for (const child of this.#byParent.get(dependency.id) ?? []) {
      if ((child.trigger_only_on_success && !success) || (child.trigger_only_on_failure && success)) continue;
      void this.#run(child, triggerId, null);
    }
  }

  /** True on success, false on failure; a cancelled call counts as neither and stops the chain. */
  /** A function the app's jsModule exports (imported once, same origin, so the CSP holds). */
  async jsExport(name: string): Promise<(...args: unknown[]) => unknown> {
    const url = this.client.config.js_module;
    if (typeof url !== "string") throw new Error("This app has no jsModule.");
    this.#jsModule ??= import(/* @vite-ignore */ new URL(url, document.baseURI).href) as Promise<
      Record<string, unknown>
    >;
    const fn = (await this.#jsModule)[name];
    if (typeof fn !== "function") throw new Error(`The app's jsModule exports no function "${name}".`);
    return fn as (...args: unknown[]) => unknown;
  }

  /**
   * Runs the dependency's `js` function from the app's module (imported once, same origin, so the CSP
   * holds): its result goes to the outputs, or to the server as inputs when there is a fn too.
   */
  async #runJs(dependency: DependencyConfig): Promise<unknown[] | null> {
    try {
      const count = dependency.backend_fn ? dependency.inputs.length : dependency.outputs.length;
      const constant = constantJs(dependency.js!);
      // One value per output, as Gradio's ClearButton writes it, even for a single output.
      if (constant !== undefined) return Array.isArray(constant) && constant.length === count ? constant : [constant];
      const fn = await this.jsExport(dependency.js!);
      const result: unknown = await fn(...this.#inputs(dependency));
      return count === 1 ? [result] : Array.isArray(result) ? result : [result];
    } catch (error) {
      this.toasts.show({ level: "error", title: "Error", message: (error as Error).message, duration: null });
      return null;
    }
  }

  /** An upload the user started: events wait for it, so Submit pressed mid-upload sends the uploaded file. */
  uploading<T>(upload: Promise<T>): Promise<T> {
    this.#uploads.add(upload);
    upload.then(
      () => this.#uploads.delete(upload),
      () => this.#uploads.delete(upload),
    );
    return upload;
  }

  async #call(
    dependency: DependencyConfig,
    triggerId: number | null,
    eventData: unknown,
    inputValues?: unknown[],
  ): Promise<boolean | null> {
    if (this.#uploads.size > 0) {
      await Promise.allSettled(this.#uploads);
      // The uploading component stores the file a few microtasks later: a macrotask lets it finish.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const inputs = inputValues ?? this.#inputs(dependency);
    // A render fn's one output is its container: it shows no status there, and the `[null]` it returns is no value.
    const renders = typeof dependency.render_id === "number";
    const show = renders ? "hidden" : (dependency.show_progress ?? "full");
    const startedAt = Date.now();
    const job = this.client.submit(dependency.id, inputs, { triggerId, eventData, fullOutputs: true });
    this.#running.set(dependency.id, job);
    const stopButtons = dependency.types?.generator
      ? dependency.targets.flatMap(([id, event]) =>
          id !== null && STOPPABLE[this.#types.get(id) ?? ""] === event ? [id] : [],
        )
      : [];
    for (const id of stopButtons) {
      this.#stoppable.set(id, () => void job.cancel());
      this.store.touch(id);
    }
    let outcome = false;
    try {
      for await (const event of job) {
        if (event.type === "log") {
          if (event.visible)
            this.toasts.show({
              level: event.level,
              title: event.title ?? capitalize(event.level),
              message: event.log,
              duration: event.duration ?? 10,
            });
        } else if (event.type === "render") {
          await this.#render(event.renderConfig);
        } else if (event.type === "data") {
          if (!renders) event.data.forEach((value, index) => this.#apply(dependency.outputs[index], value));
          // A State holds no value here: the server says which ones changed, and their listeners (and renders) run.
          for (const id of event.changedStateIds) this.trigger(id, "change");
        } else if (event.stage === "complete") {
          outcome = true;
        } else if (event.stage === "error") {
          if (event.visible !== false)
            this.toasts.show({
              level: "error",
              title: event.title ?? "Error",
              message: event.message ?? "An error occurred.",
              duration: event.duration ?? null,
            });
        } else if (event.stage !== "cancelled" && show !== "hidden") {
          for (const id of dependency.outputs) {
            const previous = this.store.status(id);
            this.store.setStatus(id, {
              show,
              startedAt,
              stage: event.stage,
              position: event.position ?? (event.stage === "pending" ? previous?.position : null),
              queueSize: event.queueSize ?? (event.stage === "pending" ? previous?.queueSize : null),
              eta: event.eta ?? previous?.eta ?? null,
              progress: event.progress ?? (event.stage === "generating" ? undefined : previous?.progress),
            });
          }
        }
      }
    } finally {
      for (const id of dependency.outputs) this.store.setStatus(id, undefined);
      this.#running.delete(dependency.id);
      for (const id of stopButtons) {
        this.#stoppable.delete(id);
        this.store.touch(id);
      }
    }
    return job.cancelRequested ? null : outcome;
  }

  /** `scroll_to_output`: once the event has its result, the page scrolls to its first output, as Gradio's does. */
  #scrollToFirstOutput(outputs: readonly number[]): void {
    const first = outputs[0];
    if (first === undefined) return;
    const element = document.querySelector(`[data-testid="${this.typeOf(first)}-${first}"]`);
    if (!element) return;
    window.scrollTo({ top: element.getBoundingClientRect().top + window.scrollY - 20, behavior: "smooth" });
  }

  /** A returned value: either the new value, or `{__type__: "update", ...props}`. */
  #apply(id: number | undefined, value: unknown): void {
    if (id === undefined || this.#types.get(id) === "state") return;
    if (typeof value === "object" && value !== null && (value as Props).__type__ === "update") {
      const { __type__: _type, value: newValue, ...props } = value as Props;
      if (Object.keys(props).length > 0) this.store.set(id, props);
      if ("value" in (value as Props)) this.setValue(id, newValue);
      return;
    }
    this.setValue(id, value);
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Gradio's notion of a value that is no default: empty, zero, false or missing. */
function isBlank(value: unknown): boolean {
  return (Array.isArray(value) && value.length === 0) || !value;
}

/**
 * The value of a `js` that is a constant arrow function, `() => <JSON>` (Gradio's ClearButton sends
 * `() => [null, ""]`): read as JSON, never evaluated. `undefined` for anything else.
 */
export function constantJs(js: string): unknown {
  const body = /^\s*\(\s*\)\s*=>\s*([\s\S]+)$/.exec(js)?.[1];
  if (body === undefined) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
