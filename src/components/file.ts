import type { DeletedFileData, DownloadData, EventHandle, EventOptions, Inputs, SelectData } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import { FILE_DATA_TYPE, fileDataSchema, type FileData } from "../protocol/file-data.js";
import type { Props } from "../blocks/block.js";
import {
  Component,
  type ComponentOptions,
  type JsonSchema,
  type ProcessContext,
  type ResolvedOptions,
} from "./component.js";
import { describeValue, fail } from "./payload.js";

/** One path or many, depending on `fileCount`. */
export type FileValue = string | string[];

export interface FileOptions<V extends FileValue = FileValue> extends ComponentOptions<V> {
  fileCount?: "single" | "multiple";
  /** Extensions (".pdf") or kinds ("image", "audio", "video", "text") the browser offers. */
  fileTypes?: string[];
  height?: number;
}

/**
 * A file in, a file out. The fn receives the path of the uploaded copy and may return a path; returned
 * paths are copied into the cache only when the file rules allow it.
 */
export class File<V extends FileValue = FileValue> extends Component<V, FileData | FileData[]> {
  readonly type: string = "file";
  declare protected readonly options: ResolvedOptions<FileOptions<V>>;

  constructor(options: FileOptions<V> = {}) {
    super(options);
  }

  get multiple(): boolean {
    return this.options.fileCount === "multiple";
  }

  override props(): Props {
    return {
      ...super.props(),
      value: null,
      fileCount: this.options.fileCount ?? "single",
      fileTypes: this.options.fileTypes,
      height: this.options.height,
    };
  }

  apiInfo(): JsonSchema {
    return this.multiple ? { type: "array", items: fileDataSchema } : { ...fileDataSchema };
  }

  exampleInput() {
    const sample = {
      path: "https://github.com/gradio-app/gradio/raw/main/test/test_files/sample_file.pdf",
      meta: { _type: FILE_DATA_TYPE },
    };
    return this.multiple ? [sample] : sample;
  }

  async preprocess(payload: unknown, context: ProcessContext): Promise<V | null> {
    if (payload === null || payload === undefined) return null;
    // `V` is string[] exactly when `fileCount` is "multiple" (subclasses that fix V fix the count too).
    if (this.multiple) {
      if (!Array.isArray(payload)) fail(`expected a list of files, got ${describeValue(payload)}`);
      return (await Promise.all(
        payload.map(async (item) => (await context.files.acceptInput(item, this.parameterName)).path),
      )) as V;
    }
    return (await context.files.acceptInput(payload, this.parameterName)).path as V;
  }

  async postprocess(
    value: FileValue | FileData | null | undefined,
    context: ProcessContext,
    namedByDeveloper = false,
  ): Promise<FileData | FileData[] | null> {
    if (value === null || value === undefined) return null;
    if (Array.isArray(value))
      return Promise.all(value.map((item) => context.files.publish(item, context.rootUrl, namedByDeveloper)));
    if (typeof value !== "string" && typeof value !== "object")
      fail(`the fn returned ${describeValue(value)} where a file path was expected`);
    return context.files.publish(value, context.rootUrl, namedByDeveloper);
  }

  upload<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "upload", options);
  }

  clear<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "clear", options);
  }

  /** The user selected part of it; the event data is Gradio's SelectData. */
  select<const I extends Inputs>(options: EventOptions<I, SelectData>): EventHandle {
    return listen(this, "select", options);
  }

  /** The user removed one of its files; the event data is `{ file }`. */
  delete<const I extends Inputs>(options: EventOptions<I, DeletedFileData>): EventHandle {
    return listen(this, "delete", options);
  }

  /** The user downloaded one of its files; the event data is `{ file }`. */
  download<const I extends Inputs>(options: EventOptions<I, DownloadData>): EventHandle {
    return listen(this, "download", options);
  }
}
