import type { EventHandle, EventOptions, Inputs, KeyUpData } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import { type Choice, type ChoiceValue, choicesSchema, expectChoice, normalizeChoices } from "./choices.js";
import { Component, type ComponentOptions, type JsonSchema, type ResolvedOptions } from "./component.js";
import { describeValue, expectString, fail } from "./payload.js";

export interface DropdownOptions extends ComponentOptions<ChoiceValue | ChoiceValue[]> {
  choices?: readonly Choice[];
  multiselect?: boolean;
  /** Accept values that are not among the choices (typed by the user). */
  allowCustomValue?: boolean;
  maxChoices?: number;
  filterable?: boolean;
  type?: "value" | "index";
}

export class Dropdown extends Component<ChoiceValue | ChoiceValue[]> {
  readonly type = "dropdown";
  declare protected readonly options: ResolvedOptions<DropdownOptions>;
  readonly #choices: [string, ChoiceValue][];

  constructor(options: DropdownOptions = {}) {
    super(options);
    this.#choices = normalizeChoices(options.choices);
  }

  override props() {
    const {
      multiselect = false,
      allowCustomValue = false,
      maxChoices,
      filterable = true,
      type = "value",
    } = this.options;
    const first = this.#choices[0]?.[1] ?? null;
    const value = this.options.value !== undefined ? this.options.value : multiselect ? [] : first;
    return {
      ...super.props(),
      value,
      choices: this.#choices,
      multiselect,
      allowCustomValue,
      maxChoices,
      filterable,
      type,
    };
  }

  override get initialValue() {
    return this.props().value as ChoiceValue | ChoiceValue[] | null;
  }

  apiInfo(): JsonSchema {
    const item = this.options.allowCustomValue ? { type: "string" } : choicesSchema(this.#choices);
    return this.options.multiselect ? { type: "array", items: item } : item;
  }

  exampleInput() {
    const first = this.#choices[0]?.[1] ?? "";
    return this.options.multiselect ? [first] : first;
  }

  preprocess(payload: unknown): ChoiceValue | ChoiceValue[] | null {
    if (payload === null || payload === undefined) return this.options.multiselect ? [] : null;
    if (!this.options.multiselect) return this.#one(payload);
    if (!Array.isArray(payload)) fail(`expected a list of choices, got ${describeValue(payload)}`);
    const { maxChoices } = this.options;
    if (maxChoices !== undefined && payload.length > maxChoices)
      fail(`at most ${maxChoices} choices may be selected, got ${payload.length}`);
    return payload.map((item) => this.#one(item));
  }

  #one(payload: unknown): ChoiceValue {
    const value =
      this.options.allowCustomValue && !this.#choices.some(([, v]) => v === payload)
        ? expectString(payload, 10_000)
        : expectChoice(payload, this.#choices);
    if (this.options.type !== "index") return value;
    return this.#choices.findIndex(([, candidate]) => candidate === value);
  }

  postprocess(value: ChoiceValue | ChoiceValue[] | null | undefined) {
    return value ?? null;
  }

  select<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "select", options);
  }

  /** It gets the keyboard focus. */
  focus<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "focus", options);
  }

  /** It loses the keyboard focus. */
  blur<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "blur", options);
  }

  /** A key was released in it; the event data is `{ key, input_value }`. */
  keyUp<const I extends Inputs>(options: EventOptions<I, KeyUpData>): EventHandle {
    return listen(this, "key_up", options);
  }
}
