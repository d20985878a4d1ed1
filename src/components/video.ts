/**
 * Video in or out. Wire value: Gradio's VideoData `{ video: FileData, subtitles: FileData | null }`.
 * The fn receives the uploaded video's path and may return a path, a FileData, or `[videoPath,
 * subtitlesPath]`. Nothing is transcoded on the server (that would need ffmpeg).
 */
import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import type { FileData } from "../protocol/file-data.js";
import { Component, type ComponentOptions, type JsonSchema, type ProcessContext } from "./component.js";
import { acceptFile, fileDefs, fileExample, FILE_REF, isPlainObject, mimeFromName, publishPath } from "./media.js";
import { describeValue, fail } from "./payload.js";

export interface VideoPayload {
  video: FileData;
  subtitles: FileData | null;
}
export type VideoOutput = string | FileData | readonly [string | FileData, (string | FileData | null)?];

export interface VideoOptions extends ComponentOptions<VideoOutput> {
  sources?: ("upload" | "webcam")[];
  height?: number | string;
  width?: number | string;
  autoplay?: boolean;
  loop?: boolean;
  showDownloadButton?: boolean;
  mirrorWebcam?: boolean;
  /** Stream webcam frames to a `.stream` event. */
  streaming?: boolean;
  /** Record webcam with sound. */
  includeAudio?: boolean;
}

export class Video extends Component<string, VideoPayload> {
  readonly type = "video";
  readonly videoOptions: VideoOptions;

  constructor(options: VideoOptions = {}) {
    super(options as ComponentOptions<string>);
    this.videoOptions = options;
  }

  override props() {
    const o = this.videoOptions;
    return {
      ...super.props(),
      value: null,
      sources: o.sources ?? ["upload", "webcam"],
      height: o.height,
      width: o.width,
      autoplay: o.autoplay ?? false,
      loop: o.loop ?? false,
      showDownloadButton: o.showDownloadButton ?? true,
      mirrorWebcam: o.mirrorWebcam ?? true,
      streaming: o.streaming ?? false,
      includeAudio: o.includeAudio ?? true,
    };
  }

  apiInfo(): JsonSchema {
    return {
      $defs: fileDefs(),
      properties: { video: FILE_REF, subtitles: { anyOf: [FILE_REF, { type: "null" }], default: null } },
      required: ["video"],
      title: "VideoData",
      type: "object",
    };
  }

  exampleInput() {
    return {
      video: fileExample("https://github.com/gradio-app/gradio/raw/main/demo/video_component/files/world.mp4"),
      subtitles: null,
    };
  }

  async preprocess(payload: unknown, context: ProcessContext): Promise<string | null> {
    if (payload === null || payload === undefined) return null;
    if (!isPlainObject(payload)) fail(`expected a video ({ video: FileData }), got ${describeValue(payload)}`);
    // A bare FileData is tolerated; it is still checked as a file.
    const file = "video" in payload ? payload.video : payload;
    return (await acceptFile(file, context, this.parameterName)).path;
  }

  async postprocess(
    value: VideoOutput | null | undefined,
    context: ProcessContext,
    namedByDeveloper = false,
  ): Promise<VideoPayload | null> {
    if (value === null || value === undefined) return null;
    const [video, subtitles] = Array.isArray(value) ? value : [value, null];
    const published = await publishPath(context, video, namedByDeveloper, "a video path", "video");
    published.mime_type ??= mimeFromName(published.path);
    return {
      video: published,
      subtitles: subtitles ? await publishPath(context, subtitles, namedByDeveloper, "a subtitles path") : null,
    };
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
  end<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "end", options);
  }
  startRecording<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "start_recording", options);
  }
  stopRecording<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "stop_recording", options);
  }
  stream<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "stream", options);
  }

  /** The user pressed its Stop control. */
  stop<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "stop", options);
  }
}
