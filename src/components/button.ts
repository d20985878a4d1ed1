import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import type { Props } from "../blocks/block.js";
import { FILE_DATA_TYPE, type FileData } from "../protocol/file-data.js";
import {
  Component,
  type ComponentOptions,
  type JsonSchema,
  type ProcessContext,
  type ResolvedOptions,
} from "./component.js";
import { publishPath } from "./media.js";
import { describeValue, expectString } from "./payload.js";

export interface ButtonOptions extends ComponentOptions<string> {
  variant?: "primary" | "secondary" | "stop" | "huggingface";
  size?: "sm" | "md" | "lg";
  link?: string;
  /** An image shown beside the label: a file path (served through the file rules) or an http(s) URL. */
  icon?: string | null;
}

/** Refuses an icon that is neither a path nor a URL when the button is made, not when the page loads. */
export function checkIcon(owner: string, icon: unknown): void {
  if (icon !== undefined && icon !== null && (typeof icon !== "string" || icon === ""))
    throw new TypeError(`${owner} icon must be a file path or an http(s) URL, got ${describeValue(icon)}.`);
}

/**
 * Gradio's `icon` as the page gets it: a FileData. A path is published like any file the app names (a
 * path the developer wrote is allowed as Gradio allows the app's static files; one set by a fn's update
 * passes the rules of outputs); a URL stays a URL, which the browser loads itself.
 */
export async function iconProps(
  icon: string | null | undefined,
  context: ProcessContext,
  namedByDeveloper: boolean,
): Promise<Props> {
  if (!icon) return {};
  if (/^https?:\/\//i.test(icon)) {
    const remote: FileData = {
      path: icon,
      url: icon,
      size: null,
      orig_name: null,
      mime_type: null,
      is_stream: false,
      meta: { _type: FILE_DATA_TYPE },
    };
    return { icon: remote };
  }
  const published = await publishPath(context, icon, namedByDeveloper, "an icon file");
  // Gradio sends an icon's FileData without the name, size or type it knows for other files.
  return { icon: { ...published, size: null, orig_name: null, mime_type: null } };
}

export class Button extends Component<string> {
  readonly type = "button";
  override readonly skipApi = true;
  declare protected readonly options: ResolvedOptions<ButtonOptions>;

  constructor(valueOrOptions: string | ButtonOptions = {}) {
    super(typeof valueOrOptions === "string" ? { value: valueOrOptions } : valueOrOptions);
    checkIcon("Button", this.options.icon);
  }

  override props() {
    const { variant = "secondary", size = "lg", link, interactive = true } = this.options;
    return { ...super.props(), value: this.options.value ?? "Run", variant, size, link, interactive, showLabel: false };
  }

  override async fileProps(context: ProcessContext, namedByDeveloper: boolean): Promise<Props> {
    return iconProps(this.options.icon, context, namedByDeveloper);
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
