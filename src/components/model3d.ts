import type { FileData } from "../protocol/file-data.js";
import type { ProcessContext } from "./component.js";
import { File, type FileOptions } from "./file.js";
import type { ResolvedOptions } from "./component.js";
import { fileExample, mimeFromName } from "./media.js";
import type { EditData, EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";

/** The formats the browser's viewer draws (Gaussian splats, `.splat`, are offered as a download). */
export const MODEL3D_FILE_TYPES = [".obj", ".glb", ".gltf", ".stl", ".ply", ".splat"];

export interface Model3DOptions extends Omit<FileOptions<string>, "fileCount" | "fileTypes"> {
  /** How the viewer draws the model's surfaces: filled, as points, or as a wireframe (default "solid"). */
  displayMode?: "solid" | "point_cloud" | "wireframe";
  /** Background colour of the viewer, RGBA each from 0 to 1 (default transparent). */
  clearColor?: [number, number, number, number];
  /**
   * Where the camera starts, as Gradio's `(alpha, beta, radius)`: alpha and beta in degrees around the
   * vertical axis and down from it, radius the distance from the model's centre; `null` keeps the default.
   */
  cameraPosition?: [number | null, number | null, number | null];
  /** How fast the mouse wheel or a pinch zooms (default 1). */
  zoomSpeed?: number;
  /** How fast dragging with the right button (or two fingers) pans (default 1). */
  panSpeed?: number;
}

/**
 * A 3D model file (.obj, .glb, .gltf, .stl, .ply, .splat): the page shows it in a viewer the user can
 * turn, zoom and pan; the fn receives and returns a path.
 */
export class Model3D extends File<string> {
  override readonly type = "model3d";
  declare protected readonly options: ResolvedOptions<FileOptions<string> & Model3DOptions>;

  constructor(options: Model3DOptions = {}) {
    super({ ...options, fileCount: "single", fileTypes: MODEL3D_FILE_TYPES });
  }

  override props() {
    const {
      clearColor = [0, 0, 0, 0],
      cameraPosition = [null, null, null],
      zoomSpeed = 1,
      panSpeed = 1,
      displayMode,
    } = this.options;
    // Gradio's Model3D config has no file_count/file_types: the formats are the component's own.
    const fileProps = { ...super.props(), fileCount: undefined, fileTypes: undefined };
    return { ...fileProps, displayMode, clearColor, cameraPosition, zoomSpeed, panSpeed };
  }

  override exampleInput() {
    return fileExample("https://github.com/gradio-app/gradio/raw/main/demo/model3D/files/Fox.gltf");
  }

  override async postprocess(
    value: string | string[] | FileData | null | undefined,
    context: ProcessContext,
    namedByDeveloper = false,
  ) {
    const published = await super.postprocess(value, context, namedByDeveloper);
    if (published && !Array.isArray(published)) published.mime_type ??= mimeFromName(published.path);
    return published;
  }

  /** The user edited its value in the page; the event data says what changed. */
  edit<const I extends Inputs>(options: EventOptions<I, EditData>): EventHandle {
    return listen(this, "edit", options);
  }
}
