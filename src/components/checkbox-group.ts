import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import { type Choice, type ChoiceValue, choicesSchema, expectChoice, normalizeChoices } from "./choices.js";
import { Component, type ComponentOptions, type JsonSchema, type ResolvedOptions } from "./component.js";
import { describeValue, fail } from "./payload.js";

export interface CheckboxGroupOptions extends ComponentOptions<ChoiceValue[]> {
  choices?: readonly Choice[];
  /** "value" gives the fn the chosen values, "index" their positions. */
  type?: "value" | "index";
}

export class CheckboxGroup extends Component<ChoiceValue[]> {
  readonly type = "checkboxgroup";

  override clearedValue(): unknown {
    return [];
  }
  declare protected readonly options: ResolvedOptions<CheckboxGroupOptions>;
  readonly #choices: [string, ChoiceValue][];

  constructor(options: CheckboxGroupOptions = {}) {
    super(options);
    this.#choices = normalizeChoices(options.choices);
  }

  /** Nothing ticked unless told otherwise: Gradio's API then lists `[]` as the parameter's default. */
  override get initialValue(): ChoiceValue[] {
    return this.options.value ?? [];
  }

  override props() {
    return { ...super.props(), value: this.initialValue, choices: this.#choices, type: this.options.type ?? "value" };
  }

  apiInfo(): JsonSchema {
    return { type: "array", items: choicesSchema(this.#choices) };
  }

  exampleInput() {
    return this.#choices.slice(0, 1).map(([, value]) => value);
  }

  preprocess(payload: unknown): ChoiceValue[] {
    if (payload === null || payload === undefined) return [];
    if (!Array.isArray(payload)) fail(`expected a list of choices, got ${describeValue(payload)}`);
    const picked = payload.map((item) => expectChoice(item, this.#choices));
    if (this.options.type !== "index") return picked;
    return picked.map((value) => this.#choices.findIndex(([, candidate]) => candidate === value));
  }

  postprocess(value: ChoiceValue[] | ChoiceValue | null | undefined): ChoiceValue[] {
    if (value === null || value === undefined) return [];
    return Array.isArray(value) ? value : [value];
  }

  select<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "select", options);
  }
}
