/**
 * A grid of images and videos. Wire value (Gradio's GalleryData): `[{ image: FileData, caption }]` or
 * `[{ video: FileData, caption }]` items. The fn receives `[path, caption | null][]` and may return a list
 * of paths, FileData, image bytes or pixels, `[item, caption]` pairs or `{ image | video, caption }`.
 * The JS client sends bare path strings for uploaded items: they are checked as uploaded files too.
 */
import type { DeletedFileData, EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import type { FileData } from "../protocol/file-data.js";
import { Component, type ComponentOptions, type JsonSchema, type ProcessContext } from "./component.js";
import { isImagePixels, publishImage, type ImageFormat, type ImageOutput } from "./image.js";
import {
  acceptFile,
  expectArray,
  FILE_REF,
  fileDefs,
  fileExample,
  isPlainObject,
  mimeFromName,
  publishPath,
} from "./media.js";
import { describeValue, expectString, fail } from "./payload.js";

export type GalleryItemPayload =
  { image: FileData; caption: string | null } | { video: FileData; caption: string | null };
export type GalleryOutputItem =
  | ImageOutput
  | readonly [ImageOutput, string | null]
  | { image?: ImageOutput; video?: string | FileData; caption?: string | null };
export type GalleryValue = [path: string, caption: string | null][];

export interface GalleryOptions extends ComponentOptions<readonly GalleryOutputItem[]> {
  columns?: number;
  rows?: number;
  height?: number | string;
  objectFit?: "contain" | "cover" | "fill" | "none" | "scale-down";
  allowPreview?: boolean;
  preview?: boolean;
  selectedIndex?: number | null;
  showDownloadButton?: boolean;
  showShareButton?: boolean;
  /** Format that returned image bytes/pixels are encoded into. */
  format?: ImageFormat;
  fileTypes?: string[];
  /** Most items accepted in one value. Default 1000. */
  maxItems?: number;
}

const VIDEO_EXTENSION = new Set(["mp4", "webm", "mov", "mkv", "avi", "ogv", "m4v"]);

export class Gallery extends Component<GalleryValue, GalleryItemPayload[]> {
  readonly type = "gallery";

  override clearedValue(): unknown {
    return [];
  }
  readonly galleryOptions: GalleryOptions;

  constructor(options: GalleryOptions = {}) {
    super(options as ComponentOptions<GalleryValue>);
    this.galleryOptions = options;
  }

  override props() {
    const o = this.galleryOptions;
    return {
      ...super.props(),
      value: null,
      columns: o.columns ?? 2,
      rows: o.rows,
      height: o.height ?? "auto",
      objectFit: o.objectFit,
      allowPreview: o.allowPreview ?? true,
      preview: o.preview,
      selectedIndex: o.selectedIndex,
      showDownloadButton: o.showDownloadButton ?? true,
      showShareButton: o.showShareButton ?? false,
      fileTypes: o.fileTypes ?? ["image", "video"],
      format: o.format ?? "png",
    };
  }

  apiInfo(): JsonSchema {
    const caption = { anyOf: [{ type: "string" }, { type: "null" }], default: null, title: "Caption" };
    return {
      $defs: fileDefs({
        GalleryImage: {
          properties: { image: FILE_REF, caption },
          required: ["image"],
          title: "GalleryImage",
          type: "object",
        },
        GalleryVideo: {
          properties: { video: FILE_REF, caption },
          required: ["video"],
          title: "GalleryVideo",
          type: "object",
        },
      }),
      items: { anyOf: [{ $ref: "#/$defs/GalleryImage" }, { $ref: "#/$defs/GalleryVideo" }] },
      title: "GalleryData",
      type: "array",
    };
  }

  exampleInput() {
    return [
      {
        image: fileExample("https://raw.githubusercontent.com/gradio-app/gradio/main/test/test_files/bus.png"),
        caption: null,
      },
    ];
  }

  async preprocess(payload: unknown, context: ProcessContext): Promise<GalleryValue | null> {
    if (payload === null || payload === undefined) return null;
    const items = expectArray(payload, "a list of gallery items", this.galleryOptions.maxItems ?? 1000);
    return Promise.all(
      items.map(async (item): Promise<[string, string | null]> => {
        if (!isPlainObject(item))
          fail(`expected a gallery item ({ image: FileData, caption }), got ${describeValue(item)}`);
        const file =
          "image" in item
            ? item.image
            : "video" in item
              ? item.video
              : fail("a gallery item needs an image or a video");
        const caption = item.caption === null || item.caption === undefined ? null : expectString(item.caption, 10_000);
        return [(await acceptFile(file, context, this.parameterName)).path, caption];
      }),
    );
  }

  async postprocess(
    value: readonly GalleryOutputItem[] | null | undefined,
    context: ProcessContext,
    namedByDeveloper = false,
  ): Promise<GalleryItemPayload[] | null> {
    if (value === null || value === undefined) return null;
    if (!Array.isArray(value))
      fail(`the fn returned ${describeValue(value)} where a list of gallery items was expected`);
    const format = this.galleryOptions.format ?? "png";
    return Promise.all(
      value.map(async (item: GalleryOutputItem): Promise<GalleryItemPayload> => {
        let media: ImageOutput | undefined;
        let caption: string | null = null;
        let isVideo = false;
        if (Array.isArray(item)) [media, caption = null] = item as readonly [ImageOutput, string | null];
        else if (isPlainObject(item) && !isImagePixels(item) && !("path" in item)) {
          const entry = item as { image?: ImageOutput; video?: string | FileData; caption?: string | null };
          media = entry.video ?? entry.image;
          isVideo = entry.video !== undefined;
          caption = entry.caption ?? null;
        } else media = item as ImageOutput;
        if (media === undefined || media === null) fail("a gallery item has no image or video");
        const pathOf =
          typeof media === "string" ? media : isPlainObject(media) && typeof media.path === "string" ? media.path : "";
        isVideo ||= VIDEO_EXTENSION.has(pathOf.split(".").pop()?.toLowerCase() ?? "");
        if (isVideo) {
          const video = await publishPath(context, media, namedByDeveloper, "a video path");
          video.mime_type ??= mimeFromName(video.path);
          return { video, caption };
        }
        return { image: await publishImage(media, context, format, namedByDeveloper), caption };
      }),
    );
  }

  select<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "select", options);
  }
  upload<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "upload", options);
  }
  previewOpen<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "preview_open", options);
  }

  /** The user removed one of its files; the event data is `{ file }`. */
  delete<const I extends Inputs>(options: EventOptions<I, DeletedFileData>): EventHandle {
    return listen(this, "delete", options);
  }

  /** The user closed the full-size preview. */
  previewClose<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "preview_close", options);
  }
}
