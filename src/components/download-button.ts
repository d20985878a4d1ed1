import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import type { Props } from "../blocks/block.js";
import { checkIcon, iconProps } from "./button.js";
import type { ProcessContext } from "./component.js";
import { File, type FileOptions } from "./file.js";

export interface DownloadButtonOptions extends Omit<FileOptions<string>, "fileCount" | "fileTypes"> {
  /** The button's text. */
  label?: string;
  variant?: "primary" | "secondary" | "stop";
  size?: "sm" | "md" | "lg";
  /** An image shown beside the label: a file path (served through the file rules) or an http(s) URL. */
  icon?: string | null;
}

/**
 * A button that downloads a file. Wire value FileData; the fn returns a path (published through the file
 * rules) or an http(s) URL, which is downloaded into the cache through the guarded fetcher, as Gradio does,
 * so the page only ever links to this app's own files (S06).
 */
export class DownloadButton extends File<string> {
  override readonly type = "downloadbutton";
  readonly buttonOptions: DownloadButtonOptions;

  constructor(labelOrOptions: string | DownloadButtonOptions = {}) {
    const options = typeof labelOrOptions === "string" ? { label: labelOrOptions } : labelOrOptions;
    super({ ...options, label: options.label ?? "Download", fileCount: "single" });
    this.buttonOptions = options;
    checkIcon("DownloadButton", options.icon);
  }

  override async fileProps(context: ProcessContext, namedByDeveloper: boolean): Promise<Props> {
    return iconProps(this.buttonOptions.icon, context, namedByDeveloper);
  }

  override props() {
    const { variant = "secondary", size = "lg" } = this.buttonOptions;
    return { ...super.props(), variant, size, showLabel: false };
  }

  click<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "click", options);
  }
}
