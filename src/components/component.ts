/**
 * The base of every component: its props for the page, how a value crosses the wire in each direction,
 * and the JSON Schema the API advertises. A subclass is one file and says only what is its own.
 */
import { Block, type BlockOptions, type Props } from "../blocks/block.js";
import { appBeingBuilt, outsideAnyApp } from "../blocks/context.js";
import { listen, type EventHandle, type EventOptions, type Inputs } from "../blocks/events.js";
import { AppConfigError } from "../errors.js";
import type { FileProcessor } from "../files/file-processor.js";

export type JsonSchema = { [key: string]: unknown };

/** What pre/postprocessing may need from the server: file handling and this request's public URL. */
export interface ProcessContext {
  files: FileProcessor;
  rootUrl: string;
}

/** Options as the component keeps them: a function `value` already replaced by what it made. */
export type ResolvedOptions<O extends { value?: unknown }> = O & {
  value?: Exclude<O["value"], (...args: never[]) => unknown>;
};

/** A value computed when the page loads (and on `every`/`inputs`): Gradio's callable `value`. */
export type ValueFunction<V> = (...inputValues: never[]) => V | null | Promise<V | null>;

export interface ComponentOptions<V> extends BlockOptions {
  /**
   * The value, or a function that makes it: called for the config (when it has no `inputs`), again on
   * each page load, every `every` seconds, and whenever one of `inputs` changes (with their values).
   */
  value?: V | null | ValueFunction<V>;
  /** With a function `value`: re-run it every so many seconds (or on each tick of a `gr.Timer`). */
  every?: number | Block;
  /** With a function `value`: the components whose values it takes, re-run when they change. */
  inputs?: Component | readonly Component[];
  label?: string;
  info?: string;
  showLabel?: boolean;
  container?: boolean;
  scale?: number | null;
  minWidth?: number;
  /** `undefined` lets the app decide: inputs are interactive, outputs are not. */
  interactive?: boolean;
}

/**
 * `V` is what the user's fn receives and returns; `P` is the JSON payload on the wire. They differ for
 * files (a path for the fn, a FileData for the wire) and are the same for plain values.
 */
/**
 * A component rather than a layout. Not `instanceof`: an app loaded through both the CommonJS and the
 * ESM entry of the package holds classes of two copies of this module.
 */
export function isComponent(block: unknown): block is Component {
  return typeof (block as Component | null)?.postprocess === "function";
}

export abstract class Component<V = unknown, P = V> extends Block {
  /** Phantom field: lets the type system read a component's value type. */
  declare readonly __value: V;
  /** The options, with a function `value` replaced by the value it made for the config. */
  protected readonly options: ComponentOptions<V> & { value?: V | null };

  constructor(options: ComponentOptions<V> = {}) {
    super(options);
    const { value, every, inputs } = options;
    if (typeof value !== "function") {
      if (every !== undefined || inputs !== undefined)
        throw new AppConfigError('A component\'s "every" and "inputs" need its "value" to be a function.');
      this.options = options as ComponentOptions<V> & { value?: V | null };
      return;
    }
    this.options = { ...options, value: inputs ? null : firstValueOf(value as ValueFunction<V>) };
    attachValueFunction(this as Component, value as ValueFunction<V>, every, inputs);
  }

  get label(): string | undefined {
    return this.options.label ?? this.#defaultLabel;
  }

  /** The options the app gave (a function `value` replaced by what it made): Gradio's `constructor_args`. */
  get givenOptions(): Readonly<ComponentOptions<V>> {
    return this.options;
  }

  #defaultLabel: string | undefined;
  /** A label the app chose (Interface uses the fn's parameter names); the developer's own label wins. */
  set defaultLabel(label: string | undefined) {
    this.#defaultLabel = label;
  }

  /** The name a caller sees in errors and the API: the label, or a stable fallback. */
  get parameterName(): string {
    return this.label ?? `parameter_${this.id}`;
  }

  get initialValue(): V | null | undefined {
    return this.options.value;
  }

  /** Set by the app that places this component: inputs default to interactive, outputs not. */
  defaultInteractive: boolean | undefined;

  override props(): Props {
    const { info, showLabel = true, container = true, scale = null, minWidth = 160, interactive } = this.options;
    return {
      ...super.props(),
      label: this.label,
      info,
      showLabel,
      container,
      scale,
      minWidth,
      interactive: interactive ?? this.defaultInteractive,
      name: this.type,
    };
  }

