/**
 * An image in or out. The fn chooses how it receives images with `type`: a file path ("filepath",
 * default), the encoded bytes ("buffer"), or decoded pixels ("pixels": `{ width, height, channels, data }`).
 * It may return any of these (or a FileData); bytes and pixels are encoded with sharp into `format`
 * (default "png"), chosen by the developer only — a caller never picks a format or a file name (C15).
 * Every file comes in through `acceptInput` and goes out through `publish`, so the file rules apply.
 */
import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import type { FileData } from "../protocol/file-data.js";
import { Component, type ComponentOptions, type JsonSchema, type ProcessContext } from "./component.js";
import { fileExample, fileSchema, mimeFromName, publishBytes, publishPath } from "./media.js";
import { describeValue, fail } from "./payload.js";
import { DEFAULT_MAX_PIXELS, finishImage, imageFormat, loadSharp, openImage } from "./image-decode.js";

/** Decoded pixels, row-major, `channels` bytes per pixel (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA). */
export interface ImagePixels {
  width: number;
  height: number;
  /** Derived from `data.length` when left out. */
  channels?: 1 | 2 | 3 | 4;
  data: Uint8Array | Uint8ClampedArray;
}

export type ImageType = "filepath" | "buffer" | "pixels";
export type ImageFormat = "png" | "jpeg" | "webp" | "gif" | "avif" | "tiff";
/** What the fn receives for each `type`. */
export type ImageValueFor<T extends ImageType> = T extends "buffer"
  ? Buffer
  : T extends "pixels"
    ? Required<ImagePixels>
    : string;
/** What a fn may return to any Image, whatever its `type`. */
export type ImageOutput = string | FileData | Uint8Array | ImagePixels;

export interface ImageOptions<T extends ImageType = "filepath"> extends ComponentOptions<ImageOutput> {
  type?: T;
  /** Format that returned bytes/pixels are encoded into; paths are published as they are. */
  format?: ImageFormat;
  /** Pixel layout for `type: "pixels"`: "RGB" (default), "RGBA" or "L" (grey). */
  imageMode?: "RGB" | "RGBA" | "L";
  /** Largest width × height decoded; bigger images are refused (memory bound). Default 40 million. */
  maxPixels?: number;
  height?: number | string;
  width?: number | string;
  sources?: ("upload" | "clipboard" | "webcam")[];
  showDownloadButton?: boolean;
  showShareButton?: boolean;
  showFullscreenButton?: boolean;
  /** Mirror the webcam preview (like a selfie camera). */
  mirrorWebcam?: boolean;
  /** Stream webcam frames to a `.stream` event every this many seconds. */
  streaming?: boolean;
  placeholder?: string;
}

const FORMAT_MIME: Record<ImageFormat, string> = {
  png: "image/png",
  jpeg: "image/jpeg",
  webp: "image/webp",
  gif: "image/gif",
  avif: "image/avif",
  tiff: "image/tiff",
};

export function isImagePixels(value: unknown): value is ImagePixels {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<ImagePixels>;
  return (
    typeof v.width === "number" &&
    typeof v.height === "number" &&
    (v.data instanceof Uint8Array || v.data instanceof Uint8ClampedArray)
  );
}

/** Checks pixel dimensions against the data and returns the channel count. */
export function pixelChannels(pixels: ImagePixels): 1 | 2 | 3 | 4 {
  const { width, height, data } = pixels;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0)
    fail(`image pixels need positive integer width and height, got ${width}×${height}`);
  const channels = pixels.channels ?? data.length / (width * height);
  if (![1, 2, 3, 4].includes(channels) || data.length !== width * height * channels)
    fail(`image pixels: ${data.length} bytes do not fit ${width}×${height} with 1–4 channels`);
  return channels as 1 | 2 | 3 | 4;
}

/** Encodes pixels into `format` with sharp. */
export async function encodePixels(pixels: ImagePixels, format: ImageFormat): Promise<Buffer> {
  const channels = pixelChannels(pixels);
  const sharp = await loadSharp();
  return sharp(Buffer.from(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength), {
    raw: { width: pixels.width, height: pixels.height, channels },
  })
    .toFormat(format)
    .toBuffer();
}

/**
 * Decodes an image file or bytes into pixels of the given mode, refusing (from the header, before
 * decoding) images over `maxPixels` or not in a raster format; `what` names the image in refusals.
 */
