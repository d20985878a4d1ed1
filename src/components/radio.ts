import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import { type Choice, type ChoiceValue, choicesSchema, expectChoice, normalizeChoices } from "./choices.js";
import { Component, type ComponentOptions, type JsonSchema, type ResolvedOptions } from "./component.js";

export interface RadioOptions extends ComponentOptions<ChoiceValue> {
  choices?: readonly Choice[];
  type?: "value" | "index";
}

export class Radio extends Component<ChoiceValue> {
  readonly type = "radio";
  declare protected readonly options: ResolvedOptions<RadioOptions>;
  readonly #choices: [string, ChoiceValue][];

  constructor(options: RadioOptions = {}) {
    super(options);
    this.#choices = normalizeChoices(options.choices);
  }

  override props() {
    return {
      ...super.props(),
      value: this.options.value ?? null,
      choices: this.#choices,
      type: this.options.type ?? "value",
    };
  }

  apiInfo(): JsonSchema {
    return choicesSchema(this.#choices);
  }

  exampleInput() {
    return this.#choices[0]?.[1] ?? "";
  }

  preprocess(payload: unknown): ChoiceValue | null {
    if (payload === null || payload === undefined) return null;
    const value = expectChoice(payload, this.#choices);
    return this.options.type === "index" ? this.#choices.findIndex(([, candidate]) => candidate === value) : value;
  }

  postprocess(value: ChoiceValue | null | undefined): ChoiceValue | null {
    return value ?? null;
  }

  select<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "select", options);
  }
}
