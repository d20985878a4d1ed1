import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import { refuseUnbuiltOptions } from "../errors.js";
import { File, type FileOptions } from "./file.js";

export interface DownloadButtonOptions extends Omit<FileOptions<string>, "fileCount" | "fileTypes"> {
  /** The button's text. */
  label?: string;
  variant?: "primary" | "secondary" | "stop";
  size?: "sm" | "md" | "lg";
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
    // Gradio's icon is an image file served beside the button: not built.
    refuseUnbuiltOptions("DownloadButton", options, ["icon"]);
  }

  override props() {
    const { variant = "secondary", size = "lg" } = this.buttonOptions;
    return { ...super.props(), variant, size, showLabel: false };
  }

  click<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "click", options);
  }
}
