/**
 * Text with labelled spans. Wire value (Gradio's HighlightedTextData):
 * `[{ token: string, class_or_confidence: string | number | null }]`; the `[[text, label], …]` pair form
 * is accepted on input too. The fn receives `[text, label][]` and may return that, or
 * `{ text, entities: [{ entity, start, end }] }` (character offsets), as Gradio allows.
 */
import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import { Component, type ComponentOptions, type JsonSchema } from "./component.js";
import { expectArray, isPlainObject } from "./media.js";
import { describeValue, expectString, fail } from "./payload.js";

export type HighlightedSpan = [text: string, label: string | number | null];
export interface HighlightToken {
  token: string;
  class_or_confidence: string | number | null;
}
export type HighlightedTextOutput =
  | readonly (readonly [string, string | number | null])[]
  | { text: string; entities: readonly { entity?: string; entity_group?: string; start: number; end: number }[] };

export interface HighlightedTextOptions extends ComponentOptions<HighlightedTextOutput> {
  /** Label → colour for the browser. */
  colorMap?: Record<string, string>;
  showLegend?: boolean;
  showInlineCategory?: boolean;
  /** Merge neighbouring tokens of the same class (unlabelled ones too) in the value sent, as Gradio does. */
  combineAdjacent?: boolean;
  /** Put between merged tokens. */
  adjacentSeparator?: string;
  /** Keep the blanks around tokens (default); when false each token is trimmed before it is sent. */
  showWhitespaces?: boolean;
}

const MAX_TOKENS = 100_000;

function label(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  return expectString(value, 10_000);
}

export class HighlightedText extends Component<HighlightedSpan[], HighlightToken[]> {
  readonly type = "highlightedtext";
  readonly highlightOptions: HighlightedTextOptions;

  constructor(options: HighlightedTextOptions = {}) {
    super(options as ComponentOptions<HighlightedSpan[]>);
    this.highlightOptions = options;
  }

  override props() {
    const o = this.highlightOptions;
    return {
      ...super.props(),
      value: null,
      colorMap: o.colorMap,
      showLegend: o.showLegend ?? false,
      showInlineCategory: o.showInlineCategory ?? true,
      combineAdjacent: o.combineAdjacent ?? false,
      adjacentSeparator: o.adjacentSeparator ?? "",
      showWhitespaces: o.showWhitespaces ?? true,
    };
  }

  apiInfo(): JsonSchema {
    return {
      $defs: {
        HighlightedToken: {
          properties: {
            token: { title: "Token", type: "string" },
            class_or_confidence: {
              anyOf: [{ type: "string" }, { type: "number" }, { type: "null" }],
              default: null,
              title: "Class Or Confidence",
            },
          },
          required: ["token"],
          title: "HighlightedToken",
          type: "object",
        },
      },
      items: { $ref: "#/$defs/HighlightedToken" },
      title: "HighlightedTextData",
      type: "array",
    };
  }

  exampleInput() {
    return [
      { token: "The", class_or_confidence: null },
      { token: "cat", class_or_confidence: "animal" },
    ];
  }

  preprocess(payload: unknown): HighlightedSpan[] | null {
    if (payload === null || payload === undefined) return null;
    return expectArray(payload, "a list of highlighted tokens", MAX_TOKENS).map((item, i): HighlightedSpan => {
      if (Array.isArray(item)) return [expectString(item[0]), label(item[1])];
      if (!isPlainObject(item))
        fail(`token ${i + 1} is ${describeValue(item)}; expected { token, class_or_confidence }`);
      return [expectString(item.token), label(item.class_or_confidence)];
    });
  }

  postprocess(value: HighlightedTextOutput | null | undefined): HighlightToken[] | null {
    if (value === null || value === undefined) return null;
    let pairs: HighlightedSpan[];
    if (Array.isArray(value))
      pairs = (value as readonly (readonly [string, string | number | null])[]).map((pair) => [
        String(pair[0]),
        pair[1] ?? null,
      ]);
    else if (isPlainObject(value) && typeof value.text === "string" && Array.isArray(value.entities))
      pairs = fromEntities(
        value.text,
        value.entities as { entity?: string; entity_group?: string; start: number; end: number }[],
      );
    else return fail(`the fn returned ${describeValue(value)} where highlighted text was expected`);
    if (this.highlightOptions.combineAdjacent) pairs = combine(pairs, this.highlightOptions.adjacentSeparator ?? "");
    const trim = this.highlightOptions.showWhitespaces === false;
    return pairs.map(([token, cls]) => ({ token: trim ? token.trim() : token, class_or_confidence: cls }));
  }

  select<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "select", options);
  }
}

/** Gradio's conversion, kept exact: the (possibly empty) unlabelled text before each entity and after the last. */
function fromEntities(
  text: string,
  entities: readonly { entity?: string; entity_group?: string; start: number; end: number }[],
): HighlightedSpan[] {
  if (entities.length === 0) return [[text, null]];
  const sorted = [...entities].sort((a, b) => a.start - b.start);
  const out: HighlightedSpan[] = [];
  let at = 0;
  for (const entity of sorted) {
    if (
      !Number.isInteger(entity.start) ||
      !Number.isInteger(entity.end) ||
      entity.start < at ||
      entity.end < entity.start ||
      entity.end > text.length
    )
      fail("an entity has start/end offsets outside the text or overlapping another");
    out.push([text.slice(at, entity.start), null]);
    out.push([text.slice(entity.start, entity.end), entity.entity || entity.entity_group || null]);
    at = entity.end;
  }
  out.push([text.slice(at), null]);
  return out;
}

/** Runs of one class become one token; empty tokens are dropped so they add no stray separator. */
function combine(pairs: HighlightedSpan[], separator: string): HighlightedSpan[] {
  const out: HighlightedSpan[] = [];
  for (const [text, cls] of pairs) {
    if (!text) continue;
    const last = out.at(-1);
    if (last && last[1] === cls) last[0] += separator + text;
    else out.push([text, cls]);
  }
  return out;
}
