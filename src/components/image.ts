import type { FileData } from "../files/file-data.js";
import type { ProcessContext } from "./component.js";
import { File, type FileOptions } from "./file.js";

export interface ImageOptions extends Omit<FileOptions, "fileCount" | "fileTypes" | "value"> {
  value?: string | null;
  /** How the fn receives the image; only "filepath" for now (decoded pixels come with the media components). */
  type?: "filepath";
  width?: number;
  sources?: ("upload" | "clipboard" | "webcam")[];
}

const IMAGE_EXTENSION = /\.(png|jpe?g|gif|webp|bmp|avif|ico|tiff?)$/i;

/** An image as a file path (decoding and format conversion come with the media components). */
export class Image extends File {
  override readonly type = "image";
  declare protected readonly options: FileOptions & ImageOptions;

  constructor(options: ImageOptions = {}) {
    super({ ...options, fileCount: "single", fileTypes: ["image"] });
  }

  override props() {
    return { ...super.props(), width: this.options.width, sources: this.options.sources ?? ["upload", "clipboard"], type: "filepath" };
  }

  override exampleInput() {
    return { path: "https://raw.githubusercontent.com/gradio-app/gradio/main/test/test_files/bus.png", meta: { _type: "gradio.FileData" } };
  }

  override async postprocess(value: string | string[] | FileData | null | undefined, context: ProcessContext, namedByDeveloper = false) {
    const published = await super.postprocess(value, context, namedByDeveloper);
    if (published && !Array.isArray(published)) published.mime_type ??= mimeFromName(published.path);
    return published;
  }
}

function mimeFromName(name: string): string | null {
  const extension = IMAGE_EXTENSION.exec(name)?.[1]?.toLowerCase();
  if (!extension) return null;
  return `image/${extension === "jpg" ? "jpeg" : extension === "tif" ? "tiff" : extension}`;
}
