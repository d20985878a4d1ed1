import type { FileData } from "../protocol/file-data.js";
import type { ProcessContext } from "./component.js";
import { File, type FileOptions } from "./file.js";
import type { ResolvedOptions } from "./component.js";
import { fileExample, mimeFromName } from "./media.js";
import type { EditData, EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";

export interface Model3DOptions extends Omit<FileOptions<string>, "fileCount" | "fileTypes"> {
  /** Background colour of the viewer. */
  clearColor?: [number, number, number, number];
  cameraPosition?: [number | null, number | null, number | null];
  zoomSpeed?: number;
  panSpeed?: number;
}

/** A 3D model file (.obj, .glb, .gltf, .stl, .splat, .ply); the fn receives and returns a path. */
export class Model3D extends File<string> {
  override readonly type = "model3d";
  declare protected readonly options: ResolvedOptions<FileOptions<string> & Model3DOptions>;

  constructor(options: Model3DOptions = {}) {
    super({ ...options, fileCount: "single", fileTypes: [".obj", ".glb", ".gltf", ".stl", ".splat", ".ply"] });
  }

  override props() {
    const {
      clearColor = [0, 0, 0, 0],
      cameraPosition = [null, null, null],
      zoomSpeed = 1,
      panSpeed = 1,
    } = this.options;
    return { ...super.props(), clearColor, cameraPosition, zoomSpeed, panSpeed };
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
