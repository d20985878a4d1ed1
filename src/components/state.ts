import { Component, type ComponentOptions, type JsonSchema } from "./component.js";

/**
 * Per-session memory: each browser tab (session) starts from a copy of `value` and sees only its own
 * updates. Never sent to the page; callers of the API do not pass it.
 */
export class State<V = unknown> extends Component<V> {
  readonly type = "state";
  override readonly skipApi = true;

  constructor(valueOrOptions?: V | ComponentOptions<V>) {
    super(isOptions<V>(valueOrOptions) ? valueOrOptions : { value: valueOrOptions as V });
  }

  /** A fresh copy for a new session, so sessions never share a mutable default. */
  freshValue(): V | null {
    const value = this.options.value;
    return value === undefined || value === null ? null : structuredClone(value);
  }

  /** A State's value lives in the session store; an update changes nothing else of it. */
  override withUpdatedProps(): this {
    return this;
  }

  override props() {
    return { visible: true, name: this.type };
  }

  apiInfo(): JsonSchema {
    return {};
  }

  exampleInput() {
    return null;
  }

  preprocess(payload: unknown): V | null {
    return payload as V | null;
  }

  postprocess(value: V | null | undefined): V | null {
    return value ?? null;
  }
}

function isOptions<V>(candidate: unknown): candidate is ComponentOptions<V> {
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    !Array.isArray(candidate) &&
    "value" in candidate &&
    Object.keys(candidate).every((key) => ["value", "key", "visible"].includes(key))
  );
}
