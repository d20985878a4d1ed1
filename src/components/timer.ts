import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import { Component, type JsonSchema } from "./component.js";
import { checkRange, expectNumber } from "./payload.js";

/** As Gradio's Timer: an interval and whether it runs; it has no place on the page, so no layout options. */
export interface TimerOptions {
  /** Seconds between ticks (default 1). */
  value?: number;
  /** Whether the timer ticks from page load. */
  active?: boolean;
}

/**
 * Fires `tick` every `value` seconds in the browser while active; invisible. As an input its value is
 * the interval, and a fn may return a new interval (or `gr.update({ active: false })`) to change it.
 */
export class Timer extends Component<number> {
  readonly type = "timer";
  readonly timerOptions: TimerOptions;

  constructor(valueOrOptions: number | TimerOptions = 1) {
    const options = typeof valueOrOptions === "number" ? { value: valueOrOptions } : valueOrOptions;
    super({ value: options.value });
    this.timerOptions = options;
    checkRange(expectNumber(options.value ?? 1), 0.01, 86_400 * 365);
  }

  override props() {
    return {
      visible: true,
      value: this.timerOptions.value ?? 1,
      active: this.timerOptions.active ?? true,
      name: this.type,
    };
  }

  apiInfo(): JsonSchema {
    return { type: "number" };
  }

  exampleInput() {
    return 1;
  }

  preprocess(payload: unknown): number | null {
    return payload === null || payload === undefined ? null : checkRange(expectNumber(payload), 0.01, 86_400 * 365);
  }

  postprocess(value: number | null | undefined): number | null {
    return value === null || value === undefined ? null : checkRange(expectNumber(value), 0.01, 86_400 * 365);
  }

  tick<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "tick", options);
  }
}
