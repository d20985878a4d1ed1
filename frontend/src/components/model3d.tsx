/**
 * Model3D: the file input with a WebGL viewer (three.js) above it. A chunk of its own, with three.js in
 * it, so only pages showing a 3D model download the viewer.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { FileData } from "../../../src/protocol/index.js";
import { num, text, useProps } from "../block.js";
import { fileName } from "../files.js";
import type { Props } from "../store.js";
import { FileInput } from "./file.js";
import { createViewer, formatOf, type ViewerSettings } from "./model3d-viewer.js";
import "./model3d.css";

const ACCEPT = ".obj,.glb,.gltf,.stl,.ply,.splat";

function settingsOf(props: Props): ViewerSettings {
  const numbers = (value: unknown, length: number): (number | null)[] =>
    Array.from({ length }, (_, i) => (Array.isArray(value) ? (num(value[i]) ?? null) : null));
  const [r = 0, g = 0, b = 0, a = 0] = numbers(props.clear_color, 4).map((v) => v ?? 0);
  const mode = text(props.display_mode);
  return {
    displayMode: mode === "wireframe" || mode === "point_cloud" ? mode : "solid",
    clearColor: [r, g, b, a],
    cameraPosition: numbers(props.camera_position, 3) as ViewerSettings["cameraPosition"],
    zoomSpeed: num(props.zoom_speed) ?? 1,
    panSpeed: num(props.pan_speed) ?? 1,
  };
}

type ViewState = "loading" | "ready" | "failed" | "no-webgl" | "unsupported";

const MESSAGES: Record<Exclude<ViewState, "ready" | "loading">, string> = {
  failed: "This model could not be read.",
  "no-webgl": "This browser cannot draw 3D (WebGL is off); download the model to view it.",
  unsupported: "Gaussian splats (.splat) cannot be shown here yet; download the file to view it.",
};

function Viewer({ file, url, props }: { file: FileData; url: string; props: Props }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const reset = useRef<(() => void) | null>(null);
  const [state, setState] = useState<ViewState>("loading");
  const settings = settingsOf(props);
  const key = JSON.stringify(settings);
  const format = formatOf(fileName(file));

  useEffect(() => {
    if (!canvas.current) return;
    if (!format) return setState("unsupported");
    const viewer = createViewer(canvas.current, settings);
    if (!viewer) return setState("no-webgl");
    setState("loading");
    reset.current = viewer.resetCamera;
    let live = true;
    viewer.load(url, format).then(
      () => live && setState("ready"),
      () => live && setState("failed"),
    );
    return () => {
      live = false;
      viewer.dispose();
    };
    // `key` stands for the settings: a new object each render, the same values.
  }, [url, format, key]);

  const height = num(props.height);
  return (
    <figure class="model3d-view" data-state={state}>
      <canvas
        ref={canvas}
        class="model3d-canvas"
        style={{ height: height !== undefined ? `${height}px` : text(props.height) || "360px" }}
        role="img"
        aria-label={`3D model: ${fileName(file)}`}
        hidden={state === "unsupported"}
      />
      {state === "ready" && (
        <button type="button" class="icon-button model3d-reset" onClick={() => reset.current?.()}>
          Reset view
        </button>
      )}
      {state === "loading" && <p class="empty">Loading the model…</p>}
      {state !== "ready" && state !== "loading" && (
        <p class="empty" role="status">
          {MESSAGES[state]}
        </p>
      )}
    </figure>
  );
}

export function Model3D({ id }: { id: number }) {
  const props = useProps(id);
  return (
    <FileInput
      id={id}
      type="file"
      accept={ACCEPT}
      fallbackLabel="3D Model"
      preview={(file, url) => (url ? <Viewer key={url} file={file} url={url} props={props} /> : null)}
    />
  );
}
