import { Component, type ComponentOptions, type JsonSchema } from "./component.js";
import { describeValue, fail } from "./payload.js";
import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";

/** A colour as "#rrggbb" (wire and fn value). "#rgb" and "#rrggbbaa" are accepted and kept lower-case. */
export class ColorPicker extends Component<string> {
  readonly type = "colorpicker";

  constructor(options: ComponentOptions<string> = {}) {
    super(options);
  }

  override props() {
    return {
      ...super.props(),
      value: this.options.value === undefined || this.options.value === null ? null : checkColor(this.options.value),
    };
  }

  apiInfo(): JsonSchema {
    return { type: "string" };
  }

  exampleInput() {
    return "#000000";
  }

  preprocess(payload: unknown): string | null {
    return payload === null || payload === undefined ? null : checkColor(payload);
  }

  postprocess(value: string | null | undefined): string | null {
    return value === null || value === undefined ? null : checkColor(value);
  }

  /** It gets the keyboard focus. */
  focus<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "focus", options);
  }

  /** It loses the keyboard focus. */
  blur<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "blur", options);
  }

  /** The user let go of it after changing it. */
  release<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "release", options);
  }

  /** The user pressed Enter in it. */
  submit<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "submit", options);
  }
}

const HEX = "0123456789abcdef";

/** Character checks only (no regex): `#` then 3, 6 or 8 hex digits. */
export function checkColor(value: unknown): string {
  if (typeof value !== "string" || value.length > 9 || value[0] !== "#" || ![4, 7, 9].includes(value.length))
    fail(`expected a colour like "#ff8800", got ${describeValue(value)}`);
  const lower = value.toLowerCase();
  for (const char of lower.slice(1))
    if (!HEX.includes(char)) fail(`expected a colour like "#ff8800", got ${describeValue(value)}`);
  return lower;
}
