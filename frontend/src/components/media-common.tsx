/** Shared by the media components: uploading picked/pasted/recorded files, FileData checks, source tabs. */
import { useEffect, useRef, useState } from "preact/hooks";
import type { FileData } from "../../../src/protocol/index.js";
import type { EventDispatcher } from "../dispatcher.js";
import "./components.css";

export function isFile(value: unknown): value is FileData {
  return typeof value === "object" && value !== null && typeof (value as FileData).path === "string";
}

export function filesOf(value: unknown): FileData[] {
  return (Array.isArray(value) ? value : value ? [value] : []).filter(isFile);
}

export function listOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

const KIND_ACCEPT: Record<string, string> = { image: "image/*", audio: "audio/*", video: "video/*", text: "text/*" };
export function acceptOf(kinds: string[]): string | undefined {
  return kinds.length > 0 ? kinds.map((kind) => KIND_ACCEPT[kind] ?? kind).join(",") : undefined;
}

/** Upload with progress; errors become a toast and resolve to null. */
export function useUploader(dispatcher: EventDispatcher) {
  const [progress, setProgress] = useState<number | null>(null);
  const upload = async (files: Blob[]): Promise<FileData[] | null> => {
    if (files.length === 0) return null;
    setProgress(0);
    try {
      return await dispatcher.uploading(
        dispatcher.client.upload(files, {
          onProgress: (loaded, total) => setProgress(total > 0 ? loaded / total : 0),
        }),
      );
    } catch (error) {
      dispatcher.toasts.show({
        level: "error",
        title: "Upload failed",
        message: (error as Error).message,
        duration: 10,
      });
      return null;
    } finally {
      setProgress(null);
    }
  };
  return { progress, upload };
}

export function UploadProgress({ progress }: { progress: number | null }) {
  if (progress === null) return null;
  const percent = Math.round(progress * 100);
  return (
    <div
      class="progress"
      role="progressbar"
      aria-label="Uploading"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div class="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

/** The buttons that switch between upload / webcam / microphone / clipboard. */
export function SourceTabs({
  sources,
  current,
  onChange,
  label,
}: {
  sources: string[];
  current: string;
  onChange: (source: string) => void;
  label: string;
}) {
  if (sources.length < 2) return null;
  const names: Record<string, string> = {
    upload: "Upload",
    webcam: "Webcam",
    microphone: "Record",
    clipboard: "Paste",
  };
  return (
    <div class="source-tabs" role="group" aria-label={`${label} source`}>
      {sources.map((source) => (
        <button
          key={source}
          type="button"
          class="page-button"
          aria-pressed={source === current}
          onClick={() => onChange(source)}
        >
          {names[source] ?? source}
        </button>
      ))}
    </div>
  );
}

/** A camera (and optionally microphone) stream while mounted; stops the tracks on unmount. */
export function useMediaStream(constraints: MediaStreamConstraints | null) {
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(constraints);
  useEffect(() => {
    if (!constraints) return;
    let current: MediaStream | null = null;
    let alive = true;
    setError(null);
    // Absent outside secure contexts (plain http on another host).
    if (navigator.mediaDevices) {
      navigator.mediaDevices.getUserMedia(constraints).then(
        (media) => {
          if (!alive) return media.getTracks().forEach((track) => track.stop());
          current = media;
          setStream(media);
        },
        (failure: Error) => alive && setError(failure.message || "The device could not be opened."),
      );
    } else setError("This browser cannot open cameras or microphones here (it needs https or localhost).");
    return () => {
      alive = false;
      current?.getTracks().forEach((track) => track.stop());
      setStream(null);
    };
  }, [key]);
  return { stream, error };
}

/** Attaches a MediaStream to a <video>/<audio> element. */
export function useStreamElement<T extends HTMLMediaElement>(stream: MediaStream | null) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (ref.current) {
      ref.current.srcObject = stream;
      if (stream) void ref.current.play().catch(() => undefined);
    }
  }, [stream]);
  return ref;
}

/** Records a stream with MediaRecorder; `stop` resolves to the recording. */
export function useRecorder() {
  const recorder = useRef<MediaRecorder | null>(null);
  const chunks = useRef<Blob[]>([]);
  const [recording, setRecording] = useState(false);
  const [started, setStarted] = useState(0);
  const start = (stream: MediaStream, mimeType?: string) => {
    chunks.current = [];
    const options = mimeType && MediaRecorder.isTypeSupported(mimeType) ? { mimeType } : undefined;
    const media = new MediaRecorder(stream, options);
    media.ondataavailable = (event) => event.data.size > 0 && chunks.current.push(event.data);
    media.start(250);
    recorder.current = media;
    setRecording(true);
    setStarted(Date.now());
  };
  const stop = () =>
    new Promise<Blob | null>((resolve) => {
      const media = recorder.current;
      if (!media || media.state === "inactive") return resolve(null);
      media.onstop = () => resolve(new Blob(chunks.current, { type: media.mimeType || "application/octet-stream" }));
      media.stop();
      recorder.current = null;
      setRecording(false);
    });
  useEffect(() => () => recorder.current?.stop(), []);
  return { start, stop, recording, started };
}

/** Elapsed recording time, ticking. */
export function Elapsed({ since }: { since: number }) {
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 250);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.floor((Date.now() - since) / 1000);
  return (
    <span class="rec-time" aria-hidden="true">
      {Math.floor(seconds / 60)}:{String(seconds % 60).padStart(2, "0")}
    </span>
  );
}

/** Drop zone + hidden file input (click to pick), shared by Image, Audio, Video, Gallery. */
export function DropZone({
  id,
  accept,
  multiple,
  disabled,
  text,
  onFiles,
  describedBy,
}: {
  id: string;
  accept?: string | undefined;
  multiple?: boolean;
  disabled?: boolean;
  text: string;
  onFiles: (files: File[]) => void;
  describedBy?: string | undefined;
}) {
  const [dragging, setDragging] = useState(false);
  return (
    <div
      class={`dropzone${dragging ? " dragging" : ""}`}
      onDragEnter={() => setDragging(true)}
      onDragLeave={() => setDragging(false)}
      onDragOver={(event) => event.preventDefault()}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        if (!disabled) onFiles(Array.from(event.dataTransfer?.files ?? []));
      }}
    >
      <input
        id={id}
        type="file"
        class="dropzone-input"
        accept={accept}
        multiple={multiple}
        disabled={disabled}
        aria-describedby={describedBy}
        onChange={(event) => {
          const input = event.currentTarget;
          onFiles(Array.from(input.files ?? []));
          input.value = "";
        }}
      />
      <span class="dropzone-text" aria-hidden="true">
        {text} or <span class="link">click to upload</span>
      </span>
    </div>
  );
}

/** A size (number = px, or CSS text) for the CSSOM. */
export function cssSize(value: unknown): string | undefined {
  return typeof value === "number" && Number.isFinite(value)
    ? `${value}px`
    : typeof value === "string" && /^[\w.%() +-]+$/.test(value) && value !== "auto"
      ? value
      : undefined;
}
