/**
 * Shared by the media components: how a file payload is taken in, how bytes or a path are handed out
 * (always through the FileProcessor, so the file rules apply), and the FileData schema they advertise.
 */
import { fileDataSchema, FILE_DATA_TYPE, type FileData } from "../protocol/file-data.js";
import type { JsonSchema, ProcessContext } from "./component.js";
import type { MediaKind } from "../files/file-processor.js";
import { describeValue, fail } from "./payload.js";

/** A fresh copy of Gradio's FileData schema, so the clients recognise the parameter as a file. */
export function fileSchema(description?: string): JsonSchema {
  const schema: JsonSchema = structuredClone(fileDataSchema) as unknown as JsonSchema;
  if (description) schema.description = description;
  return schema;
}

/** The `{path, meta}` example Gradio shows for a file parameter: an http URL. */
export function fileExample(url: string): FileData {
  return { path: url, meta: { _type: FILE_DATA_TYPE } };
}

/** Bytes made on the server (encoded image, WAV, mask) → a cached, published FileData. */
export async function publishBytes(
  context: ProcessContext,
  bytes: Uint8Array,
  name: string,
  mimeType: string | null = null,
): Promise<FileData> {
  const cached = await context.files.cache.putBytes(bytes, name);
  const published = await context.files.publish(
    { path: cached.path, orig_name: name, mime_type: mimeType, meta: { _type: FILE_DATA_TYPE } },
    context.rootUrl,
  );
  return published;
}

/** A path or FileData the fn returned (or the developer named) → published FileData. Strings are paths here. */
export async function publishPath(
  context: ProcessContext,
  value: unknown,
  namedByDeveloper: boolean,
  what = "a file path",
  mediaKind: MediaKind | null = null,
): Promise<FileData> {
  if (typeof value === "string") return context.files.publish(value, context.rootUrl, namedByDeveloper, mediaKind);
  if (typeof value === "object" && value !== null && typeof (value as { path?: unknown }).path === "string") {
    const given = value as Partial<FileData> & { path: string };
    return context.files.publish(
      { ...given, meta: { _type: FILE_DATA_TYPE } } as FileData,
      context.rootUrl,
      namedByDeveloper,
      mediaKind,
    );
  }
  return fail(`the fn returned ${describeValue(value)} where ${what} was expected`);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

export function expectObject(value: unknown, what: string): Record<string, unknown> {
  if (!isPlainObject(value)) fail(`expected ${what}, got ${describeValue(value)}`);
  return value;
}

export function expectArray(value: unknown, what: string, maxItems: number): unknown[] {
  if (!Array.isArray(value)) fail(`expected ${what}, got ${describeValue(value)}`);
  if (value.length > maxItems) fail(`${what} has ${value.length} items; the limit is ${maxItems}`);
  return value;
}

/** Mime type from a file name, for the media a browser can show. */
export function mimeFromName(name: string): string | null {
  const dot = name.lastIndexOf(".");
  const extension = dot >= 0 ? name.slice(dot + 1).toLowerCase() : "";
  return MIME[extension] ?? null;
}

const MIME: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  bmp: "image/bmp",
  tif: "image/tiff",
  tiff: "image/tiff",
  ico: "image/x-icon",
  svg: "image/svg+xml",
  wav: "audio/wav",
  mp3: "audio/mpeg",
  ogg: "audio/ogg",
  oga: "audio/ogg",
  flac: "audio/flac",
  m4a: "audio/mp4",
  aac: "audio/aac",
  opus: "audio/opus",
  mp4: "video/mp4",
  webm: "video/webm",
  mov: "video/quicktime",
  mkv: "video/x-matroska",
  avi: "video/x-msvideo",
  glb: "model/gltf-binary",
  gltf: "model/gltf+json",
  obj: "model/obj",
  stl: "model/stl",
  ply: "application/octet-stream",
  splat: "application/octet-stream",
};

/** `$defs` holding FileData and FileDataMeta, for schemas that nest files (`{ $ref: "#/$defs/FileData" }`). */
export function fileDefs(extra: Record<string, JsonSchema> = {}): Record<string, JsonSchema> {
  const { $defs, ...fileData } = structuredClone(fileDataSchema) as unknown as JsonSchema & {
    $defs: Record<string, JsonSchema>;
  };
  return { ...$defs, FileData: fileData, ...extra };
}

export const FILE_REF = { $ref: "#/$defs/FileData" } as const;

/** A string path (the JS client sends bare paths inside Gallery values) or a FileData-like object, checked as a file input. */
export async function acceptFile(value: unknown, context: ProcessContext, parameter: string): Promise<FileData> {
  return context.files.acceptInput(
    typeof value === "string" ? { path: value, meta: { _type: FILE_DATA_TYPE } } : value,
    parameter,
  );
}
