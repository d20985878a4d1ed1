import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import { Component, type ComponentOptions, type JsonSchema, type ResolvedOptions } from "./component.js";
import { refuseUnbuiltOptions } from "../errors.js";
import { expectString } from "./payload.js";

export interface ButtonOptions extends ComponentOptions<string> {
  variant?: "primary" | "secondary" | "stop" | "huggingface";
  size?: "sm" | "md" | "lg";
  link?: string;
}

export class Button extends Component<string> {
  readonly type = "button";
  override readonly skipApi = true;
  declare protected readonly options: ResolvedOptions<ButtonOptions>;

  constructor(valueOrOptions: string | ButtonOptions = {}) {
    super(typeof valueOrOptions === "string" ? { value: valueOrOptions } : valueOrOptions);
    // Gradio's icon is an image file served beside the button: not built.
    if (typeof valueOrOptions !== "string") refuseUnbuiltOptions("Button", valueOrOptions, ["icon"]);
  }

  override props() {
    const { variant = "secondary", size = "lg", link, interactive = true } = this.options;
    return { ...super.props(), value: this.options.value ?? "Run", variant, size, link, interactive, showLabel: false };
  }

  apiInfo(): JsonSchema {
    return { type: "string" };
  }

  exampleInput() {
    return "Run";
  }

  preprocess(payload: unknown): string | null {
    return payload === null || payload === undefined ? null : expectString(payload, 10_000);
  }

  postprocess(value: string | null | undefined): string | null {
    return value ?? null;
  }

  click<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "click", options);
  }
}
