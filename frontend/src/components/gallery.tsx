/** Gallery (grid, preview with keyboard navigation, upload) and AnnotatedImage (masks over an image, legend). */
import { useEffect, useRef, useState } from "preact/hooks";
import type { FileData } from "../../../src/protocol/index.js";
import { Frame, Label, num, text, useProps, useDispatcher } from "../block.js";
import { fileName, useFileUrl } from "../files.js";
import { DropZone, UploadProgress, acceptOf, cssSize, isFile, listOf, useUploader } from "./media-common.js";

interface Item {
  file: FileData;
  video: boolean;
  caption: string | null;
}

function itemsOf(value: unknown): Item[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry): Item[] => {
    if (typeof entry !== "object" || entry === null) return [];
    const { image, video, caption } = entry as { image?: unknown; video?: unknown; caption?: unknown };
    const file = isFile(video) ? video : isFile(image) ? image : null;
    return file ? [{ file, video: isFile(video), caption: typeof caption === "string" ? caption : null }] : [];
  });
}

export function Gallery({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const urlOf = useFileUrl();
  const items = itemsOf(props.value);
  const interactive = dispatcher.isInteractive(id);
  const [selected, setSelected] = useState<number | null>(
    num(props.selected_index) ?? (props.preview === true && items.length > 0 ? 0 : null),
  );
  const grid = useRef<HTMLUListElement>(null);
  const preview = useRef<HTMLDivElement>(null);
  const { progress, upload } = useUploader(dispatcher);
  const label = text(props.label) || "Gallery";
  const current = selected !== null && selected < items.length ? items[selected]! : null;

  useEffect(() => {
    const element = grid.current;
    if (!element) return;
    const columns = Math.max(
      1,
      Math.min(12, Math.round(num(Array.isArray(props.columns) ? props.columns[0] : props.columns) ?? 2)),
    );
    element.style.gridTemplateColumns = `repeat(${columns}, minmax(0, 1fr))`;
    element.style.height = cssSize(props.height) ?? "";
  });
  useEffect(() => {
    if (current) preview.current?.focus();
  }, [selected]);

  const previewing = props.allow_preview !== false;
  const select = (index: number) => {
    const opening = selected === null || !current;
    setSelected(index);
    const item = items[index];
    dispatcher.trigger(id, "select", {
      index,
      value: item ? { [item.video ? "video" : "image"]: item.file, caption: item.caption } : null,
      selected: true,
    });
    // Moving between items inside the open preview does not open it again.
    if (opening && previewing) dispatcher.trigger(id, "preview_open");
  };
  const closePreview = () => {
    setSelected(null);
    dispatcher.trigger(id, "preview_close");
  };
  /** Gradio's page sends `{ file, index }` of the removed item. */
  const remove = (index: number) => {
    const entries = Array.isArray(props.value) ? props.value : [];
    const item = items[index];
    if (!item) return;
    dispatcher.trigger(id, "delete", { file: item.file, index });
    const kept = entries.filter((entry) => {
      const { image, video } = (entry ?? {}) as { image?: unknown; video?: unknown };
      return image !== item.file && video !== item.file;
    });
    dispatcher.setValue(id, kept, true);
  };
  const media = (item: Item, big: boolean) => {
    const url = urlOf(item.file);
    if (!url) return null;
    const alt = item.caption ?? fileName(item.file);
    return item.video ? (
      <video src={url} controls={big} muted={!big} aria-label={alt} />
    ) : (
      <img src={url} alt={alt} class={props.object_fit ? `fit-${text(props.object_fit)}` : undefined} />
    );
  };

  return (
    <Frame id={id} type="gallery" props={props}>
      <Label props={props} fallback="Gallery" as="span" />
      {current && previewing ? (
        <div
          ref={preview}
          class="gallery-preview"
          role="dialog"
          aria-label={`${label}: item ${selected! + 1} of ${items.length}`}
          tabIndex={-1}
          onKeyDown={(event) => {
            if (event.key === "Escape") closePreview();
            else if (event.key === "ArrowRight") select((selected! + 1) % items.length);
            else if (event.key === "ArrowLeft") select((selected! - 1 + items.length) % items.length);
            else return;
            event.preventDefault();
          }}
        >
          <div class="media-toolbar">
            <button
              type="button"
              class="icon-button"
              aria-label="Previous"
              onClick={() => select((selected! - 1 + items.length) % items.length)}
            >
              ‹
            </button>
            <span>
              {selected! + 1} / {items.length}
            </span>
            <button
              type="button"
              class="icon-button"
              aria-label="Next"
              onClick={() => select((selected! + 1) % items.length)}
            >
              ›
            </button>
            {props.show_download_button !== false && urlOf(current.file) && (
              <a class="icon-button" href={urlOf(current.file)!} download={fileName(current.file)}>
                Download
              </a>
            )}
            <button type="button" class="icon-button" aria-label="Close preview" onClick={closePreview}>
              ×
            </button>
          </div>
          <figure class="gallery-large">
            {media(current, true)}
            {current.caption && <figcaption>{current.caption}</figcaption>}
          </figure>
        </div>
      ) : items.length > 0 ? (
        <ul ref={grid} class="gallery-grid">
          {items.map((item, index) => (
            <li key={item.file.path}>
              <button
                type="button"
                class="gallery-thumb"
                aria-label={`Open ${item.caption ?? fileName(item.file)}`}
                onClick={() => select(index)}
              >
                {media(item, false)}
                {item.caption && <span class="gallery-caption">{item.caption}</span>}
              </button>
              {interactive && (
                <button
                  type="button"
                  class="icon-button gallery-delete"
                  aria-label={`Delete ${item.caption ?? fileName(item.file)}`}
                  onClick={() => remove(index)}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        !interactive && <p class="empty">No images</p>
      )}
      {interactive && !current && (
        <DropZone
          id={`gts-${id}`}
          accept={acceptOf(listOf(props.file_types ?? ["image", "video"]))}
          multiple
          disabled={progress !== null}
          text="Drop images or videos here"
          onFiles={async (files) => {
            const uploaded = await upload(files);
            if (!uploaded) return;
            const added = uploaded.map((file) =>
              (file.mime_type ?? "").startsWith("video/")
                ? { video: file, caption: null }
                : { image: file, caption: null },
            );
            dispatcher.setValue(id, [...(Array.isArray(props.value) ? props.value : []), ...added], true);
            dispatcher.trigger(id, "upload");
          }}
        />
      )}
      <UploadProgress progress={progress} />
    </Frame>
  );
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

export function AnnotatedImage({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const urlOf = useFileUrl();
  const value = (props.value ?? null) as {
    image?: unknown;
    annotations?: { image?: unknown; label?: unknown }[];
  } | null;
  const base = isFile(value?.image) ? value.image : null;
  const annotations = (Array.isArray(value?.annotations) ? value.annotations : []).flatMap((a) =>
    isFile(a.image) ? [{ file: a.image, label: text(a.label) }] : [],
  );
  const [active, setActive] = useState<string | null>(null);
  const labels = [...new Set(annotations.map((a) => a.label))];
  const colorMap = (props.color_map ?? {}) as Record<string, string>;
  const legend = useRef<HTMLUListElement>(null);
  useEffect(() => {
    legend.current?.querySelectorAll<HTMLElement>("[data-label]").forEach((element, index) => {
      const color = colorMap[element.dataset.label ?? ""];
      element.style.setProperty(
        "--swatch",
        typeof color === "string" && /^#[0-9a-f]{3,8}$/i.test(color) ? color : PALETTE[index % PALETTE.length]!,
      );
    });
  });
  const select = (label: string) => {
    const index = annotations.findIndex((a) => a.label === label);
    dispatcher.trigger(id, "select", { index, value: label, selected: true });
  };
  return (
    <Frame id={id} type="annotatedimage" props={props}>
      <Label props={props} fallback="Annotated image" as="span" />
      {base ? (
        <>
          <div class="annotated">
            {urlOf(base) && <img src={urlOf(base)!} alt={text(props.label) || "Annotated image"} />}
            {annotations.map((annotation, index) => {
              const url = urlOf(annotation.file);
              return url ? (
                <img
                  key={index}
                  src={url}
                  alt=""
                  aria-hidden="true"
                  class={`mask${active === null ? "" : active === annotation.label ? " mask-active" : " mask-dim"}`}
                  data-mask={annotation.label}
                  onClick={() => select(annotation.label)}
                />
              ) : null;
            })}
          </div>
          {props.show_legend !== false && labels.length > 0 && (
            <ul ref={legend} class="legend" aria-label="Labels">
              {labels.map((label) => (
                <li key={label}>
                  <button
                    type="button"
                    class="legend-item"
                    data-label={label}
                    onMouseEnter={() => setActive(label)}
                    onMouseLeave={() => setActive(null)}
                    onFocus={() => setActive(label)}
                    onBlur={() => setActive(null)}
                    onClick={() => select(label)}
                  >
                    {label}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <p class="empty">No image</p>
      )}
    </Frame>
  );
}
