/**
 * Two images laid over each other with a draggable divide, to compare a "before" and an "after". The
 * value is a pair `[a, b]`; each side is what a `gr.Image` of the same `type` takes or gives (a path,
 * bytes or pixels; null leaves a side empty), and goes through the same helpers, so the file rules apply.
 * On the wire it is Gradio's SliderData: `[ImageData | null, ImageData | null] | null`.
 */
import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import { AppConfigError } from "../errors.js";
import type { FileData } from "../protocol/file-data.js";
import { Component, type ComponentOptions, type JsonSchema, type ProcessContext } from "./component.js";
import {
  preprocessImage,
  publishImage,
  type ImageFormat,
  type ImageOptions,
  type ImageOutput,
  type ImageType,
  type ImageValueFor,
} from "./image.js";
import { fileExample } from "./media.js";
import { describeValue, fail } from "./payload.js";

/** What the fn receives: one value per side, null for a side left empty. */
export type ImageSliderValue<T extends ImageType = "filepath"> = [ImageValueFor<T> | null, ImageValueFor<T> | null];
/** What a fn may return: a pair of anything a `gr.Image` accepts. */
export type ImageSliderOutput = readonly [ImageOutput | null | undefined, ImageOutput | null | undefined];

export interface ImageSliderOptions<T extends ImageType = "filepath">
  extends
    ComponentOptions<ImageSliderOutput>,
    Pick<ImageOptions<T>, "type" | "imageMode" | "maxPixels" | "height" | "width"> {
  /** Format that returned bytes/pixels are encoded into (Gradio's default: "webp"). */
  format?: ImageFormat;
  /** Where the divide starts, in percent of the width from the left (0–100). */
  sliderPosition?: number;
  /** The tallest the images are drawn, in pixels. */
  maxHeight?: number;
  /** The toolbar's buttons; both by default. */
  buttons?: ("download" | "fullscreen")[];
}

const BUTTONS = ["download", "fullscreen"] as const;

/** The schema of one side, Gradio's `ImageData` (path optional, meta defaulting to a FileData tag). */
function imageDataSchema(): JsonSchema {
  const nullable = (type: string, title: string, description: string) => ({
    anyOf: [{ type }, { type: "null" }],
    default: null,
    description,
    title,
  });
  return {
    description: "A local filepath or publicly available URL.",
    properties: {
      path: nullable("string", "Path", "Path to a local file"),
      url: nullable("string", "Url", "Publicly available url or base64 encoded image"),
      size: nullable("integer", "Size", "Size of image in bytes"),
      orig_name: nullable("string", "Orig Name", "Original filename"),
      mime_type: nullable("string", "Mime Type", "mime type of image"),
      is_stream: { default: false, description: "Can always be set to False", title: "Is Stream", type: "boolean" },
      meta: { additionalProperties: true, default: { _type: "gradio.FileData" }, title: "Meta", type: "object" },
    },
    title: "ImageData",
    type: "object",
  };
}

function checkOptions(options: ImageSliderOptions<ImageType>): void {
  const position = options.sliderPosition;
  if (position !== undefined && !(Number.isFinite(position) && position >= 0 && position <= 100))
    throw new AppConfigError(`ImageSlider: sliderPosition must be a percentage from 0 to 100, got ${position}.`);
  const unknown = (options.buttons ?? []).filter((button) => !(BUTTONS as readonly string[]).includes(button));
  if (unknown.length > 0)
    throw new AppConfigError(`ImageSlider: buttons may be "download" and "fullscreen", not ${unknown.join(", ")}.`);
}

/** A payload or returned value → its two sides, refusing anything but a list of two. */
function sides(value: unknown, what: string): [unknown, unknown] {
  if (!Array.isArray(value) || value.length !== 2)
    fail(`${what} must be a pair of images [a, b], got ${describeOf(value)}`);
  return [value[0], value[1]];
}

const describeOf = (value: unknown) =>
  Array.isArray(value) ? `a list of ${value.length} item${value.length === 1 ? "" : "s"}` : describeValue(value);

export class ImageSlider<T extends ImageType = "filepath"> extends Component<ImageSliderValue<T>, (FileData | null)[]> {
  readonly type = "imageslider";
  readonly sliderOptions: ImageSliderOptions<T>;

  constructor(options: ImageSliderOptions<T> = {}) {
    super(options as ComponentOptions<ImageSliderValue<T>>);
    checkOptions(options as ImageSliderOptions<ImageType>);
    this.sliderOptions = options;
  }

  override props() {
    const o = this.sliderOptions;
    return {
      ...super.props(),
      value: null,
      streamable: false,
      format: o.format ?? "webp",
      imageMode: o.imageMode ?? "RGB",
      type: o.type ?? "filepath",
      height: o.height,
      width: o.width,
      buttons: o.buttons ?? [...BUTTONS],
      sliderPosition: o.sliderPosition ?? 50,
      maxHeight: o.maxHeight ?? 500,
    };
  }

  apiInfo(): JsonSchema {
    const side = { anyOf: [{ $ref: "#/$defs/ImageData" }, { type: "null" }] };
    return {
      $defs: { ImageData: imageDataSchema() },
      anyOf: [{ maxItems: 2, minItems: 2, prefixItems: [side, side], type: "array" }, { type: "null" }],
      title: "SliderData",
      additional_description: null,
    };
  }

  exampleInput() {
    const bus = "https://raw.githubusercontent.com/gradio-app/gradio/main/test/test_files/bus.png";
    const example = () => ({ ...fileExample(bus), orig_name: "bus.png", url: bus });
    return [example(), example()];
  }

  /** Join checks only that both files may be used: pixels and bytes are read when the event runs. */
  override async check(payload: unknown, context: ProcessContext): Promise<void> {
    if (payload === null || payload === undefined) return;
    for (const side of sides(payload, this.parameterName))
      if (side !== null && side !== undefined) await context.files.acceptInput(side, this.parameterName);
  }

  async preprocess(payload: unknown, context: ProcessContext): Promise<ImageSliderValue<T> | null> {
    if (payload === null || payload === undefined) return null;
    const [a, b] = sides(payload, this.parameterName);
    const options = this.sliderOptions;
    return [
      await preprocessImage<T>(a, context, options, this.parameterName),
      await preprocessImage<T>(b, context, options, this.parameterName),
    ];
  }

  async postprocess(
    value: ImageSliderOutput | ImageSliderValue<T> | null | undefined,
    context: ProcessContext,
    namedByDeveloper = false,
  ): Promise<(FileData | null)[] | null> {
    if (value === null || value === undefined) return null;
    const pair = sides(value, "the value the fn returned to an ImageSlider");
    return Promise.all(pair.map((side) => this.#publishSide(side, context, namedByDeveloper)));
  }

  async #publishSide(side: unknown, context: ProcessContext, namedByDeveloper: boolean): Promise<FileData | null> {
    if (side === null || side === undefined) return null;
    if (typeof side !== "string" && typeof side !== "object")
      fail(`the fn returned ${describeValue(side)} where an image was expected`);
    const o = this.sliderOptions;
    return publishImage(side as ImageOutput, context, o.format ?? "webp", namedByDeveloper, o.maxPixels);
  }

  upload<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "upload", options);
  }
  clear<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "clear", options);
  }
}
