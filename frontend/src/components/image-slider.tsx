/**
 * ImageSlider: two images drawn over each other, the first shown left of a draggable divide and the
 * second right of it (a lazy chunk: few apps use it). As an input it takes uploads: the first image
 * fills the left side, the next one the right; a drop of two fills both.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { FileData } from "../../../src/protocol/index.js";
import { Frame, Info, Label, inputId, num, text, useDispatcher, useProps } from "../block.js";
import { fileName, useFileUrl } from "../files.js";
import { DropZone, UploadProgress, cssSize, isFile, listOf, useUploader } from "./media-common.js";
import "./image-slider.css";

type Side = FileData | null;

function pairOf(value: unknown): [Side, Side] | null {
  if (!Array.isArray(value)) return null;
  const [a, b] = value as unknown[];
  return [isFile(a) ? a : null, isFile(b) ? b : null];
}

const clamp = (value: number) => Math.min(100, Math.max(0, value));

/** The divide's position in percent: the prop's, until the user drags; a new prop value wins again. */
function usePosition(fromProps: number) {
  const [local, setLocal] = useState<{ from: number; at: number } | null>(null);
  const position = local && local.from === fromProps ? local.at : fromProps;
  return [position, (at: number) => setLocal({ from: fromProps, at: clamp(at) })] as const;
}

export function ImageSlider({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const urlOf = useFileUrl();
  const interactive = dispatcher.isInteractive(id);
  const { progress, upload } = useUploader(dispatcher);
  const pair = pairOf(props.value);
  const [a, b] = pair ?? [null, null];
  const label = text(props.label) || "Image Slider";
  const buttons = listOf(props.buttons ?? ["download", "fullscreen"]);
  const [position, setPosition] = usePosition(clamp(num(props.slider_position) ?? 50));
  const domId = inputId(id);
  const stage = useRef<HTMLDivElement>(null);
  const frame = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = stage.current;
    if (!element) return;
    element.style.setProperty("--divide", `${position}%`);
    element.style.maxHeight = `${num(props.max_height) ?? 500}px`;
    element.style.width = cssSize(props.width) ?? "";
    element.style.height = cssSize(props.height) ?? "";
  });

  const take = async (files: File[]) => {
    const images = files.filter((file) => file.type.startsWith("image/"));
    const room = (a ? 0 : 1) + (b ? 0 : 1);
    const uploaded = await upload(images.slice(0, room));
    if (!uploaded?.length) return;
    const queue = [...uploaded];
    dispatcher.setValue(id, [a ?? queue.shift() ?? null, b ?? queue.shift() ?? null], true);
    dispatcher.trigger(id, "upload");
  };

  const moveTo = (clientX: number) => {
    const box = stage.current?.getBoundingClientRect();
    if (box && box.width > 0) setPosition(((clientX - box.left) / box.width) * 100);
  };

  const shown = a || b;
  return (
    <Frame id={id} type="imageslider" props={props}>
      <div ref={frame} class="image-slider-frame">
        <Label props={props} htmlFor={interactive && !(a && b) ? domId : undefined} fallback="Image Slider" />
        <Info props={props} />
        {shown && (
          <div
            ref={stage}
            class="image-slider"
            data-testid="image-slider"
            onPointerDown={(event) => {
              event.currentTarget.setPointerCapture(event.pointerId);
              moveTo(event.clientX);
            }}
            onPointerMove={(event) => {
              if (event.currentTarget.hasPointerCapture(event.pointerId)) moveTo(event.clientX);
            }}
          >
            {b && <SideImage url={urlOf(b)} alt={`${label}: after, ${fileName(b)}`} cls="after" />}
            {a && <SideImage url={urlOf(a)} alt={`${label}: before, ${fileName(a)}`} cls="before" />}
            <div
              class="image-slider-handle"
              role="slider"
              tabIndex={0}
              aria-label={`${label}: divide between the images`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(position)}
              onKeyDown={(event) => {
                const step = event.shiftKey ? 10 : 1;
                if (event.key === "ArrowLeft") setPosition(position - step);
                else if (event.key === "ArrowRight") setPosition(position + step);
                else return;
                event.preventDefault();
              }}
            />
          </div>
        )}
        {shown && (
          <div class="media-toolbar">
            {buttons.includes("download") &&
              [a, b].map((file) => {
                const url = file ? urlOf(file) : null;
                return (
                  file &&
                  url && (
                    <a key={url} class="icon-button" href={url} download={fileName(file)}>
                      Download {fileName(file)}
                    </a>
                  )
                );
              })}
            {buttons.includes("fullscreen") && (
              <button type="button" class="icon-button" onClick={() => void frame.current?.requestFullscreen?.()}>
                Fullscreen
              </button>
            )}
            {interactive && (
              <button
                type="button"
                class="icon-button"
                aria-label={`Remove the images of ${label}`}
                onClick={() => {
                  dispatcher.setValue(id, null, true);
                  dispatcher.trigger(id, "clear");
                }}
              >
                Remove
              </button>
            )}
          </div>
        )}
        {interactive && !(a && b) && (
          <>
            <DropZone
              id={domId}
              accept="image/*"
              multiple={!a && !b}
              disabled={progress !== null}
              text={a || b ? "Drop the other image here" : "Drop one or two images here"}
              onFiles={(files) => void take(files)}
            />
            <UploadProgress progress={progress} />
          </>
        )}
        {!shown && !interactive && <div class="image-slider-empty">No images</div>}
      </div>
    </Frame>
  );
}

function SideImage({ url, alt, cls }: { url: string | null; alt: string; cls: string }) {
  return url ? <img class={`image-slider-${cls}`} src={url} alt={alt} draggable={false} /> : null;
}
