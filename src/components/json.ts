import { Component, type ComponentOptions, type JsonSchema } from "./component.js";
import { fail } from "./payload.js";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface JsonOptions extends ComponentOptions<JsonValue> {
  /** Nesting depth the browser shows expanded. */
  open?: boolean;
}

export class JSON_ extends Component<JsonValue> {
  readonly type = "json";

  constructor(options: JsonOptions = {}) {
    super(options);
  }

  override props() {
    return { ...super.props(), value: this.options.value ?? null, open: (this.options as JsonOptions).open ?? false };
  }

  apiInfo(): JsonSchema {
    return { type: {}, description: "any valid json" };
  }

  exampleInput() {
    return { a: 1, b: [2, 3] };
  }

  preprocess(payload: unknown): JsonValue {
    return (payload ?? null) as JsonValue;
  }

  /** A string is parsed as JSON, as Gradio does; anything else must survive JSON encoding. */
  postprocess(value: JsonValue | undefined): JsonValue {
    if (value === undefined) return null;
    if (typeof value === "string") {
      try {
        return JSON.parse(value) as JsonValue;
      } catch {
        return value;
      }
    }
    try {
      return JSON.parse(JSON.stringify(value)) as JsonValue;
    } catch {
      return fail("the fn returned a value that cannot be written as JSON");
    }
  }
}
