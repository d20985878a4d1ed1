import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import { Component, type ComponentOptions, type JsonSchema, type ResolvedOptions } from "./component.js";
import { checkRange, expectNumber } from "./payload.js";

export interface SliderOptions extends ComponentOptions<number> {
  minimum?: number;
  maximum?: number;
  step?: number;
}

export class Slider extends Component<number> {
  readonly type = "slider";

  override clearedValue(): unknown {
    return this.range.minimum;
  }
  declare protected readonly options: ResolvedOptions<SliderOptions>;

  constructor(options: SliderOptions = {}) {
    super(options);
  }

  get range(): { minimum: number; maximum: number; step: number } {
    const { minimum = 0, maximum = 100 } = this.options;
    // Gradio's default step: a power of ten about a hundredth of the range (1 for 0..100, 0.1 for 2..20).
    const step = this.options.step ?? 10 ** Math.floor(Math.log10(maximum - minimum) - 2);
    return { minimum, maximum, step };
  }

  override get initialValue(): number {
    return this.options.value ?? this.range.minimum;
  }

  override props() {
    return { ...super.props(), value: this.initialValue, ...this.range };
  }

  apiInfo(): JsonSchema {
    const { minimum, maximum } = this.range;
    return { type: "number", minimum, maximum, description: `numeric value between ${minimum} and ${maximum}` };
  }

  exampleInput() {
    return this.range.minimum;
  }

  preprocess(payload: unknown): number {
    const value =
      typeof payload === "string" && payload.trim() !== "" && Number.isFinite(Number(payload))
        ? Number(payload)
        : payload;
    return checkRange(expectNumber(value), this.range.minimum, this.range.maximum);
  }

  postprocess(value: number | null | undefined): number {
    return value ?? this.range.minimum;
  }

  release<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "release", options);
  }
}
