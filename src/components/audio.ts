/**
 * Audio in or out. `type: "filepath"` (default) gives the fn the uploaded file's path; `type: "samples"`
 * decodes WAV, MP3, FLAC or Ogg Vorbis into `{ sampleRate, channels, data }` (interleaved Float32 in [-1, 1]). The fn may return a
 * path, a FileData, or `{ sampleRate, data, channels? }` (Float32 in [-1, 1], Int16Array, or numbers),
 * which is written as a 16-bit WAV. Files go through `acceptInput`/`publish`.
 */
import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import type { FileData } from "../protocol/file-data.js";
import { Component, type ComponentOptions, type JsonSchema, type ProcessContext } from "./component.js";
import { fileExample, fileSchema, mimeFromName, publishBytes, publishPath } from "./media.js";
import { describeValue, fail } from "./payload.js";
import { decodeAudio } from "./audio-decode.js";
import { encodeWav } from "./wav.js";

export interface AudioSamples {
  sampleRate: number;
  /** Interleaved when `channels` > 1. */
  data: Float32Array | Int16Array | readonly number[];
  channels?: number;
}

export type AudioType = "filepath" | "samples";
export type AudioValueFor<T extends AudioType> = T extends "samples"
  ? { sampleRate: number; channels: number; data: Float32Array }
  : string;
export type AudioOutput = string | FileData | AudioSamples;

export interface AudioOptions<T extends AudioType = "filepath"> extends ComponentOptions<AudioOutput> {
  type?: T;
  sources?: ("upload" | "microphone")[];
  /** Stream microphone chunks to a `.stream` event. */
  streaming?: boolean;
  autoplay?: boolean;
  loop?: boolean;
  showDownloadButton?: boolean;
  editable?: boolean;
  /** Passed to the browser's waveform display. */
  waveformOptions?: {
    waveformColor?: string;
    waveformProgressColor?: string;
    trimRegionColor?: string;
    showRecordingWaveform?: boolean;
    sampleRate?: number;
  };
  /** Most samples decoded from one upload (memory bound). Default 50 million. */
  maxSamples?: number;
}

export function isAudioSamples(value: unknown): value is AudioSamples {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<AudioSamples>;
  return (
    typeof v.sampleRate === "number" &&
    (v.data instanceof Float32Array || v.data instanceof Int16Array || Array.isArray(v.data))
  );
}

export class Audio<T extends AudioType = "filepath"> extends Component<AudioValueFor<T>, FileData> {
  readonly type = "audio";
  readonly audioOptions: AudioOptions<T>;
  /** Gradio turns `streaming` on for a component a `.stream` event is attached to. */
  #streamed = false;

  constructor(options: AudioOptions<T> = {}) {
    super(options as ComponentOptions<AudioValueFor<T>>);
    this.audioOptions = options;
  }

  override props() {
    const o = this.audioOptions;
    return {
      ...super.props(),
      value: null,
      sources: o.sources ?? ["upload", "microphone"],
      type: o.type ?? "filepath",
      streaming: o.streaming ?? this.#streamed,
      autoplay: o.autoplay ?? false,
      loop: o.loop ?? false,
      showDownloadButton: o.showDownloadButton ?? true,
      editable: o.editable ?? true,
      waveformOptions: o.waveformOptions ?? {},
      format: "wav",
    };
  }

  apiInfo(): JsonSchema {
    return fileSchema();
  }

  exampleInput() {
    return fileExample("https://github.com/gradio-app/gradio/raw/main/test/test_files/audio_sample.wav");
  }

  /** Join checks only that the file may be used: samples are decoded when the event runs. */
  override async check(payload: unknown, context: ProcessContext): Promise<void> {
    if (payload !== null && payload !== undefined) await context.files.acceptInput(payload, this.parameterName);
  }

  async preprocess(payload: unknown, context: ProcessContext): Promise<AudioValueFor<T> | null> {
    if (payload === null || payload === undefined) return null;
    const file = await context.files.acceptInput(payload, this.parameterName);
    if ((this.audioOptions.type ?? "filepath") === "filepath") return file.path as AudioValueFor<T>;
    const bytes = await context.files.readInput(file, this.parameterName);
    const decoded = await decodeAudio(bytes, this.audioOptions.maxSamples ?? 50_000_000);
    return decoded as AudioValueFor<T>;
  }

  async postprocess(
    value: AudioOutput | null | undefined,
    context: ProcessContext,
    namedByDeveloper = false,
  ): Promise<FileData | null> {
    if (value === null || value === undefined) return null;
    if (isAudioSamples(value))
      return publishBytes(
        context,
        encodeWav(value.data, value.sampleRate, value.channels ?? 1),
        "audio.wav",
        "audio/wav",
      );
    if (typeof value !== "string" && typeof value !== "object")
      fail(`the fn returned ${describeValue(value)} where audio was expected`);
    const published = await publishPath(
      context,
      value,
      namedByDeveloper,
      "audio (a path, FileData or { sampleRate, data })",
      "audio",
    );
    published.mime_type ??= mimeFromName(published.path);
    return published;
  }

  upload<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "upload", options);
  }
  clear<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "clear", options);
  }
  play<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "play", options);
  }
  pause<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "pause", options);
  }
  stop<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "stop", options);
  }
  startRecording<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "start_recording", options);
  }
  stopRecording<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "stop_recording", options);
  }
  /** Microphone chunks while `streaming` is on. */
  stream<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    this.#streamed = true;
    return listen(this, "stream", options);
  }

  /** The user paused the recording. */
  pauseRecording<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "pause_recording", options);
  }
}
