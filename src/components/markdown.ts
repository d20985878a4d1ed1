import { Component, type ComponentOptions, type JsonSchema, type ResolvedOptions } from "./component.js";
import { cleandoc } from "./cleandoc.js";
import { expectString } from "./payload.js";
import type { CopyData, EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import { AppConfigError } from "../errors.js";

export interface MarkdownOptions extends ComponentOptions<string> {
  /** LaTeX delimiters the browser renders; none by default. */
  latexDelimiters?: { left: string; right: string; display: boolean }[];
  /** Markdown is always sanitized in the browser; this only controls whether raw HTML tags are kept. */
  sanitizeHtml?: boolean;
  rtl?: boolean;
  /** `["copy"]`: a copy button above the text, which fires `copy`. */
  buttons?: readonly "copy"[] | null;
}

/**
 * Markdown text, rendered (and sanitized) by the browser. A path in it is text, never a file read. Values
 * are dedented as Python's `inspect.cleandoc` does, like Gradio's.
 */
export class Markdown extends Component<string> {
  readonly type = "markdown";
  declare protected readonly options: ResolvedOptions<MarkdownOptions>;

  constructor(valueOrOptions: string | MarkdownOptions = {}) {
    super(typeof valueOrOptions === "string" ? { value: valueOrOptions } : valueOrOptions);
    const unknown = (this.options.buttons ?? []).find((button) => button !== "copy");
    if (unknown !== undefined)
      throw new AppConfigError(`Markdown: buttons may only hold "copy", got ${JSON.stringify(unknown)}.`);
  }

  override props() {
    const { latexDelimiters = [], sanitizeHtml = true, rtl = false, buttons = null } = this.options;
    return {
      ...super.props(),
      value: cleandoc(this.options.value ?? ""),
      latexDelimiters,
      sanitizeHtml,
      rtl,
      buttons,
      showLabel: this.options.showLabel ?? false,
    };
  }

  apiInfo(): JsonSchema {
    return { type: "string" };
  }

  exampleInput() {
    return "# Hello!";
  }

  preprocess(payload: unknown): string | null {
    return payload === null || payload === undefined ? null : expectString(payload);
  }

  /** Dedented like Gradio's (an indented triple-quoted string still renders its headings). */
  postprocess(value: string | null | undefined): string | null {
    return value === null || value === undefined ? null : cleandoc(String(value));
  }

  /** The user copied a value from it (the copy button); the event data is `{ value }`. */
  copy<const I extends Inputs>(options: EventOptions<I, CopyData>): EventHandle {
    return listen(this, "copy", options);
  }
}
