/** File and Image: drag-and-drop or click to upload (with a progress bar), previews and download links. */
import type { ComponentChild } from "preact";
import { useState } from "preact/hooks";
import "./components.css";
import type { FileData } from "../../../src/protocol/index.js";
import { Frame, Info, Label, classes, inputId, text, useProps, useDispatcher } from "../block.js";
import { fileName, useFileUrl } from "../files.js";
import type { Props } from "../store.js";

const KIND_ACCEPT: Record<string, string> = { image: "image/*", audio: "audio/*", video: "video/*", text: "text/*" };

function accept(props: Props, type: string): string | undefined {
  const kinds = Array.isArray(props.file_types)
    ? props.file_types.filter((t): t is string => typeof t === "string")
    : type === "image"
      ? ["image"]
      : [];
  return kinds.length > 0 ? kinds.map((kind) => KIND_ACCEPT[kind] ?? kind).join(",") : undefined;
}

function filesOf(value: unknown): FileData[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.filter(
    (item): item is FileData =>
      typeof item === "object" && item !== null && typeof (item as FileData).path === "string",
  );
}

function fileSize(bytes: number | null | undefined): string {
  if (typeof bytes !== "number") return "";
  const units = ["B", "KB", "MB", "GB"];
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${unit === 0 ? size : size.toFixed(1)} ${units[unit]}`;
}

interface FileInputProps {
  id: number;
  type: "file" | "image";
  /** Overrides the `accept` the component's `file_types` give (Model3D: its own formats). */
  accept?: string;
  fallbackLabel?: string;
  /** Drawn above the file list for the first file (Model3D's viewer). */
  preview?: (file: FileData, url: string | null) => ComponentChild;
}

export function FileInput({ id, type, accept: acceptOverride, fallbackLabel, preview }: FileInputProps) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const urlOf = useFileUrl();
  const [progress, setProgress] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);
  const interactive = dispatcher.isInteractive(id);
  const multiple = type === "file" && props.file_count !== "single" && props.file_count !== undefined;
  const files = filesOf(props.value);
  const domId = inputId(id);
  const label = text(props.label) || fallbackLabel || (type === "image" ? "Image" : "File");

  const upload = async (list: FileList | null) => {
    const chosen = Array.from(list ?? []);
    if (chosen.length === 0) return;
    setProgress(0);
    try {
      const uploaded = await dispatcher.uploading(
        dispatcher.client.upload(multiple ? chosen : chosen.slice(0, 1), {
          onProgress: (loaded, total) => setProgress(total > 0 ? loaded / total : 0),
        }),
      );
      dispatcher.setValue(id, multiple ? [...files, ...uploaded] : (uploaded[0] ?? null), true);
      dispatcher.trigger(id, "upload");
    } catch (error) {
      dispatcher.toasts.show({
        level: "error",
        title: "Upload failed",
        message: (error as Error).message,
        duration: 10,
      });
    } finally {
      setProgress(null);
    }
  };

  const remove = (index: number) => {
    const removed = files[index];
    dispatcher.setValue(id, multiple ? files.filter((_, i) => i !== index) : null, true);
    // Gradio's page sends the removed FileData itself (the fn reads it as `{ file }`).
    if (removed) dispatcher.trigger(id, "delete", removed);
    dispatcher.trigger(id, "clear");
  };
  const downloaded = (file: FileData) => dispatcher.trigger(id, "download", file);
  // With a select listener the name selects (as in Gradio) and the download link stands beside it.
  const selectable = dispatcher.hasListener(id, "select");

  const canAdd = interactive && (multiple || files.length === 0);
  return (
    <Frame id={id} type={type} props={props}>
      <Label props={props} htmlFor={canAdd ? domId : undefined} fallback={label} as={canAdd ? "label" : "span"} />
      <Info props={props} id={`${domId}-info`} />
      {type === "image" &&
        files.map((file, index) => {
          const url = urlOf(file);
          return (
            <figure class="image-preview" key={file.path}>
              {url && <img src={url} alt={`${label}: ${fileName(file)}`} />}
              <figcaption class="file-actions">
                {url && (
                  <a class="icon-button" href={url} download={fileName(file)} onClick={() => downloaded(file)}>
                    Download
                  </a>
                )}
                {interactive && (
                  <button
                    type="button"
                    class="icon-button"
                    onClick={() => remove(index)}
                    aria-label={`Remove ${fileName(file)}`}
                  >
                    Remove
                  </button>
                )}
              </figcaption>
            </figure>
          );
        })}
      {preview && files[0] && preview(files[0], urlOf(files[0]))}
      {type === "file" && files.length > 0 && (
        <ul class="file-list">
          {files.map((file, index) => {
            const url = urlOf(file);
            return (
              <li key={file.path} class="file-item">
                {selectable ? (
                  <button
                    type="button"
                    class="file-link file-select"
                    onClick={() => dispatcher.trigger(id, "select", { value: fileName(file), index, selected: true })}
                  >
                    {fileName(file)}
                  </button>
                ) : url ? (
                  <a href={url} download={fileName(file)} class="file-link" onClick={() => downloaded(file)}>
                    {fileName(file)}
                  </a>
                ) : (
                  <span>{fileName(file)}</span>
                )}
                {selectable && url && (
                  <a
                    href={url}
                    download={fileName(file)}
                    class="icon-button"
                    aria-label={`Download ${fileName(file)}`}
                    onClick={() => downloaded(file)}
                  >
                    Download
                  </a>
                )}
                <span class="file-size">{fileSize(file.size)}</span>
                {interactive && (
                  <button
                    type="button"
                    class="icon-button"
                    onClick={() => remove(index)}
                    aria-label={`Remove ${fileName(file)}`}
                  >
                    ×
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {canAdd && (
        <div
          class={classes("dropzone", dragging && "dragging")}
          onDragEnter={() => setDragging(true)}
          onDragLeave={() => setDragging(false)}
          onDragOver={(event) => event.preventDefault()}
          onDrop={(event) => {
            event.preventDefault();
            setDragging(false);
            if (progress === null) void upload(event.dataTransfer?.files ?? null);
          }}
        >
          <input
            id={domId}
            type="file"
            class="dropzone-input"
            accept={acceptOverride ?? accept(props, type)}
            multiple={multiple}
            {...(props.file_count === "directory" ? { webkitdirectory: true } : {})}
            aria-describedby={props.info ? `${domId}-info` : undefined}
            disabled={progress !== null}
            onChange={(event) => {
              const input = event.currentTarget;
              void upload(input.files).then(() => (input.value = ""));
            }}
          />
          <span class="dropzone-text" aria-hidden="true">
            {type === "image" ? "Drop an image here" : multiple ? "Drop files here" : "Drop a file here"} or{" "}
            <span class="link">click to upload</span>
          </span>
        </div>
      )}
      {progress !== null && (
        <div
          class="progress"
          role="progressbar"
          aria-label="Uploading"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(progress * 100)}
        >
          <div class="progress-fill" style={{ width: `${Math.round(progress * 100)}%` }} />
        </div>
      )}
      {!interactive && files.length === 0 && <p class="empty">No {type === "image" ? "image" : "file"}</p>}
    </Frame>
  );
}
