/**
 * Image (upload, webcam capture, clipboard paste), Audio (upload, microphone recording, playback with a
 * waveform) and Video (upload, webcam recording, playback). Recorded audio is encoded to WAV in the
 * browser (the server reads WAV); webcam video is uploaded as the browser records it (WebM).
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { FileData } from "../../../src/protocol/index.js";
import { Frame, Info, Label, classes, inputId, text, useProps, useDispatcher } from "../block.js";
import { fileName, useFileUrl } from "../files.js";
import type { EventDispatcher } from "../dispatcher.js";
import {
  DropZone,
  Elapsed,
  SourceTabs,
  UploadProgress,
  cssSize,
  isFile,
  listOf,
  useMediaStream,
  useRecorder,
  useStreamElement,
  useUploader,
} from "./media-common.js";

function useSource(sources: string[]) {
  const [source, setSource] = useState(sources[0] ?? "upload");
  return [sources.includes(source) ? source : (sources[0] ?? "upload"), setSource] as const;
}

function MediaActions({
  dispatcher,
  id,
  file,
  url,
  download,
  onClear,
}: {
  dispatcher: EventDispatcher;
  id: number;
  file: FileData;
  url: string | null;
  download: boolean;
  onClear?: () => void;
}) {
  const interactive = dispatcher.isInteractive(id);
  return (
    <div class="media-toolbar">
      {download && url && (
        <a class="icon-button" href={url} download={fileName(file)}>
          Download
        </a>
      )}
      {interactive && (
        <button
          type="button"
          class="icon-button"
          aria-label={`Remove ${fileName(file)}`}
          onClick={() => {
            onClear?.();
            dispatcher.setValue(id, null, true);
            dispatcher.trigger(id, "clear");
          }}
        >
          Remove
        </button>
      )}
    </div>
  );
}

/** Sets width/height on an element through the CSSOM. */
function useSize(ref: { current: HTMLElement | null }, width: unknown, height: unknown) {
  useEffect(() => {
    if (!ref.current) return;
    ref.current.style.width = cssSize(width) ?? "";
    ref.current.style.height = cssSize(height) ?? "";
  });
}

