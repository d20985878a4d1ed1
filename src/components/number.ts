import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import { Component, type ComponentOptions, type JsonSchema, type ResolvedOptions } from "./component.js";
import { checkRange, expectNumber, fail } from "./payload.js";

export interface NumberOptions extends ComponentOptions<number> {
  minimum?: number;
  maximum?: number;
  step?: number;
  /** Digits after the point the value is rounded to; 0 makes it an integer. */
  precision?: number;
  placeholder?: string;
}

export class Number_ extends Component<number> {
  readonly type = "number";
  declare protected readonly options: ResolvedOptions<NumberOptions>;

  constructor(options: NumberOptions = {}) {
    super(options);
  }

  override props() {
    const { minimum, maximum, step = 1, precision, placeholder } = this.options;
    return { ...super.props(), value: this.options.value ?? 0, minimum, maximum, step, precision, placeholder };
  }

  apiInfo(): JsonSchema {
    const { minimum, maximum, precision } = this.options;
    return {
      type: precision === 0 ? "integer" : "number",
      ...(minimum !== undefined && { minimum }),
      ...(maximum !== undefined && { maximum }),
    };
  }

  exampleInput() {
    return this.options.minimum ?? 3;
  }

  preprocess(payload: unknown): number | null {
    if (payload === null || payload === undefined) return null;
    const value =
      typeof payload === "string" && payload.trim() !== "" && Number.isFinite(Number(payload))
        ? Number(payload)
        : payload;
    const number = checkRange(expectNumber(value), this.options.minimum, this.options.maximum);
    return this.#round(number);
  }

  postprocess(value: number | null | undefined): number | null {
    if (value === null || value === undefined) return null;
    if (typeof value !== "number" || !Number.isFinite(value))
      fail(`the fn returned ${String(value)}, which is not a finite number`);
    return this.#round(value);
  }

  #round(value: number): number {
    const { precision } = this.options;
    if (precision === undefined) return value;
    const factor = 10 ** precision;
    return Math.round(value * factor) / factor;
  }

  submit<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "submit", options);
  }

  /** It gets the keyboard focus. */
  focus<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "focus", options);
  }

  /** It loses the keyboard focus. */
  blur<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "blur", options);
  }
}
