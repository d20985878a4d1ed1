/**
 * An image with labelled regions. Wire value: `{ image: FileData, annotations: [{ image: FileData,
 * label }] }`, each annotation image an RGBA mask the browser lays over the base. The fn returns
 * `[image, [[region, label], …]]` where `image` is anything Image accepts and `region` is a box
 * `[x1, y1, x2, y2]` (pixels) or a mask (path, bytes, or pixels whose non-zero values mark the region);
 * the server draws each region as a coloured mask with sharp. As an input the fn receives
 * `[imagePath, [maskPath, label][]]`.
 */
import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import type { FileData } from "../protocol/file-data.js";
import { Component, type ComponentOptions, type JsonSchema, type ProcessContext } from "./component.js";
import { DEFAULT_MAX_PIXELS, loadSharp, openImage } from "./image-decode.js";
import { decodePixels, isImagePixels, publishImage, type ImageOutput, type ImagePixels } from "./image.js";
import { acceptFile, expectArray, FILE_REF, fileDefs, fileExample, isPlainObject, publishBytes } from "./media.js";
import { describeValue, expectString, fail } from "./payload.js";

export type Box = readonly [number, number, number, number];
export type AnnotatedImageOutput = readonly [ImageOutput, readonly (readonly [Box | ImageOutput, string])[]];
export type AnnotatedImageValue = [image: string, annotations: [mask: string, label: string][]];
export interface AnnotatedImagePayload {
  image: FileData;
  annotations: { image: FileData; label: string }[];
}

export interface AnnotatedImageOptions extends ComponentOptions<AnnotatedImageOutput> {
  /** Label → "#rrggbb". Labels without a colour get one from a fixed palette. */
  colorMap?: Record<string, string>;
  showLegend?: boolean;
  height?: number | string;
  width?: number | string;
  maxPixels?: number;
}

const PALETTE = [
  "#e6194b",
  "#3cb44b",
  "#4363d8",
  "#f58231",
  "#911eb4",
  "#46f0f0",
  "#f032e6",
  "#bcf60c",
  "#fabebe",
  "#008080",
];

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1, 7), 16);
  return Number.isFinite(n) && hex.length >= 7 ? [(n >> 16) & 255, (n >> 8) & 255, n & 255] : [255, 0, 0];
}

export class AnnotatedImage extends Component<AnnotatedImageValue, AnnotatedImagePayload> {
  readonly type = "annotatedimage";
  readonly annotatedOptions: AnnotatedImageOptions;

  constructor(options: AnnotatedImageOptions = {}) {
    super(options as ComponentOptions<AnnotatedImageValue>);
    this.annotatedOptions = options;
  }

  override props() {
    const o = this.annotatedOptions;
    return {
      ...super.props(),
      value: null,
      colorMap: o.colorMap,
      showLegend: o.showLegend ?? true,
      height: o.height,
      width: o.width,
      format: "png",
    };
  }

  apiInfo(): JsonSchema {
    return {
      $defs: fileDefs({
        Annotation: {
          properties: { image: FILE_REF, label: { type: "string" } },
          required: ["image", "label"],
          title: "Annotation",
          type: "object",
        },
      }),
      properties: { image: FILE_REF, annotations: { items: { $ref: "#/$defs/Annotation" }, type: "array" } },
      required: ["image", "annotations"],
      title: "AnnotatedImageData",
      type: "object",
    };
  }

  exampleInput() {
    return {
      image: fileExample("https://raw.githubusercontent.com/gradio-app/gradio/main/test/test_files/bus.png"),
      annotations: [],
    };
  }

  async preprocess(payload: unknown, context: ProcessContext): Promise<AnnotatedImageValue | null> {
    if (payload === null || payload === undefined) return null;
    if (!isPlainObject(payload)) fail(`expected { image, annotations }, got ${describeValue(payload)}`);
    const image = (await acceptFile(payload.image, context, this.parameterName)).path;
    const annotations = await Promise.all(
      expectArray(payload.annotations ?? [], "the annotations", 1000).map(async (item): Promise<[string, string]> => {
        if (!isPlainObject(item)) fail(`expected an annotation { image, label }, got ${describeValue(item)}`);
        return [(await acceptFile(item.image, context, this.parameterName)).path, expectString(item.label, 10_000)];
      }),
    );
    return [image, annotations];
  }

