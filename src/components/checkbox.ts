import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import { Component, type ComponentOptions, type JsonSchema } from "./component.js";
import { expectBoolean } from "./payload.js";

export class Checkbox extends Component<boolean> {
  readonly type = "checkbox";

  override clearedValue(): unknown {
    return false;
  }

  constructor(options: ComponentOptions<boolean> = {}) {
    super(options);
  }

  /** Unchecked unless told otherwise: Gradio's API then lists `false` as the parameter's default. */
  override get initialValue(): boolean {
    return this.options.value ?? false;
  }

  override props() {
    return { ...super.props(), value: this.initialValue };
  }

  apiInfo(): JsonSchema {
    return { type: "boolean" };
  }

  exampleInput() {
    return true;
  }

  preprocess(payload: unknown): boolean {
    return payload === null || payload === undefined ? false : expectBoolean(payload);
  }

  postprocess(value: boolean | null | undefined): boolean {
    return Boolean(value);
  }

  select<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "select", options);
  }
}
