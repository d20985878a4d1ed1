import { Component, type ComponentOptions, type JsonSchema } from "./component.js";
import { expectString } from "./payload.js";

/** HTML shown in the page; the browser sanitizes it (no scripts run on the app's origin). */
export class HTML extends Component<string> {
  readonly type = "html";

  constructor(valueOrOptions: string | ComponentOptions<string> = {}) {
    super(typeof valueOrOptions === "string" ? { value: valueOrOptions } : valueOrOptions);
  }

  override props() {
    return { ...super.props(), value: this.options.value ?? "", showLabel: this.options.showLabel ?? false };
  }

  apiInfo(): JsonSchema {
    return { type: "string" };
  }

  exampleInput() {
    return "<p>Hello</p>";
  }

  preprocess(payload: unknown): string | null {
    return payload === null || payload === undefined ? null : expectString(payload);
  }

  postprocess(value: string | null | undefined): string | null {
    return value === null || value === undefined ? null : String(value);
  }
}