  async postprocess(
    value: AnnotatedImageOutput | null | undefined,
    context: ProcessContext,
    namedByDeveloper = false,
  ): Promise<AnnotatedImagePayload | null> {
    if (value === null || value === undefined) return null;
    if (!Array.isArray(value) || value.length !== 2 || !Array.isArray(value[1]))
      fail("the fn must return [image, [[box or mask, label], …]]");
    const [base, regions] = value;
    const image = await publishImage(base, context, "png", namedByDeveloper, this.#maxPixels);
    const { width, height } = await this.#size(base, image);
    const colors = { ...this.annotatedOptions.colorMap };
    let next = 0;
    const annotations = await Promise.all(
      regions.map(async ([region, label]) => {
        const name = String(label);
        colors[name] ??= PALETTE[next++ % PALETTE.length]!;
        const mask = await this.#mask(region, width, height, rgb(colors[name]), context, namedByDeveloper);
        return { image: await publishBytes(context, mask, "mask.png", "image/png"), label: name };
      }),
    );
    return { image, annotations };
  }

  get #maxPixels(): number {
    return this.annotatedOptions.maxPixels ?? DEFAULT_MAX_PIXELS;
  }

  async #size(base: ImageOutput, published: FileData): Promise<{ width: number; height: number }> {
    if (isImagePixels(base)) return base;
    const { width, height } = await openImage(published.path, this.#maxPixels, "the annotated image");
    return { width, height };
  }

  /** An RGBA PNG of the base's size: the region in `color`, everything else transparent. */
  async #mask(
    region: Box | ImageOutput,
    width: number,
    height: number,
    color: [number, number, number],
    context: ProcessContext,
    namedByDeveloper: boolean,
  ): Promise<Buffer> {
    const out = Buffer.alloc(width * height * 4);
    const paint = (i: number) => {
      out[i * 4] = color[0];
      out[i * 4 + 1] = color[1];
      out[i * 4 + 2] = color[2];
      out[i * 4 + 3] = 255;
    };
    if (Array.isArray(region) && region.length === 4 && region.every((n) => typeof n === "number")) {
      const [x1, y1, x2, y2] = (region as Box).map((n) => Math.round(n)) as [number, number, number, number];
      for (let y = Math.max(0, y1); y < Math.min(height, y2); y++)
        for (let x = Math.max(0, x1); x < Math.min(width, x2); x++) paint(y * width + x);
    } else {
      let pixels: ImagePixels;
      if (isImagePixels(region)) pixels = region;
      else if (region instanceof Uint8Array)
        pixels = await decodePixels(Buffer.from(region), "L", this.#maxPixels, "a mask");
      else if (typeof region === "string" || isPlainObject(region)) {
        // A mask file is read only after the file rules let it into the cache.
        const mask = await publishImage(region as ImageOutput, context, "png", namedByDeveloper, this.#maxPixels);
        pixels = await decodePixels(mask.path, "L", this.#maxPixels, "a mask");
      } else
        fail(
          `an annotation region must be a box [x1, y1, x2, y2] or a mask (bytes or pixels), got ${describeValue(region)}`,
        );
      const channels = pixels.channels ?? pixels.data.length / (pixels.width * pixels.height);
      if (pixels.width !== width || pixels.height !== height)
        fail(`a mask is ${pixels.width}×${pixels.height} but the image is ${width}×${height}`);
      for (let i = 0; i < width * height; i++) if (pixels.data[i * channels]! > 0) paint(i);
    }
    const sharp = await loadSharp();
    return sharp(out, { raw: { width, height, channels: 4 } })
      .png()
      .toBuffer();
  }

  select<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "select", options);
  }
}
