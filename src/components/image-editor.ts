/**
 * ImageEditor-lite: the browser crops the background and lets the user draw on layers (a mask); the
 * server sees Gradio's EditorData `{ background: FileData | null, layers: FileData[], composite: FileData
 * | null }`. The fn receives `{ background, layers, composite }` as paths (or null) and may return the
 * same shape with paths, FileData, bytes or pixels, or a single image (taken as the background and
 * composite). Every file goes through the file rules.
 */
import type { EventHandle, EventOptions, Inputs, SelectData } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import { FILE_DATA_TYPE, type FileData } from "../protocol/file-data.js";
import { Component, type ComponentOptions, type JsonSchema, type ProcessContext } from "./component.js";
import { isImagePixels, publishImage, type ImageFormat, type ImageOutput } from "./image.js";
import { acceptFile, expectArray, FILE_REF, fileDefs, isPlainObject } from "./media.js";
import { describeValue, fail } from "./payload.js";

export interface EditorValue {
  background: string | null;
  layers: string[];
  composite: string | null;
}
export interface EditorPayload {
  background: FileData | null;
  layers: FileData[];
  composite: FileData | null;
  id?: string | null;
}
export type EditorOutput =
  ImageOutput | { background?: ImageOutput | null; layers?: readonly ImageOutput[]; composite?: ImageOutput | null };

/** Gradio's default palette for a brush. */
const BRUSH_COLORS = [
  "rgb(204, 50, 50)",
  "rgb(173, 204, 50)",
  "rgb(50, 204, 112)",
  "rgb(50, 112, 204)",
  "rgb(173, 50, 204)",
];

export interface BrushOptions {
  colors?: string[];
  /** The colour the brush starts with; the first of `colors` when not given. */
  defaultColor?: string;
  defaultSize?: number | "auto";
  colorMode?: "fixed" | "defaults";
}

export interface ImageEditorOptions extends ComponentOptions<EditorOutput> {
  sources?: ("upload" | "webcam" | "clipboard")[];
  /** Tools the browser offers. */
  transforms?: "crop"[];
  /** Fixed crop size `[width, height]` or aspect ratio "16:9". */
  cropSize?: [number, number] | string | null;
  brush?: BrushOptions | false;
  eraser?: { defaultSize?: number | "auto" } | false;
  layers?: boolean;
  canvasSize?: [number, number];
  height?: number | string;
  width?: number | string;
  format?: ImageFormat;
}

function brushProps(brush: BrushOptions | false | undefined) {
  if (brush === false) return false;
  const colors = brush?.colors ?? BRUSH_COLORS;
  const defaultColor = brush?.defaultColor ?? colors[0] ?? "#000000";
  return {
    colors,
    default_color: defaultColor,
    default_size: brush?.defaultSize ?? "auto",
    color_mode: brush?.colorMode ?? "defaults",
  };
}

const NULLABLE_FILE = { anyOf: [FILE_REF, { type: "null" }], default: null };

export class ImageEditor extends Component<EditorValue, EditorPayload> {
  readonly type = "imageeditor";
  readonly editorOptions: ImageEditorOptions;

  constructor(options: ImageEditorOptions = {}) {
    super(options as ComponentOptions<EditorValue>);
    this.editorOptions = options;
  }

  override props() {
    const o = this.editorOptions;
    const eraser = o.eraser === false ? false : { default_size: o.eraser?.defaultSize ?? "auto" };
    return {
      ...super.props(),
      value: null,
      sources: o.sources ?? ["upload", "webcam", "clipboard"],
      transforms: o.transforms ?? ["crop"],
      cropSize: o.cropSize,
      brush: brushProps(o.brush),
      eraser,
      layers: o.layers ?? true,
      canvasSize: o.canvasSize ?? [800, 800],
      height: o.height,
      width: o.width,
      format: o.format ?? "png",
    };
  }

  apiInfo(): JsonSchema {
    return {
      $defs: fileDefs(),
      properties: {
        background: NULLABLE_FILE,
        layers: { items: FILE_REF, title: "Layers", type: "array", default: [] },
        composite: NULLABLE_FILE,
        id: { anyOf: [{ type: "string" }, { type: "null" }], default: null, title: "Id" },
      },
      title: "EditorData",
      type: "object",
    };
  }

  exampleInput() {
    const url = "https://raw.githubusercontent.com/gradio-app/gradio/main/test/test_files/bus.png";
    const file = { path: url, meta: { _type: FILE_DATA_TYPE } };
    return { background: file, layers: [], composite: null };
  }

  async preprocess(payload: unknown, context: ProcessContext): Promise<EditorValue | null> {
    if (payload === null || payload === undefined) return null;
    if (!isPlainObject(payload)) fail(`expected { background, layers, composite }, got ${describeValue(payload)}`);
    const one = async (file: unknown) =>
      file === null || file === undefined ? null : (await acceptFile(file, context, this.parameterName)).path;
    const layers = expectArray(payload.layers ?? [], "the layers", 50);
    return {
      background: await one(payload.background),
      layers: (await Promise.all(layers.map(one))).filter((l): l is string => l !== null),
      composite: await one(payload.composite),
    };
  }

  async postprocess(
    value: EditorOutput | null | undefined,
    context: ProcessContext,
    namedByDeveloper = false,
  ): Promise<EditorPayload | null> {
    if (value === null || value === undefined) return null;
    const format = this.editorOptions.format ?? "png";
    const one = async (image: ImageOutput | null | undefined) =>
      image === null || image === undefined ? null : publishImage(image, context, format, namedByDeveloper);
    const isEditorShape =
      isPlainObject(value) &&
      !isImagePixels(value) &&
      !("path" in value) &&
      ("background" in value || "layers" in value || "composite" in value);
    if (!isEditorShape) {
      const image = await one(value as ImageOutput);
      return { background: image, layers: [], composite: image };
    }
    const shape = value as {
      background?: ImageOutput | null;
      layers?: readonly ImageOutput[];
      composite?: ImageOutput | null;
    };
    return {
      background: await one(shape.background),
      layers: await Promise.all((shape.layers ?? []).map(async (layer) => (await one(layer))!)),
      composite: await one(shape.composite),
    };
  }

  upload<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "upload", options);
  }
  clear<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "clear", options);
  }
  apply<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "apply", options);
  }

  /** The user selected part of it; the event data is Gradio's SelectData. */
  select<const I extends Inputs>(options: EventOptions<I, SelectData>): EventHandle {
    return listen(this, "select", options);
  }
}

/**
 * Gradio's `gr.Sketchpad`: an ImageEditor that opens on a blank canvas (no upload sources) with one
 * fixed black brush. Like Gradio it is an `imageeditor` on the wire, so clients see no difference.
 */
export class Sketchpad extends ImageEditor {
  /** `brush` cannot be turned off: Gradio replaces a missing or false brush with the black one. */
  constructor(options: Omit<ImageEditorOptions, "brush"> & { brush?: BrushOptions } = {}) {
    super({
      sources: [],
      transforms: ["crop"],
      ...options,
      brush: options.brush ?? { colors: ["#000000"], colorMode: "fixed" },
    });
  }
}

/** Gradio's `gr.Paint`: an ImageEditor that opens on a blank canvas (no upload sources). */
export class Paint extends ImageEditor {
  constructor(options: ImageEditorOptions = {}) {
    super({ sources: [], transforms: ["crop"], ...options });
  }
}
