/**
 * How an agent hands a file to a tool: a data: URL, bare base64, a URL of this app's own file route,
 * or a public http(s) URL (downloaded once into the cache, never from a private or loopback address).
 * Whatever comes in ends up as a cache file, so the usual file rules apply when the fn runs.
 */
import { FILE_DATA_TYPE, type FileData } from "../protocol/file-data.js";
import type { FileCache } from "../files/cache.js";
import { displayFileName } from "../files/file-name.js";
import { isPublicAddress, UrlFetchError, type UrlFetchSettings } from "../files/url-fetch.js";

export class ToolInputError extends Error {
  override readonly name = "ToolInputError";
}

const EXTENSIONS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
  "audio/wav": "wav",
  "audio/mpeg": "mp3",
  "video/mp4": "mp4",
  "application/pdf": "pdf",
  "text/plain": "txt",
  "application/json": "json",
};

export interface FileInputContext {
  cache: FileCache;
  /** This app's public URL: file URLs under it are mapped back to their paths instead of downloaded. */
  rootUrl: string;
  maxFileSize: number | null;
  /** The app's URL-input settings (launch({ fetchUrlInputs, maxFileSize })); null: URLs are refused. */
  urlInputs: UrlFetchSettings | null;
}

/** True for addresses an app must never fetch on a caller's behalf (kept for callers of the old name). */
export function isPrivateAddress(address: string): boolean {
  return !isPublicAddress(address);
}

function fileData(path: string, origName: string): FileData {
  return { path, orig_name: displayFileName(origName, "file"), meta: { _type: FILE_DATA_TYPE } } as FileData;
}

async function store(context: FileInputContext, bytes: Uint8Array, name: string): Promise<FileData> {
  const limit = context.maxFileSize ?? Number.POSITIVE_INFINITY;
  if (bytes.byteLength > limit) throw new ToolInputError(`The file is larger than this app accepts (${limit} bytes).`);
  const cached = await context.cache.putBytes(bytes, name);
  return fileData(cached.path, name);
}

/** Through the app's one guarded fetcher (src/files/url-fetch.ts), with the app's launch settings. */
async function download(url: URL, context: FileInputContext): Promise<FileData> {
  const settings = context.urlInputs;
  if (!settings?.enabled)
    throw new ToolInputError("This app does not download files from URLs; pass the file as base64 data.");
  try {
    const file = await settings.fetcher.download(url.href, context.cache, {
      maxBytes: settings.maxBytes,
      timeoutMs: settings.timeoutMs,
    });
    return fileData(file.path, file.origName);
  } catch (error) {
    if (error instanceof UrlFetchError) throw new ToolInputError(error.message);
    throw error;
  }
}

/** One tool argument where a file goes → a FileData the component's checks will accept. */
export async function fileFromToolArgument(value: unknown, context: FileInputContext): Promise<unknown> {
  if (typeof value === "object" && value !== null && typeof (value as { path?: unknown }).path === "string") {
    const url = (value as { url?: unknown }).url;
    if (typeof url === "string") return fileFromToolArgument(url, context);
    return fileFromToolArgument((value as { path: string }).path, context);
  }
  if (typeof value !== "string" || value.length === 0)
    throw new ToolInputError("Expected a file: an http(s) URL, a data: URL or base64 data.");
  // eslint-disable-next-line security/detect-unsafe-regex -- linear: each group stops at the delimiter that follows it (`;` or `,`)
  const data = /^data:([^;,]*)(;[^,]*)?,(.*)$/s.exec(value);
  if (data) {
    const mime = data[1] || "application/octet-stream";
    const base64 = (data[2] ?? "").includes(";base64");
    const bytes = base64 ? Buffer.from(data[3]!, "base64") : Buffer.from(decodeURIComponent(data[3]!), "utf8");
    return store(context, bytes, `file.${EXTENSIONS[mime] ?? "bin"}`);
  }
  if (/^https?:\/\//i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ToolInputError("The file URL is not a valid URL.");
    }
    const own = `${context.rootUrl}/gradio_api/file=`;
    if (value.startsWith(own)) {
      const path = decodeURIComponent(value.slice(own.length).split(/[?#]/)[0]!);
      return fileData(path, path.split("/").pop() ?? "file");
    }
    return download(url, context);
  }
  const compact = value.replace(/\s+/g, "");
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) return store(context, Buffer.from(compact, "base64"), "file.bin");
  throw new ToolInputError("Expected a file: an http(s) URL, a data: URL or base64 data.");
}