export function ImageInput({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const urlOf = useFileUrl();
  const interactive = dispatcher.isInteractive(id);
  const sources = listOf(props.sources ?? ["upload", "webcam", "clipboard"]);
  const [source, setSource] = useSource(sources);
  const { progress, upload } = useUploader(dispatcher);
  const file = isFile(props.value) ? props.value : null;
  const url = file ? urlOf(file) : null;
  const label = text(props.label) || "Image";
  const domId = inputId(id);
  const img = useRef<HTMLImageElement>(null);
  useSize(img, props.width, props.height);

  const take = async (files: Blob[]) => {
    const uploaded = await upload(files.slice(0, 1));
    if (!uploaded?.[0]) return;
    dispatcher.setValue(id, uploaded[0], true);
    dispatcher.trigger(id, "upload");
  };
  const imagesOf = (list: FileList | undefined | null) =>
    Array.from(list ?? []).filter((f) => f.type.startsWith("image/"));

  return (
    <Frame id={id} type="image" props={props}>
      <Label
        props={props}
        htmlFor={!file && interactive && source === "upload" ? domId : undefined}
        fallback="Image"
        as={!file && interactive && source === "upload" ? "label" : "span"}
      />
      <Info props={props} id={`${domId}-info`} />
      {file ? (
        <figure class="image-preview media-frame">
          {url && (
            <img
              ref={img}
              src={url}
              alt={`${label}: ${fileName(file)}`}
              onClick={(event) => {
                if (!dispatcher.hasListener(id, "select")) return;
                const box = event.currentTarget.getBoundingClientRect();
                const x = Math.round(((event.clientX - box.left) / box.width) * event.currentTarget.naturalWidth);
                const y = Math.round(((event.clientY - box.top) / box.height) * event.currentTarget.naturalHeight);
                dispatcher.trigger(id, "select", { index: [x, y], value: null, selected: true });
              }}
            />
          )}
          <MediaActions
            dispatcher={dispatcher}
            id={id}
            file={file}
            url={url}
            download={props.show_download_button !== false}
          />
        </figure>
      ) : interactive ? (
        <>
          <SourceTabs sources={sources} current={source} onChange={setSource} label={label} />
          {source === "upload" && (
            <DropZone
              id={domId}
              accept="image/*"
              disabled={progress !== null}
              text={text(props.placeholder) || "Drop an image here"}
              onFiles={(files) => void take(files)}
            />
          )}
          {source === "webcam" &&
            (props.streaming === true ? (
              <StreamingWebcam dispatcher={dispatcher} id={id} mirror={props.mirror_webcam !== false} label={label} />
            ) : (
              <Webcam
                mirror={props.mirror_webcam !== false}
                label={label}
                onCapture={(blob) => void take([new File([blob], "webcam.png", { type: "image/png" })])}
              />
            ))}
          {source === "clipboard" && (
            <div
              class="paste-zone"
              tabIndex={0}
              role="button"
              aria-label={`Paste an image into ${label}`}
              onPaste={(event) => {
                const images = imagesOf(event.clipboardData?.files);
                if (images.length === 0) return;
                event.preventDefault();
                void take(images);
              }}
              onClick={async () => {
                try {
                  for (const item of (await navigator.clipboard?.read?.()) ?? []) {
                    const type = item.types.find((t) => t.startsWith("image/"));
                    if (type)
                      return void take([
                        new File([await item.getType(type)], `pasted.${type.split("/")[1]}`, { type }),
                      ]);
                  }
                  dispatcher.toasts.show({
                    level: "warning",
                    title: "Nothing to paste",
                    message: "The clipboard holds no image.",
                    duration: 5,
                  });
                } catch {
                  dispatcher.toasts.show({
                    level: "info",
                    title: "Paste",
                    message: "Press Ctrl+V (⌘V) here to paste an image.",
                    duration: 5,
                  });
                }
              }}
            >
              Click, or focus here and press Ctrl+V, to paste an image
            </div>
          )}
          <UploadProgress progress={progress} />
        </>
      ) : (
        <p class="empty">No image</p>
      )}
    </Frame>
  );
}

/** A live camera view with a Capture button; gives a PNG of the frame. */
function Webcam({ mirror, label, onCapture }: { mirror: boolean; label: string; onCapture: (blob: Blob) => void }) {
  const { stream, error } = useMediaStream({ video: true, audio: false });
  const video = useStreamElement<HTMLVideoElement>(stream);
  const capture = () => void grabFrame(video.current, mirror).then((blob) => blob && onCapture(blob));
  return (
    <div class="webcam media-frame">
      {error ? (
        <p class="media-error">{error}</p>
      ) : (
        <video ref={video} class={classes(mirror && "mirrored")} muted playsInline aria-label={`${label}: camera`} />
      )}
      <div class="media-toolbar">
        <button type="button" class="button button-secondary button-sm" disabled={!stream} onClick={capture}>
          Capture
        </button>
      </div>
    </div>
  );
}

/** The camera's current frame as a PNG (mirrored like the view when `mirror`). */
function grabFrame(element: HTMLVideoElement | null, mirror: boolean): Promise<Blob | null> {
  if (!element || !element.videoWidth) return Promise.resolve(null);
  const canvas = document.createElement("canvas");
  canvas.width = element.videoWidth;
  canvas.height = element.videoHeight;
  const context = canvas.getContext("2d")!;
  if (mirror) {
    context.translate(canvas.width, 0);
    context.scale(-1, 1);
  }
  context.drawImage(element, 0, 0);
  return new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
}

/**
 * Calls `send` every `seconds` while `on` (never two at once), and once at the start; `send` gives the
 * next chunk to upload. Each uploaded chunk goes to the component's `.stream()` events; turning off
 * ends them.
 */
function useChunkStream(dispatcher: EventDispatcher, id: number, on: boolean, next: () => Promise<Blob | null>) {
  const latest = useRef(next);
  latest.current = next;
  useEffect(() => {
    if (!on) return;
    let alive = true;
    let busy = false;
    const tick = async () => {
      if (busy) return;
      busy = true;
      try {
        const blob = await latest.current();
        if (!blob || !alive) return;
        const name = blob.type === "audio/wav" ? "chunk.wav" : "frame.png";
        const [file] = await dispatcher.client.upload([new File([blob], name, { type: blob.type })]);
        if (alive && file) dispatcher.streamChunk(id, file);
      } catch {
        // A lost chunk is skipped; the next one follows.
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void tick(), Math.max(0.05, dispatcher.streamEvery(id)) * 1000);
    void tick();
    return () => {
      alive = false;
      clearInterval(timer);
      dispatcher.endStream(id);
    };
  }, [on]);
}

/** A live camera view that, while streaming, sends a PNG frame every `stream_every` seconds. */
function StreamingWebcam({
  dispatcher,
  id,
  mirror,
  label,
}: {
  dispatcher: EventDispatcher;
  id: number;
  mirror: boolean;
  label: string;
}) {
  const { stream, error } = useMediaStream({ video: true, audio: false });
  const video = useStreamElement<HTMLVideoElement>(stream);
  const [on, setOn] = useState(false);
  useChunkStream(dispatcher, id, on && stream !== null, () => grabFrame(video.current, mirror));
  return (
    <div class="webcam media-frame">
      {error ? (
        <p class="media-error">{error}</p>
      ) : (
        <video ref={video} class={classes(mirror && "mirrored")} muted playsInline aria-label={`${label}: camera`} />
      )}
      <div class="media-toolbar">
        {on ? (
          <button type="button" class="button button-stop button-sm" onClick={() => setOn(false)}>
            Stop streaming
          </button>
        ) : (
          <button
            type="button"
            class="button button-secondary button-sm"
            disabled={!stream}
            onClick={() => setOn(true)}
          >
            Start streaming
          </button>
        )}
        {on && (
          <span class="sr-only" role="status">
            Streaming {label}
          </span>
        )}
      </div>
    </div>
  );
}

/** While streaming, sends the microphone's sound as a WAV chunk every `stream_every` seconds. */
function StreamingMicrophone({ dispatcher, id, label }: { dispatcher: EventDispatcher; id: number; label: string }) {
  const [on, setOn] = useState(false);
  const { stream, error } = useMediaStream(on ? { audio: true, video: false } : null);
  const samples = useRef<{ rate: number; parts: Float32Array[] }>({ rate: 48000, parts: [] });
  useEffect(() => {
    if (!stream) return;
    const context = new AudioContext();
    const source = context.createMediaStreamSource(stream);
    const processor = context.createScriptProcessor(4096, 1, 1);
    const silent = context.createGain();
    silent.gain.value = 0;
    samples.current = { rate: context.sampleRate, parts: [] };
    processor.onaudioprocess = (event) =>
      samples.current.parts.push(new Float32Array(event.inputBuffer.getChannelData(0)));
    source.connect(processor);
    processor.connect(silent);
    silent.connect(context.destination);
    return () => {
      processor.disconnect();
      source.disconnect();
      void context.close();
    };
  }, [stream]);
  const next = async (): Promise<Blob | null> => {
    const { rate, parts } = samples.current;
    samples.current = { rate, parts: [] };
    const length = parts.reduce((sum, part) => sum + part.length, 0);
    if (length === 0) return null;
    const audio = new AudioBuffer({ length, numberOfChannels: 1, sampleRate: rate });
    let offset = 0;
    for (const part of parts) {
      audio.copyToChannel(part as Float32Array<ArrayBuffer>, 0, offset);
      offset += part.length;
    }
    return encodeWav(audio);
  };
  useChunkStream(dispatcher, id, on && stream !== null, next);
  return (
    <div class="media-frame">
      {error && <p class="media-error">{error}</p>}
      <div class="media-toolbar">
        {on ? (
          <>
            <button type="button" class="button button-stop button-sm" onClick={() => setOn(false)}>
              Stop streaming
            </button>
            <span class="sr-only" role="status">
              Streaming {label}
            </span>
          </>
        ) : (
          <button type="button" class="button button-secondary button-sm" onClick={() => setOn(true)}>
            Start streaming
          </button>
        )}
      </div>
    </div>
  );
}

/** 16-bit PCM WAV of decoded audio. */
export function encodeWav(audio: AudioBuffer): Blob {
  const channels = audio.numberOfChannels;
  const frames = audio.length;
  const buffer = new ArrayBuffer(44 + frames * channels * 2);
  const view = new DataView(buffer);
  const ascii = (offset: number, value: string) =>
    [...value].forEach((char, i) => view.setUint8(offset + i, char.charCodeAt(0)));
  ascii(0, "RIFF");
  view.setUint32(4, 36 + frames * channels * 2, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, audio.sampleRate, true);
  view.setUint32(28, audio.sampleRate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  ascii(36, "data");
  view.setUint32(40, frames * channels * 2, true);
  const data = Array.from({ length: channels }, (_, c) => audio.getChannelData(c));
  let offset = 44;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++) {
      const sample = Math.max(-1, Math.min(1, data[c]![i]!));
      view.setInt16(offset, sample < 0 ? sample * 0x8000 : sample * 0x7fff, true);
      offset += 2;
    }
  }
  return new Blob([buffer], { type: "audio/wav" });
}

async function decode(bytes: ArrayBuffer): Promise<AudioBuffer> {
  const context = new AudioContext();
  try {
    return await context.decodeAudioData(bytes);
  } finally {
    void context.close();
  }
}

/** Peaks of decoded audio, drawn as bars; the played part in the accent colour; click to seek. */
function Waveform({ url, player }: { url: string; player: { current: HTMLAudioElement | null } }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [peaks, setPeaks] = useState<number[] | null>(null);
  useEffect(() => {
    let alive = true;
    setPeaks(null);
    fetch(url)
      .then((response) => response.arrayBuffer())
      .then(decode)
      .then((audio) => {
        const data = audio.getChannelData(0);
        const bars = 160;
        const step = Math.max(1, Math.floor(data.length / bars));
        const out: number[] = [];
        for (let b = 0; b < bars; b++) {
          let max = 0;
          for (let i = b * step; i < Math.min(data.length, (b + 1) * step); i++)
            max = Math.max(max, Math.abs(data[i]!));
          out.push(max);
        }
        if (alive) setPeaks(out);
      })
      .catch(() => alive && setPeaks([]));
    return () => {
      alive = false;
    };
  }, [url]);
  useEffect(() => {
    let frame = 0;
    const draw = () => {
      const element = canvas.current;
      if (element && peaks) {
        const width = (element.width = element.clientWidth * devicePixelRatio || 600);
        const height = (element.height = element.clientHeight * devicePixelRatio || 64);
        const context = element.getContext("2d")!;
        const style = getComputedStyle(element);
        const audio = player.current;
        const played = audio && audio.duration ? audio.currentTime / audio.duration : 0;
        const top = Math.max(...peaks, 0.01);
        const barWidth = width / peaks.length;
        peaks.forEach((peak, i) => {
          const h = Math.max(2, (peak / top) * height * 0.9);
          context.fillStyle =
            i / peaks.length < played
              ? style.getPropertyValue("--accent") || "#f97316"
              : style.getPropertyValue("--muted") || "#6b7280";
          context.fillRect(i * barWidth, (height - h) / 2, Math.max(1, barWidth - 1), h);
        });
      }
      frame = requestAnimationFrame(draw);
    };
    draw();
    return () => cancelAnimationFrame(frame);
  }, [peaks]);
  return (
    <canvas
      ref={canvas}
      class="waveform"
      data-peaks={peaks ? peaks.length : 0}
      aria-hidden="true"
      onClick={(event) => {
        const audio = player.current;
        if (!audio || !audio.duration) return;
        const box = event.currentTarget.getBoundingClientRect();
        audio.currentTime = ((event.clientX - box.left) / box.width) * audio.duration;
      }}
    />
  );
}

export function AudioInput({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const urlOf = useFileUrl();
  const interactive = dispatcher.isInteractive(id);
  const sources = listOf(props.sources ?? ["upload", "microphone"]);
  const [source, setSource] = useSource(sources);
  const { progress, upload } = useUploader(dispatcher);
  const file = isFile(props.value) ? props.value : null;
  const url = file ? urlOf(file) : null;
  const player = useRef<HTMLAudioElement>(null);
  const label = text(props.label) || "Audio";
  const domId = inputId(id);

  const take = async (files: Blob[], event = "upload") => {
    const uploaded = await upload(files.slice(0, 1));
    if (!uploaded?.[0]) return;
    dispatcher.setValue(id, uploaded[0], true);
    dispatcher.trigger(id, event);
  };

  return (
    <Frame id={id} type="audio" props={props}>
      <Label
        props={props}
        htmlFor={!file && interactive && source === "upload" ? domId : undefined}
        fallback="Audio"
        as={!file && interactive && source === "upload" ? "label" : "span"}
      />
      <Info props={props} id={`${domId}-info`} />
      {file && url ? (
        <div class="media-frame">
          {props.waveform_options &&
          (props.waveform_options as { show_waveform?: boolean }).show_waveform === false ? null : (
            <Waveform url={url} player={player} />
          )}
          <audio
            ref={player}
            src={url}
            controls
            autoPlay={props.autoplay === true}
            loop={props.loop === true}
            aria-label={`${label}: ${fileName(file)}`}
            onPlay={() => dispatcher.trigger(id, "play")}
            onPause={(event) => !event.currentTarget.ended && dispatcher.trigger(id, "pause")}
            onEnded={() => dispatcher.trigger(id, "stop")}
          />
          <MediaActions
            dispatcher={dispatcher}
            id={id}
            file={file}
            url={url}
            download={props.show_download_button !== false}
          />
        </div>
      ) : interactive ? (
        <>
          <SourceTabs sources={sources} current={source} onChange={setSource} label={label} />
          {source === "upload" && (
            <DropZone
              id={domId}
              accept="audio/*"
              disabled={progress !== null}
              text="Drop audio here"
              onFiles={(files) => void take(files)}
            />
          )}
          {source === "microphone" &&
            (props.streaming === true ? (
              <StreamingMicrophone dispatcher={dispatcher} id={id} label={label} />
            ) : (
              <Microphone
                label={label}
                onStart={() => dispatcher.trigger(id, "start_recording")}
                onRecorded={(wav) => void take([wav]).then(() => dispatcher.trigger(id, "stop_recording"))}
              />
            ))}
          <UploadProgress progress={progress} />
        </>
      ) : (
        <p class="empty">No audio</p>
      )}
    </Frame>
  );
}

/** Record / Stop; the recording is decoded and re-encoded as WAV. */
function Microphone({
  label,
  onStart,
  onRecorded,
}: {
  label: string;
  onStart: () => void;
  onRecorded: (wav: File) => void;
}) {
  const [armed, setArmed] = useState(false);
  const { stream, error } = useMediaStream(armed ? { audio: true, video: false } : null);
  const recorder = useRecorder();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (armed && stream && !recorder.recording) {
      recorder.start(stream);
      onStart();
    }
  }, [armed, stream]);
  const stop = async () => {
    setBusy(true);
    const blob = await recorder.stop();
    setArmed(false);
    try {
      if (blob)
        onRecorded(
          new File([encodeWav(await decode(await blob.arrayBuffer()))], "recording.wav", { type: "audio/wav" }),
        );
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="media-frame">
      {error && <p class="media-error">{error}</p>}
      <div class="media-toolbar">
        {recorder.recording ? (
          <>
            <button type="button" class="button button-stop button-sm" onClick={() => void stop()}>
              Stop recording
            </button>
            <Elapsed since={recorder.started} />
            <span class="sr-only" role="status">
              Recording {label}
            </span>
          </>
        ) : (
          <button
            type="button"
            class="button button-secondary button-sm"
            disabled={busy || armed}
            onClick={() => setArmed(true)}
          >
            {busy ? "Saving…" : "Start recording"}
          </button>
        )}
      </div>
    </div>
  );
}

export function VideoInput({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const urlOf = useFileUrl();
  const interactive = dispatcher.isInteractive(id);
  const sources = listOf(props.sources ?? ["upload", "webcam"]);
  const [source, setSource] = useSource(sources);
  const { progress, upload } = useUploader(dispatcher);
  const value = (props.value ?? null) as { video?: unknown; subtitles?: unknown } | null;
  const file = isFile(value?.video) ? value.video : isFile(value) ? (value as FileData) : null;
  const subtitles = isFile(value?.subtitles) ? value.subtitles : null;
  const url = file ? urlOf(file) : null;
  const subtitlesUrl = subtitles ? urlOf(subtitles) : null;
  const label = text(props.label) || "Video";
  const domId = inputId(id);
  const player = useRef<HTMLVideoElement>(null);
  useSize(player, props.width, props.height);

  const take = async (files: Blob[], event = "upload") => {
    const uploaded = await upload(files.slice(0, 1));
    if (!uploaded?.[0]) return;
    dispatcher.setValue(id, { video: uploaded[0], subtitles: null }, true);
    dispatcher.trigger(id, event);
  };

  return (
    <Frame id={id} type="video" props={props}>
      <Label
        props={props}
        htmlFor={!file && interactive && source === "upload" ? domId : undefined}
        fallback="Video"
        as={!file && interactive && source === "upload" ? "label" : "span"}
      />
      <Info props={props} id={`${domId}-info`} />
      {file && url ? (
        <div class="media-frame">
          <video
            ref={player}
            src={url}
            controls
            playsInline
            autoPlay={props.autoplay === true}
            loop={props.loop === true}
            aria-label={`${label}: ${fileName(file)}`}
            onPlay={() => dispatcher.trigger(id, "play")}
            onPause={(event) => !event.currentTarget.ended && dispatcher.trigger(id, "pause")}
            onEnded={() => dispatcher.trigger(id, "end")}
          >
            {subtitlesUrl && <track kind="subtitles" src={subtitlesUrl} default label="Subtitles" />}
          </video>
          <MediaActions
            dispatcher={dispatcher}
            id={id}
            file={file}
            url={url}
            download={props.show_download_button !== false}
          />
        </div>
      ) : interactive ? (
        <>
          <SourceTabs sources={sources} current={source} onChange={setSource} label={label} />
          {source === "upload" && (
            <DropZone
              id={domId}
              accept="video/*"
              disabled={progress !== null}
              text="Drop a video here"
              onFiles={(files) => void take(files)}
            />
          )}
          {source === "webcam" && (
            <VideoRecorder
              label={label}
              mirror={props.mirror_webcam !== false}
              audio={props.include_audio !== false}
              onStart={() => dispatcher.trigger(id, "start_recording")}
              onRecorded={(blob) =>
                void take([new File([blob], "recording.webm", { type: blob.type || "video/webm" })]).then(() =>
                  dispatcher.trigger(id, "stop_recording"),
                )
              }
            />
          )}
          <UploadProgress progress={progress} />
        </>
      ) : (
        <p class="empty">No video</p>
      )}
    </Frame>
  );
}

function VideoRecorder({
  label,
  mirror,
  audio,
  onStart,
  onRecorded,
}: {
  label: string;
  mirror: boolean;
  audio: boolean;
  onStart: () => void;
  onRecorded: (blob: Blob) => void;
}) {
  const { stream, error } = useMediaStream({ video: true, audio });
  const preview = useStreamElement<HTMLVideoElement>(stream);
  const recorder = useRecorder();
  return (
    <div class="webcam media-frame">
      {error ? (
        <p class="media-error">{error}</p>
      ) : (
        <video ref={preview} class={classes(mirror && "mirrored")} muted playsInline aria-label={`${label}: camera`} />
      )}
      <div class="media-toolbar">
        {recorder.recording ? (
          <>
            <button
              type="button"
              class="button button-stop button-sm"
              onClick={() => void recorder.stop().then((blob) => blob && onRecorded(blob))}
            >
              Stop recording
            </button>
            <Elapsed since={recorder.started} />
          </>
        ) : (
          <button
            type="button"
            class="button button-secondary button-sm"
            disabled={!stream}
            onClick={() => {
              recorder.start(stream!, "video/webm");
              onStart();
            }}
          >
            Start recording
          </button>
        )}
      </div>
    </div>
  );
}