export async function decodePixels(
  input: string | Buffer,
  mode: "RGB" | "RGBA" | "L" = "RGB",
  maxPixels = DEFAULT_MAX_PIXELS,
  what = "the image",
): Promise<Required<ImagePixels>> {
  let pipeline = (await openImage(input, maxPixels, what)).pipeline;
  if (mode === "L") pipeline = pipeline.toColourspace("b-w").removeAlpha();
  else if (mode === "RGBA") pipeline = pipeline.ensureAlpha();
  else pipeline = pipeline.removeAlpha();
  const { data, info } = await finishImage(() => pipeline.raw().toBuffer({ resolveWithObject: true }), maxPixels, what);
  return {
    width: info.width,
    height: info.height,
    channels: info.channels as 1 | 2 | 3 | 4,
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}

/**
 * Turns returned bytes or pixels into a published image file; paths and FileData are published as they
 * are. Bytes already in `format` are published without decoding; others are transcoded, which decodes
 * them, so they pass the same header check and pixel bound (`maxPixels`) as uploads: a fn may hand
 * back what a caller sent.
 */
export async function publishImage(
  value: ImageOutput,
  context: ProcessContext,
  format: ImageFormat = "png",
  namedByDeveloper = false,
  maxPixels = DEFAULT_MAX_PIXELS,
): Promise<FileData> {
  if (isImagePixels(value))
    return publishBytes(context, await encodePixels(value, format), `image.${format}`, FORMAT_MIME[format]);
  if (value instanceof Uint8Array) {
    const buffer = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    const what = "the image the fn returned";
    if ((await imageFormat(buffer, what)) === format)
      return publishBytes(context, buffer, `image.${format}`, FORMAT_MIME[format]);
    const { pipeline } = await openImage(buffer, maxPixels, what);
    const bytes = await finishImage(() => pipeline.toFormat(format).toBuffer(), maxPixels, what);
    return publishBytes(context, bytes, `image.${format}`, FORMAT_MIME[format]);
  }
  const published = await publishPath(
    context,
    value,
    namedByDeveloper,
    "an image (path, FileData, bytes or pixels)",
    "image",
  );
  published.mime_type ??= mimeFromName(published.path);
  return published;
}

/**
 * An uploaded image payload → what the fn asked for with `type`: the accepted file's path, its bytes, or
 * its decoded pixels (bounded by `maxPixels`). Every file passes `acceptInput` first, so the file rules apply.
 */
export async function preprocessImage<T extends ImageType>(
  payload: unknown,
  context: ProcessContext,
  options: Pick<ImageOptions<T>, "type" | "imageMode" | "maxPixels">,
  parameterName: string,
): Promise<ImageValueFor<T> | null> {
  if (payload === null || payload === undefined) return null;
  const file = await context.files.acceptInput(payload, parameterName);
  const kind = options.type ?? "filepath";
  if (kind === "filepath") return file.path as ImageValueFor<T>;
  if (kind === "buffer") return (await context.files.readInput(file, parameterName)) as ImageValueFor<T>;
  return (await decodePixels(
    file.path,
    options.imageMode,
    options.maxPixels ?? DEFAULT_MAX_PIXELS,
    "the uploaded file",
  )) as ImageValueFor<T>;
}

export class Image<T extends ImageType = "filepath"> extends Component<ImageValueFor<T>, FileData> {
  readonly type = "image";
  readonly imageOptions: ImageOptions<T>;
  /** Gradio turns `streaming` on for a component a `.stream` event is attached to. */
  #streamed = false;

  constructor(options: ImageOptions<T> = {}) {
    super(options as ComponentOptions<ImageValueFor<T>>);
    this.imageOptions = options;
  }

  override props() {
    const o = this.imageOptions;
    return {
      ...super.props(),
      value: null,
      fileCount: "single",
      fileTypes: ["image"],
      height: o.height,
      width: o.width,
      sources: o.sources ?? ["upload", "webcam", "clipboard"],
      type: o.type ?? "filepath",
      format: o.format ?? "png",
      imageMode: o.imageMode ?? "RGB",
      showDownloadButton: o.showDownloadButton ?? true,
      showShareButton: o.showShareButton ?? false,
      showFullscreenButton: o.showFullscreenButton ?? true,
      mirrorWebcam: o.mirrorWebcam ?? true,
      streaming: o.streaming ?? this.#streamed,
      placeholder: o.placeholder,
    };
  }

  apiInfo(): JsonSchema {
    return fileSchema();
  }

  exampleInput() {
    return fileExample("https://raw.githubusercontent.com/gradio-app/gradio/main/test/test_files/bus.png");
  }

  /** Join checks only that the file may be used: pixels and bytes are read when the event runs. */
  override async check(payload: unknown, context: ProcessContext): Promise<void> {
    if (payload !== null && payload !== undefined) await context.files.acceptInput(payload, this.parameterName);
  }

  async preprocess(payload: unknown, context: ProcessContext): Promise<ImageValueFor<T> | null> {
    return preprocessImage(payload, context, this.imageOptions, this.parameterName);
  }

  async postprocess(
    value: ImageOutput | null | undefined,
    context: ProcessContext,
    namedByDeveloper = false,
  ): Promise<FileData | null> {
    if (value === null || value === undefined) return null;
    if (typeof value !== "string" && typeof value !== "object")
      fail(`the fn returned ${describeValue(value)} where an image was expected`);
    return publishImage(
      value,
      context,
      this.imageOptions.format ?? "png",
      namedByDeveloper,
      this.imageOptions.maxPixels,
    );
  }

  upload<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "upload", options);
  }
  clear<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "clear", options);
  }
  select<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "select", options);
  }
  /** Webcam frames while `streaming` is on; see `streamEvery`/`timeLimit` in the event options. */
  stream<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    this.#streamed = true;
    return listen(this, "stream", options);
  }
}
