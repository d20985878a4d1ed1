import type { CopyData, EventHandle, EventOptions, Inputs, SelectData } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import { Component, type ComponentOptions, type JsonSchema, type ResolvedOptions } from "./component.js";
import { expectString } from "./payload.js";

export interface TextboxOptions extends ComponentOptions<string> {
  lines?: number;
  maxLines?: number;
  placeholder?: string;
  type?: "text" | "password" | "email";
  /** Longest text accepted from a caller. */
  maxLength?: number;
  autofocus?: boolean;
  rtl?: boolean;
  showCopyButton?: boolean;
}

export class Textbox extends Component<string> {
  readonly type = "textbox";
  declare protected readonly options: ResolvedOptions<TextboxOptions>;

  constructor(options: TextboxOptions = {}) {
    super(options);
  }

  override props() {
    const {
      lines = 1,
      maxLines = 20,
      placeholder,
      type = "text",
      maxLength,
      autofocus = false,
      rtl = false,
      showCopyButton = false,
    } = this.options;
    return {
      ...super.props(),
      value: this.options.value ?? "",
      lines,
      maxLines,
      placeholder,
      type,
      maxLength,
      autofocus,
      rtl,
      showCopyButton,
    };
  }

  apiInfo(): JsonSchema {
    return { type: "string" };
  }

  exampleInput() {
    return "Hello!!";
  }

  preprocess(payload: unknown): string | null {
    if (payload === null || payload === undefined) return null;
    return expectString(payload, this.options.maxLength);
  }

  postprocess(value: string | null | undefined): string | null {
    return value === null || value === undefined ? null : String(value);
  }

  submit<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "submit", options);
  }

  /** The box gets the keyboard focus. */
  focus<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "focus", options);
  }

  /** The box loses the keyboard focus. */
  blur<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "blur", options);
  }

  /** The user copied a value from it (the copy button); the event data is `{ value }`. */
  copy<const I extends Inputs>(options: EventOptions<I, CopyData>): EventHandle {
    return listen(this, "copy", options);
  }

  /** The user selected part of it; the event data is Gradio's SelectData. */
  select<const I extends Inputs>(options: EventOptions<I, SelectData>): EventHandle {
    return listen(this, "select", options);
  }

  /** The user pressed its Stop control. */
  stop<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "stop", options);
  }
}

/** Gradio's `gr.Text`: the same component as Textbox under a shorter name. */
export const Text = Textbox;
export type Text = Textbox;

/** Gradio's `gr.TextArea`: a Textbox that starts seven lines tall. */
export class TextArea extends Textbox {
  constructor(options: TextboxOptions = {}) {
    super({ lines: 7, maxLines: 20, ...options });
  }
}
