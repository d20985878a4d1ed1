/**
 * The page's state: each block's props (snake_case, as the config gives them, `value` included) and the
 * progress of calls that write to it. Components subscribe to their own id, so typing in one textbox
 * re-renders only that textbox.
 */
import { useEffect, useState } from "preact/hooks";
import type { ComponentConfig, LayoutNode, ProgressUnit } from "../../src/protocol/index.js";

export type Props = Record<string, unknown>;

/** What a running call shows on a block that receives its outputs. */
export interface BlockStatus {
  stage: "pending" | "processing" | "generating";
  /** ms since epoch, for the elapsed-time counter. */
  startedAt: number;
  position?: number | null;
  queueSize?: number | null;
  eta?: number | null;
  progress?: ProgressUnit[] | undefined;
  show: "full" | "minimal" | "hidden";
}

type Listener = () => void;

export class Store {
  readonly #props = new Map<number, Props>();
  readonly #initial = new Map<number, unknown>();
  readonly #status = new Map<number, BlockStatus>();
  readonly #listeners = new Map<number, Set<Listener>>();
  readonly #keys = new Map<number, unknown>();
  /** Render containers: the children their render fn built last, in place of the static layout's. */
  readonly #children = new Map<number, LayoutNode[]>();
  /** Set for an app with gr.I18n: what the server sends later (updates, rendered blocks) is translated too. */
  translate: ((props: Props) => Props) | null = null;

  constructor(components: readonly ComponentConfig[]) {
    this.#add(components);
  }

  /**
   * A render fn's blocks replace those it built before. A block that kept its id through its key keeps
   * its current values of the props it lists in `preserved_by_key`, so what the user typed survives.
   */
  replace(renderId: number, components: readonly ComponentConfig[]): void {
    const fresh = new Set(components.map((component) => component.id));
    for (const [id, props] of this.#props) {
      if (props.rendered_in !== renderId || fresh.has(id)) continue;
      this.#props.delete(id);
      this.#initial.delete(id);
      this.#status.delete(id);
      this.#keys.delete(id);
    }
    this.#add(components);
  }

  #add(components: readonly ComponentConfig[]): void {
    for (const { id, type, props: sent, key } of components) {
      const props = this.translate ? this.translate(sent) : sent;
      const current = this.#props.get(id);
      const next = type === "browserstate" ? browserState(id, props) : { ...props };
      if (current && key != null && this.#keys.get(id) === key) {
        for (const name of Array.isArray(props.preserved_by_key) ? (props.preserved_by_key as string[]) : [])
          if (name in current) next[name] = current[name];
      }
      this.#props.set(id, next);
      this.#initial.set(id, structuredClone(props.value ?? null));
      this.#keys.set(id, key);
      if (current) this.#notify(id);
    }
  }

  children(id: number): LayoutNode[] | undefined {
    return this.#children.get(id);
  }

  setChildren(id: number, children: LayoutNode[]): void {
    this.#children.set(id, children);
    this.#notify(id);
  }

  props(id: number): Props {
    return this.#props.get(id) ?? {};
  }

  value(id: number): unknown {
    return this.#props.get(id)?.value ?? null;
  }

  initialValue(id: number): unknown {
    return structuredClone(this.#initial.get(id) ?? null);
  }

  /** Merges props; returns true if `value` changed (the caller fires "change"). */
  set(id: number, sent: Props): boolean {
    const patch = this.translate ? this.translate(sent) : sent;
    const previous = this.#props.get(id) ?? {};
    const valueChanged = "value" in patch && !sameValue(previous.value, patch.value);
    this.#props.set(id, { ...previous, ...patch });
    this.#notify(id);
    return valueChanged;
  }

  status(id: number): BlockStatus | undefined {
    return this.#status.get(id);
  }

  setStatus(id: number, status: BlockStatus | undefined): void {
    if (status) this.#status.set(id, status);
    else this.#status.delete(id);
    this.#notify(id);
  }

  subscribe(id: number, listener: Listener): () => void {
    let set = this.#listeners.get(id);
    if (!set) this.#listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Re-renders block `id` for a change kept outside the store (e.g. a button turning into Stop). */
  touch(id: number): void {
    this.#notify(id);
  }

  #notify(id: number): void {
    for (const listener of [...(this.#listeners.get(id) ?? [])]) listener();
  }
}

/** A BrowserState starts from what this browser stored for it, else from its default. */
function browserState(id: number, props: Props): Props {
  const key =
    typeof props.storage_key === "string" && props.storage_key ? props.storage_key : `gradio-ts-browser-state-${id}`;
  let value: unknown = props.default_value ?? null;
  try {
    const stored = localStorage.getItem(key);
    if (stored !== null) value = JSON.parse(stored) as unknown;
  } catch {
    // unreadable or disabled storage: the default it is
  }
  return { ...props, value };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Re-renders the caller when block `id` changes. */
export function useBlock(store: Store, id: number): Props {
  const [, setTick] = useState(0);
  useEffect(() => store.subscribe(id, () => setTick((tick) => tick + 1)), [store, id]);
  return store.props(id);
}
