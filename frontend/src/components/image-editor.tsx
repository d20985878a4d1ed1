/**
 * ImageEditor-lite: upload (or start from a blank canvas), crop by dragging a box, draw with a brush,
 * erase. The server gets `{ background, layers: [drawing], composite }`, saved after each change.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { FileData } from "../../../src/protocol/index.js";
import { Frame, Label, classes, inputId, num, text, useProps, useDispatcher } from "../block.js";
import { useFileUrl } from "../files.js";
import { DropZone, UploadProgress, isFile, listOf, useUploader } from "./media-common.js";

type Tool = "brush" | "eraser" | "crop";

const toBlob = (canvas: HTMLCanvasElement) =>
  new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("canvas export failed"))), "image/png"),
  );

/** A colour input takes only #rrggbb; Gradio's palette is written as rgb(r, g, b). */
function asHex(color: string): string {
  if (/^#[0-9a-f]{6}$/i.test(color)) return color;
  const channels = /^rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$/i.exec(color)?.slice(1);
  if (!channels) return "#000000";
  return `#${channels.map((c) => Math.min(255, Number(c)).toString(16).padStart(2, "0")).join("")}`;
}

export function ImageEditor({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const urlOf = useFileUrl();
  const interactive = dispatcher.isInteractive(id);
  const value = (props.value ?? null) as { background?: unknown; layers?: unknown[]; composite?: unknown } | null;
  const background = isFile(value?.background) ? value.background : null;
  const composite = isFile(value?.composite) ? value.composite : background;
  const { progress, upload } = useUploader(dispatcher);
  const base = useRef<HTMLCanvasElement>(null);
  const layer = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const [ready, setReady] = useState(false);
  // With no way to bring an image in (Sketchpad, Paint), the editor is a blank canvas from the start.
  const blankOnly = Array.isArray(props.sources) && props.sources.length === 0;
  const [blank, setBlank] = useState(blankOnly);
  const brush =
    props.brush === false
      ? null
      : ((props.brush ?? {}) as {
          colors?: unknown;
          default_color?: unknown;
          default_size?: unknown;
          color_mode?: unknown;
        });
  const colors = listOf(brush?.colors ?? ["#000000"]);
  const startColor = text(brush?.default_color) || colors[0] || "#000000";
  const [tool, setTool] = useState<Tool>(brush ? "brush" : "crop");
  const [color, setColor] = useState(startColor);
  const [size, setSize] = useState(num(brush?.default_size) ?? 0);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const [cropBox, setCropBox] = useState<[number, number, number, number] | null>(null);
  const loadedPath = useRef<string | null>(null);
  const [saves, setSaves] = useState(0);
  const label = text(props.label) || "Image editor";
  const canvasSize = Array.isArray(props.canvas_size) ? (props.canvas_size as number[]) : [800, 800];

  // Load the background into the base canvas (once per background file the editor did not make itself).
  useEffect(() => {
    if (!interactive || !background || loadedPath.current === background.path) return;
    const url = urlOf(background);
    if (!url) return;
    const image = new Image();
    image.onload = () => {
      for (const canvas of [base.current, layer.current, overlay.current]) {
        if (!canvas) continue;
        canvas.width = image.naturalWidth;
        canvas.height = image.naturalHeight;
      }
      base.current?.getContext("2d")?.drawImage(image, 0, 0);
      loadedPath.current = background.path;
      setReady(true);
    };
    image.src = url;
  }, [background?.path, interactive]);

  useEffect(() => {
    if (!blank) return;
    for (const canvas of [base.current, layer.current, overlay.current]) {
      if (!canvas) continue;
      canvas.width = canvasSize[0] ?? 800;
      canvas.height = canvasSize[1] ?? 800;
    }
    const context = base.current?.getContext("2d");
    if (context) {
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, base.current!.width, base.current!.height);
    }
    setReady(true);
    // A canvas that is blank from the start holds no value until the first stroke (no upload per page view).
    if (!blankOnly) void save();
  }, [blank]);

  const save = async () => {
    const b = base.current;
    const l = layer.current;
    if (!b || !l) return;
    const merged = document.createElement("canvas");
    merged.width = b.width;
    merged.height = b.height;
    const context = merged.getContext("2d")!;
    context.drawImage(b, 0, 0);
    context.drawImage(l, 0, 0);
    const [bg, drawing, all] = await Promise.all([toBlob(b), toBlob(l), toBlob(merged)]);
    const uploaded = await upload([
      new File([bg], "background.png", { type: "image/png" }),
      new File([drawing], "layer.png", { type: "image/png" }),
      new File([all], "composite.png", { type: "image/png" }),
    ]);
    if (!uploaded || uploaded.length < 3) return;
    loadedPath.current = uploaded[0]!.path;
    dispatcher.setValue(id, { background: uploaded[0], layers: [uploaded[1]], composite: uploaded[2] }, true);
    setSaves((n) => n + 1);
  };

  const point = (event: PointerEvent) => {
    const canvas = overlay.current!;
    const box = canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) / box.width) * canvas.width,
      y: ((event.clientY - box.top) / box.height) * canvas.height,
    };
  };
  const stroke = (from: { x: number; y: number }, to: { x: number; y: number }) => {
    const context = layer.current!.getContext("2d")!;
    const width =
      size > 0 ? size : Math.max(2, Math.round(Math.max(layer.current!.width, layer.current!.height) / 100));
    context.globalCompositeOperation = tool === "eraser" ? "destination-out" : "source-over";
    context.strokeStyle = color;
    context.lineWidth = tool === "eraser" ? width * 2 : width;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.beginPath();
    context.moveTo(from.x, from.y);
    context.lineTo(to.x, to.y);
    context.stroke();
  };
  const drawCropBox = (box: [number, number, number, number] | null) => {
    const canvas = overlay.current!;
    const context = canvas.getContext("2d")!;
    context.clearRect(0, 0, canvas.width, canvas.height);
    if (!box) return;
    context.fillStyle = "rgb(0 0 0 / 0.45)";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.clearRect(box[0], box[1], box[2], box[3]);
    context.strokeStyle = "#ffffff";
    context.lineWidth = Math.max(1, canvas.width / 400);
    context.strokeRect(box[0], box[1], box[2], box[3]);
  };
  const applyCrop = () => {
    if (!cropBox) return;
    const [x, y, w, h] = cropBox.map(Math.round) as [number, number, number, number];
    if (w < 2 || h < 2) return;
    for (const canvas of [base.current!, layer.current!]) {
      const copy = canvas.getContext("2d")!.getImageData(x, y, w, h);
      canvas.width = w;
      canvas.height = h;
      canvas.getContext("2d")!.putImageData(copy, 0, 0);
    }
    overlay.current!.width = w;
    overlay.current!.height = h;
    setCropBox(null);
    void save();
  };

  const clearAll = () => {
    loadedPath.current = null;
    setReady(false);
    setBlank(false);
    if (blankOnly) queueMicrotask(() => setBlank(true));
    setCropBox(null);
    dispatcher.setValue(id, null, true);
    dispatcher.trigger(id, "clear");
  };

  if (!interactive) {
    const url = composite ? urlOf(composite as FileData) : null;
    return (
      <Frame id={id} type="imageeditor" props={props}>
        <Label props={props} fallback="Image editor" as="span" />
        {url ? <img class="editor-result" src={url} alt={label} /> : <p class="empty">No image</p>}
      </Frame>
    );
  }

  const editing = ready && (background !== null || blank);
  return (
    <Frame id={id} type="imageeditor" props={props}>
      <Label
        props={props}
        htmlFor={editing ? undefined : inputId(id)}
        fallback="Image editor"
        as={editing ? "span" : "label"}
      />
      {!editing && !background && (
        <>
          <DropZone
            id={inputId(id)}
            accept="image/*"
            disabled={progress !== null}
            text="Drop an image to edit"
            onFiles={async (files) => {
              const uploaded = await upload(files.slice(0, 1));
              if (!uploaded?.[0]) return;
              dispatcher.setValue(id, { background: uploaded[0], layers: [], composite: uploaded[0] }, true);
              dispatcher.trigger(id, "upload");
            }}
          />
          <button type="button" class="icon-button" onClick={() => setBlank(true)}>
            Start from a blank canvas
          </button>
        </>
      )}
      <div class={classes("editor", !editing && "editor-hidden")} data-saves={saves}>
        <div class="media-toolbar" role="toolbar" aria-label={`${label} tools`}>
          {brush && (
            <>
              <button
                type="button"
                class="page-button"
                aria-pressed={tool === "brush"}
                onClick={() => setTool("brush")}
              >
                Brush
              </button>
              {props.eraser !== false && (
                <button
                  type="button"
                  class="page-button"
                  aria-pressed={tool === "eraser"}
                  onClick={() => setTool("eraser")}
                >
                  Eraser
                </button>
              )}
              {brush.color_mode !== "fixed" && (
                <input
                  type="color"
                  class="color-swatch"
                  aria-label="Brush colour"
                  value={asHex(color)}
                  onInput={(event) => setColor(event.currentTarget.value)}
                />
              )}
              <label class="info">
                Size{" "}
                <input
                  type="range"
                  min={0}
                  max={100}
                  value={size}
                  aria-label="Brush size (0 = automatic)"
                  onInput={(event) => setSize(Number(event.currentTarget.value))}
                />
              </label>
            </>
          )}
          {listOf(props.transforms ?? ["crop"]).includes("crop") && (
            <button type="button" class="page-button" aria-pressed={tool === "crop"} onClick={() => setTool("crop")}>
              Crop
            </button>
          )}
          {tool === "crop" && cropBox && (
            <button type="button" class="button button-primary button-sm" onClick={applyCrop}>
              Apply crop
            </button>
          )}
          <button type="button" class="icon-button" onClick={clearAll}>
            Remove image
          </button>
        </div>
        <div class="editor-stack">
          <canvas ref={base} class="editor-base" aria-label={`${label}: image`} role="img" />
          <canvas ref={layer} class="editor-layer" aria-hidden="true" />
          <canvas
            ref={overlay}
            class={classes("editor-overlay", tool === "crop" && "cropping")}
            aria-hidden="true"
            onPointerDown={(event) => {
              event.currentTarget.setPointerCapture(event.pointerId);
              drag.current = point(event);
              if (tool !== "crop") stroke(drag.current, drag.current);
            }}
            onPointerMove={(event) => {
              if (!drag.current) return;
              const at = point(event);
              if (tool === "crop") {
                const box: [number, number, number, number] = [
                  Math.min(drag.current.x, at.x),
                  Math.min(drag.current.y, at.y),
                  Math.abs(at.x - drag.current.x),
                  Math.abs(at.y - drag.current.y),
                ];
                setCropBox(box);
                drawCropBox(box);
              } else {
                stroke(drag.current, at);
                drag.current = at;
              }
            }}
            onPointerUp={() => {
              if (!drag.current) return;
              drag.current = null;
              if (tool !== "crop") void save();
            }}
          />
        </div>
        <UploadProgress progress={progress} />
      </div>
    </Frame>
  );
}
