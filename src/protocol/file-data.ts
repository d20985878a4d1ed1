/** Gradio's file payload (`gradio.FileData`), the one shape every file travels in. */

export interface FileData {
  path: string;
  url?: string | null;
  size?: number | null;
  orig_name?: string | null;
  mime_type?: string | null;
  is_stream?: boolean;
  meta: { _type: "gradio.FileData" };
}

export const FILE_DATA_TYPE = "gradio.FileData";

export function isFileData(value: unknown): value is FileData {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { path?: unknown; meta?: { _type?: unknown } | null };
  return typeof candidate.path === "string" && candidate.meta?._type === FILE_DATA_TYPE;
}

/**
 * Any object carrying a string `path`, with or without `meta`: such objects are still checked as paths,
 * so leaving out `meta` is never a way around the file rules.
 */
export function looksLikeFileData(value: unknown): value is { path: string } {
  return typeof value === "object" && value !== null && typeof (value as { path?: unknown }).path === "string";
}

const nullableString = (title: string) => ({ anyOf: [{ type: "string" }, { type: "null" }], default: null, title });

/** The JSON Schema Gradio publishes for a single file; clients use it to recognise file parameters. */
export const fileDataSchema = {
  $defs: {
    FileDataMeta: {
      properties: { _type: { const: FILE_DATA_TYPE, title: "Type", type: "string" } },
      required: ["_type"],
      title: "FileDataMeta",
      type: "object",
    },
  },
  properties: {
    path: { title: "Path", type: "string" },
    url: nullableString("Url"),
    size: { anyOf: [{ type: "integer" }, { type: "null" }], default: null, title: "Size" },
    orig_name: nullableString("Orig Name"),
    mime_type: nullableString("Mime Type"),
    is_stream: { default: false, title: "Is Stream", type: "boolean" },
    meta: { $ref: "#/$defs/FileDataMeta" },
  },
  required: ["path"],
  title: "FileData",
  type: "object",
  additional_description:
    "Upload the file first (POST /gradio_api/upload) and pass the returned path, or pass an http(s) URL.",
} as const;
