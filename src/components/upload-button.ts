import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import type { Props } from "../blocks/block.js";
import { checkIcon, iconProps } from "./button.js";
import type { ProcessContext } from "./component.js";
import { File, type FileOptions, type FileValue } from "./file.js";

export interface UploadButtonOptions<V extends FileValue = FileValue> extends Omit<FileOptions<V>, "value"> {
  /** The button's text. */
  label?: string;
  variant?: "primary" | "secondary" | "stop";
  size?: "sm" | "md" | "lg";
  /** An image shown beside the label: a file path (served through the file rules) or an http(s) URL. */
  icon?: string | null;
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
    checkIcon("UploadButton", options.icon);
  }

  override async fileProps(context: ProcessContext, namedByDeveloper: boolean): Promise<Props> {
    return iconProps(this.buttonOptions.icon, context, namedByDeveloper);
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
