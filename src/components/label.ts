import { Component, type ComponentOptions, type JsonSchema, type ResolvedOptions } from "./component.js";
import { describeValue, fail } from "./payload.js";
import type { EventHandle, EventOptions, Inputs, SelectData } from "../blocks/events.js";
import { listen } from "../blocks/events.js";

export interface LabelPayload {
  label: string | number | null;
  confidences?: { label: string | number; confidence: number }[] | null;
}

/** What a fn may return: a single label, or a map of label → confidence. */
export type LabelValue = string | number | Record<string, number>;

export interface LabelOptions extends ComponentOptions<LabelValue> {
  /** How many of the most confident classes to show. */
  numTopClasses?: number;
}

export class Label extends Component<LabelValue, LabelPayload> {
  readonly type = "label";

  override clearedValue(): unknown {
    return {};
  }
  declare protected readonly options: ResolvedOptions<LabelOptions>;

  constructor(options: LabelOptions = {}) {
    super(options);
  }

  override props() {
    return {
      ...super.props(),
      value:
        this.options.value === undefined || this.options.value === null ? null : this.#toPayload(this.options.value),
      numTopClasses: this.options.numTopClasses,
    };
  }

  apiInfo(): JsonSchema {
    // Gradio's LabelData: a label may be a str, int or float, and each field of a confidence may be null.
    const labelSchema = {
      anyOf: [{ type: "string" }, { type: "integer" }, { type: "number" }, { type: "null" }],
      default: null,
    };
    const confidence = {
      type: "object",
      properties: { label: labelSchema, confidence: { anyOf: [{ type: "number" }, { type: "null" }], default: null } },
    };
    return {
      type: "object",
      title: "LabelData",
      properties: {
        label: labelSchema,
        confidences: { anyOf: [{ type: "array", items: confidence }, { type: "null" }], default: null },
      },
    };
  }

  exampleInput() {
    return {
      label: "Cat",
      confidences: [
        { label: "Cat", confidence: 0.9 },
        { label: "Dog", confidence: 0.1 },
      ],
    };
  }

  preprocess(payload: unknown): LabelValue | null {
    if (payload === null || payload === undefined) return null;
    if (typeof payload !== "object" || Array.isArray(payload))
      fail(`expected a label object, got ${describeValue(payload)}`);
    const { label, confidences } = payload as LabelPayload;
    if (Array.isArray(confidences))
      return Object.fromEntries(confidences.map((c) => [String(c.label), Number(c.confidence)]));
    return label ?? null;
  }

  postprocess(value: LabelValue | null | undefined): LabelPayload | null {
    return value === null || value === undefined ? null : this.#toPayload(value);
  }

  #toPayload(value: LabelValue): LabelPayload {
    // A single class (or a regression number) travels as its text, as in Gradio.
    if (typeof value !== "object") return { label: String(value), confidences: null };
    const ranked = Object.entries(value)
      .map(([label, confidence]) => ({ label, confidence: Number(confidence) }))
      .sort((a, b) => b.confidence - a.confidence)
      .slice(0, this.options.numTopClasses ?? Number.POSITIVE_INFINITY);
    return { label: ranked[0]?.label ?? null, confidences: ranked };
  }

  /** The user selected part of it; the event data is Gradio's SelectData. */
  select<const I extends Inputs>(options: EventOptions<I, SelectData>): EventHandle {
    return listen(this, "select", options);
  }
}