  /**
   * Props that name files (a Button's `icon`): published through the file rules when the config or an
   * update is built, merged over `props()`. `namedByDeveloper` as for `postprocess`.
   */
  async fileProps(_context: ProcessContext, _namedByDeveloper: boolean): Promise<Props> {
    return {};
  }

  /** JSON Schema of the payload; `apiInfoAsInput`/`Output` differ only where a component needs it. */
  /**
   * This component as a session sees it once its `gr.update`s changed `props` (snake_case, as on the
   * wire): a copy built from the options merged with them, as Gradio rebuilds the block, so the session's
   * next inputs are checked and preprocessed against its new choices, range... Not part of any app.
   */
  withUpdatedProps(props: Props): this {
    const camel = Object.fromEntries(
      Object.entries(props).map(([key, value]) => [
        key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()),
        value,
      ]),
    );
    const Rebuilt = this.constructor as new (options: ComponentOptions<V>) => this;
    const copy = outsideAnyApp(() => new Rebuilt({ ...this.options, ...camel }));
    copy.id = this.id;
    copy.defaultLabel = this.#defaultLabel;
    copy.defaultInteractive = this.defaultInteractive;
    return copy;
  }

  abstract apiInfo(): JsonSchema;
  apiInfoAsInput(): JsonSchema {
    return this.apiInfo();
  }
  apiInfoAsOutput(): JsonSchema {
    return this.apiInfo();
  }

  /** A payload that would pass validation, shown in the API docs. */
  abstract exampleInput(): unknown;

  /**
   * The payload a ClearButton puts in the page: what Gradio's postprocess makes of "no value" for this
   * component (null for most; an empty list, `false`, the minimum... for some).
   */
  clearedValue(): unknown {
    return null;
  }

  /**
   * The join-time check of a payload (the event may wait long before it runs): throws
   * `InputValidationError` as `preprocess` would, but must stay cheap, with no decoding and no
   * downloads. The default runs `preprocess` and drops the value, which is cheap for plain values and
   * for files, since join's context checks file inputs against the access policy without fetching
   * URLs. A component whose `preprocess` decodes or reads a file's bytes overrides this.
   */
  async check(payload: unknown, context: ProcessContext): Promise<void> {
    await this.preprocess(payload, context);
  }

  /** Wire payload → fn value. Throws `InputValidationError` naming the problem for a bad payload. */
  abstract preprocess(payload: unknown, context: ProcessContext): V | null | Promise<V | null>;

  /**
   * fn value → wire payload. `namedByDeveloper` is true for values the developer wrote into the app
   * (defaults, examples): the file rules let those in where they would refuse a fn's output.
   */
  abstract postprocess(
    value: V | null | undefined,
    context: ProcessContext,
    namedByDeveloper?: boolean,
  ): P | null | Promise<P | null>;

  /**
   * The initial value as it appears in the config (files are cached and given URLs). `namedByDeveloper`
   * is false for blocks a gr.render fn built: their values are made at runtime, often from user input,
   * so their files pass the same rules as a fn's outputs.
   */
  async configValue(context: ProcessContext, namedByDeveloper = true): Promise<unknown> {
    const value = this.initialValue;
    return value === undefined || value === null ? value : this.postprocess(value, context, namedByDeveloper);
  }

  change<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "change", options);
  }

  input<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "input", options);
  }
}

export type ValueOf<C> = C extends Component<infer V, unknown> ? V : never;

/** The config's value: what the function gives now; a promise's value is only known on page load. */
function firstValueOf<V>(fn: ValueFunction<V>): V | null {
  const value = (fn as () => V | null | Promise<V | null>)();
  if (value instanceof Promise) {
    value.catch(() => undefined);
    return null;
  }
  return value;
}

/** Asks the app to add, once it is built, the event that re-runs a function `value` (as Gradio does). */
function attachValueFunction<V>(
  component: Component,
  fn: ValueFunction<V>,
  every: number | Block | undefined,
  inputs: Component | readonly Component[] | undefined,
): void {
  const app = appBeingBuilt();
  if (!app?.valueEvent)
    throw new AppConfigError('A component with a function "value" must be made while a gr.Blocks is being built.');
  const timer = every === undefined ? null : typeof every === "number" ? app.everyTimer(every) : every;
  if (timer && timer.type !== "timer")
    throw new AppConfigError(`"every" must be a number of seconds or a gr.Timer, not a ${timer.type}.`);
  const inputList =
    inputs === undefined ? [] : Array.isArray(inputs) ? [...(inputs as Component[])] : [inputs as Component];
  app.valueEvent({ component, fn, timer, inputs: inputList });
}
