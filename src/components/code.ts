import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import { Component, type ComponentOptions, type JsonSchema, type ResolvedOptions } from "./component.js";
import { expectString } from "./payload.js";

export type CodeLanguage =
  | "python"
  | "javascript"
  | "typescript"
  | "json"
  | "html"
  | "css"
  | "markdown"
  | "shell"
  | "sql"
  | "yaml"
  | "r"
  | "c"
  | "cpp"
  | "rust"
  | "go"
  | "java"
  | "dockerfile"
  | null;

export interface CodeOptions extends ComponentOptions<string> {
  language?: CodeLanguage;
  lines?: number;
  maxLines?: number;
  wrapLines?: boolean;
  showLineNumbers?: boolean;
  /** Longest code accepted from a caller. Default 1 000 000 characters. */
  maxLength?: number;
}

/** Source code in a syntax-highlighted editor. Wire value and fn value: the text. It is never read as a path. */
export class Code extends Component<string> {
  readonly type = "code";
  declare protected readonly options: ResolvedOptions<CodeOptions>;

  constructor(options: CodeOptions = {}) {
    super(options);
  }

  override props() {
    const { language = null, lines = 5, maxLines, wrapLines = false, showLineNumbers = true } = this.options;
    return { ...super.props(), value: this.options.value ?? "", language, lines, maxLines, wrapLines, showLineNumbers };
  }

  apiInfo(): JsonSchema {
    return { type: "string" };
  }

  exampleInput() {
    return "print('Hello World')";
  }

  preprocess(payload: unknown): string | null {
    return payload === null || payload === undefined ? null : expectString(payload, this.options.maxLength);
  }

  postprocess(value: string | null | undefined): string | null {
    return value === null || value === undefined ? null : String(value);
  }

  blur<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "blur", options);
  }

  /** It gets the keyboard focus. */
  focus<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "focus", options);
  }
}
