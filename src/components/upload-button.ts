import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import { refuseUnbuiltOptions } from "../errors.js";
import { File, type FileOptions, type FileValue } from "./file.js";

export interface UploadButtonOptions<V extends FileValue = FileValue> extends Omit<FileOptions<V>, "value"> {
  /** The button's text. */
  label?: string;
  variant?: "primary" | "secondary" | "stop";
  size?: "sm" | "md" | "lg";
}

/**
 * A button that opens a file picker. Same wire value and fn value as File (FileData or a list of them ↔
 * a path or a list of paths); the picked files arrive in `upload` events.
 */
export class UploadButton<V extends FileValue = FileValue> extends File<V> {
  override readonly type = "uploadbutton";
  readonly buttonOptions: UploadButtonOptions<V>;

  constructor(labelOrOptions: string | UploadButtonOptions<V> = {}) {
    const options = typeof labelOrOptions === "string" ? { label: labelOrOptions } : labelOrOptions;
    super({ ...options, label: options.label ?? "Upload a File" } as FileOptions<V>);
    this.buttonOptions = options;
    // Gradio's icon is an image file served beside the button: not built.
    refuseUnbuiltOptions("UploadButton", options, ["icon"]);
  }

  override props() {
    const { variant = "secondary", size = "lg" } = this.buttonOptions;
    // Gradio shows the label as the button text, and the button has no separate label row.
    return { ...super.props(), variant, size, showLabel: false };
  }

  click<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "click", options);
  }
}
