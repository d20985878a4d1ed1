/**
 * Text plus attached files, as chat inputs have. Wire value: `{ text, files: FileData[] }`; the fn
 * receives `{ text, files: string[] }` (paths of uploaded files, checked by the file rules) and may return
 * the same shape (paths or FileData) or a plain string (text, no files). Text is never read as a path.
 */
import type { EventHandle, EventOptions, Inputs, SelectData } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import type { FileData } from "../protocol/file-data.js";
import {
  Component,
  type ComponentOptions,
  type JsonSchema,
  type ProcessContext,
  type ResolvedOptions,
} from "./component.js";
import { acceptFile, expectArray, FILE_REF, fileDefs, isPlainObject, mimeFromName, publishPath } from "./media.js";
import { describeValue, expectString, fail } from "./payload.js";

export interface MultimodalValue {
  text: string;
  files: string[];
}
export interface MultimodalPayload {
  text: string;
  files: FileData[];
}
export type MultimodalOutput = string | { text?: string; files?: readonly (string | FileData)[] };

export interface MultimodalTextboxOptions extends ComponentOptions<MultimodalOutput> {
  sources?: ("upload" | "microphone")[];
  fileTypes?: string[];
  fileCount?: "single" | "multiple" | "directory";
  lines?: number;
  maxLines?: number;
  placeholder?: string;
  submitBtn?: boolean | string;
  stopBtn?: boolean | string;
  autofocus?: boolean;
  rtl?: boolean;
  /** Longest text accepted. */
  maxLength?: number;
  /** Most files in one message. Default 100. */
  maxFiles?: number;
}

export class MultimodalTextbox extends Component<MultimodalValue, MultimodalPayload> {
  readonly type = "multimodaltextbox";

  override clearedValue(): unknown {
    return { text: "", files: [] };
  }
  readonly boxOptions: ResolvedOptions<MultimodalTextboxOptions>;

  constructor(options: MultimodalTextboxOptions = {}) {
    super(options as ComponentOptions<MultimodalValue>);
    this.boxOptions = { ...options, value: this.options.value } as ResolvedOptions<MultimodalTextboxOptions>;
  }

  override props() {
    const o = this.boxOptions;
    return {
      ...super.props(),
      value: { text: typeof o.value === "string" ? o.value : (o.value?.text ?? ""), files: [] },
      sources: o.sources ?? ["upload"],
      fileTypes: o.fileTypes,
      fileCount: o.fileCount ?? "single",
      lines: o.lines ?? 1,
      maxLines: o.maxLines ?? 20,
      placeholder: o.placeholder,
      submitBtn: o.submitBtn ?? true,
      stopBtn: o.stopBtn ?? false,
      autofocus: o.autofocus ?? false,
      rtl: o.rtl ?? false,
    };
  }

  override async configValue(context: ProcessContext, namedByDeveloper = true): Promise<unknown> {
    const value = this.boxOptions.value;
    return value === undefined || value === null
      ? { text: "", files: [] }
      : this.postprocess(value, context, namedByDeveloper);
  }

  apiInfo(): JsonSchema {
    return {
      $defs: fileDefs(),
      properties: {
        text: { title: "Text", type: "string" },
        files: { items: FILE_REF, title: "Files", type: "array" },
      },
      required: ["text"],
      title: "MultimodalData",
      type: "object",
    };
  }

  exampleInput() {
    return { text: "Describe this image", files: [] };
  }

  async preprocess(payload: unknown, context: ProcessContext): Promise<MultimodalValue | null> {
    if (payload === null || payload === undefined) return null;
    if (!isPlainObject(payload)) fail(`expected { text, files }, got ${describeValue(payload)}`);
    const text =
      payload.text === null || payload.text === undefined ? "" : expectString(payload.text, this.boxOptions.maxLength);
    const files = expectArray(payload.files ?? [], "the attached files", this.boxOptions.maxFiles ?? 100);
    return {
      text,
      files: await Promise.all(files.map(async (file) => (await acceptFile(file, context, this.parameterName)).path)),
    };
  }

  async postprocess(
    value: MultimodalOutput | null | undefined,
    context: ProcessContext,
    namedByDeveloper = false,
  ): Promise<MultimodalPayload | null> {
    if (value === null || value === undefined) return null;
    if (typeof value === "string") return { text: value, files: [] };
    if (!isPlainObject(value)) fail(`the fn returned ${describeValue(value)} where { text, files } was expected`);
    const files = await Promise.all(
      (value.files ?? []).map(async (file) => {
        const published = await publishPath(context, file, namedByDeveloper);
        published.mime_type ??= mimeFromName(published.path);
        return published;
      }),
    );
    return { text: typeof value.text === "string" ? value.text : "", files };
  }

  submit<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "submit", options);
  }
  stop<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "stop", options);
  }
  upload<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "upload", options);
  }

  /** It gets the keyboard focus. */
  focus<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "focus", options);
  }

  /** It loses the keyboard focus. */
  blur<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "blur", options);
  }

  /** The user selected part of it; the event data is Gradio's SelectData. */
  select<const I extends Inputs>(options: EventOptions<I, SelectData>): EventHandle {
    return listen(this, "select", options);
  }
}
