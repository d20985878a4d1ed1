/**
 * How an agent hands a file to a tool: a data: URL, bare base64, a URL of this app's own file route,
 * or a public http(s) URL (downloaded once into the cache, never from a private or loopback address).
 * Whatever comes in ends up as a cache file, so the usual file rules apply when the fn runs.
 */
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { FILE_DATA_TYPE, type FileData } from "../files/file-data.js";
import type { FileCache } from "../files/cache.js";

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

const DOWNLOAD_LIMIT = 100 * 1024 * 1024;

export interface FileInputContext {
  cache: FileCache;
  /** This app's public URL: file URLs under it are mapped back to their paths instead of downloaded. */
  rootUrl: string;
  maxFileSize: number | null;
  /** Download public URLs (on by default); tests turn it off. */
  allowDownloads?: boolean;
}

/** True for addresses an app must never fetch on a caller's behalf. */
export function isPrivateAddress(address: string): boolean {
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (isIP(v4) === 4) {
    const [a, b] = v4.split(".").map(Number) as [number, number];
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || a >= 224;
  }
  const lower = address.toLowerCase();
  return lower === "::" || lower === "::1" || lower.startsWith("fc") || lower.startsWith("fd") || lower.startsWith("fe8") || lower.startsWith("fe9") || lower.startsWith("fea") || lower.startsWith("feb") || lower.startsWith("ff");
}

function fileData(path: string, origName: string): FileData {
  return { path, orig_name: origName, meta: { _type: FILE_DATA_TYPE } } as FileData;
}

async function store(context: FileInputContext, bytes: Uint8Array, name: string): Promise<FileData> {
  const limit = context.maxFileSize ?? Number.POSITIVE_INFINITY;
  if (bytes.byteLength > limit) throw new ToolInputError(`The file is larger than this app accepts (${limit} bytes).`);
  const cached = await context.cache.putBytes(bytes, name);
  return fileData(cached.path, name);
}

async function download(url: URL, context: FileInputContext): Promise<FileData> {
  if (context.allowDownloads === false) throw new ToolInputError("This app does not download files from URLs; pass the file as base64 data.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
  if (addresses.length === 0 || addresses.some(isPrivateAddress)) throw new ToolInputError(`Cannot download ${url.origin}: only public http(s) addresses are fetched.`);
  const response = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(30_000) }).catch((error: unknown) => {
    throw new ToolInputError(`Downloading ${url.href} failed: ${(error as Error).message}`);
  });
  if (!response.ok || !response.body) throw new ToolInputError(`Downloading ${url.href} failed: HTTP ${response.status}.`);
  const limit = Math.min(context.maxFileSize ?? DOWNLOAD_LIMIT, DOWNLOAD_LIMIT);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) throw new ToolInputError(`The file at ${url.href} is larger than ${limit} bytes.`);
    chunks.push(chunk);
  }
  const name = decodeURIComponent(url.pathname.split("/").pop() || "download") || "download";
  return store(context, Buffer.concat(chunks), name);
}

/** One tool argument where a file goes → a FileData the component's checks will accept. */
export async function fileFromToolArgument(value: unknown, context: FileInputContext): Promise<unknown> {
  if (typeof value === "object" && value !== null && typeof (value as { path?: unknown }).path === "string") {
    const url = (value as { url?: unknown }).url;
    if (typeof url === "string") return fileFromToolArgument(url, context);
    return fileFromToolArgument((value as { path: string }).path, context);
  }
  if (typeof value !== "string" || value.length === 0) throw new ToolInputError("Expected a file: an http(s) URL, a data: URL or base64 data.");
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
