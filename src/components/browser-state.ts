import { Component, type JsonSchema } from "./component.js";
import { fail } from "./payload.js";

/** As Gradio's BrowserState: where the value is kept; it has no place on the page, so no layout options. */
export interface BrowserStateOptions<V> {
  /** The value used when the browser has none stored yet (the constructor's first argument). */
  value?: V | null;
  /** The browser's localStorage key; defaults to one derived from the component id. */
  storageKey?: string;
  /** Key the browser uses to encrypt the stored value; leave out for plain storage. */
  secret?: string;
}

const MAX_JSON = 5_000_000;

/**
 * A value kept in the user's browser (localStorage) across page reloads. The page sends it as an input
 * and stores what a fn returns; it is JSON (size-limited) and never read as a file.
 */
export class BrowserState<V = unknown> extends Component<V> {
  readonly type = "browserstate";
  readonly stateOptions: BrowserStateOptions<V>;

  constructor(defaultValue?: V, options: Omit<BrowserStateOptions<V>, "value"> = {}) {
    super({ value: defaultValue });
    this.stateOptions = { storageKey: options.storageKey, secret: options.secret, value: defaultValue };
  }

  /** Its preprocessing reads no prop a `gr.update` changes, and its constructor takes other arguments. */
  override withUpdatedProps(): this {
    return this;
  }

  override props() {
    const { storageKey, secret, value } = this.stateOptions;
    // The secret goes to the page, as in Gradio: it only keeps the stored value from being read by other code.
    return {
      visible: false,
      defaultValue: value ?? null,
      storageKey: storageKey ?? `gradio-ts-browser-state-${this.id}`,
      secret: secret ?? "",
      name: this.type,
    };
  }

  apiInfo(): JsonSchema {
    return { type: {}, description: "any json-serializable value" };
  }

  exampleInput() {
    return "test";
  }

  preprocess(payload: unknown): V | null {
    if (payload === undefined || payload === null) return (this.stateOptions.value ?? null) as V | null;
    if (JSON.stringify(payload).length > MAX_JSON) fail(`the stored value is larger than ${MAX_JSON} characters`);
    return payload as V;
  }

  postprocess(value: V | null | undefined): V | null {
    if (value === undefined) return null;
    try {
      return JSON.parse(JSON.stringify(value)) as V;
    } catch {
      return fail("the fn returned a value that cannot be stored as JSON");
    }
  }
}
