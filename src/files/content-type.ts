/**
 * How a served file is labelled. Only types a browser shows without running anything on our origin
 * are served inline, and a binary type only when the file's first bytes agree with its extension
 * (an HTML page named `cat.png` is served as an attachment). Everything else, HTML, SVG and scripts
 * included, is `application/octet-stream` + `attachment`.
 */

interface InlineType {
  type: string;
  /** Leading bytes the format always starts with; absent for text formats, which are safe as text. */
  signature?: (head: Uint8Array) => boolean;
}

const startsWith = (head: Uint8Array, bytes: readonly number[], offset = 0) =>
  bytes.every((byte, i) => head[offset + i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const png = (h: Uint8Array) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const jpeg = (h: Uint8Array) => startsWith(h, [0xff, 0xd8, 0xff]);
const gif = (h: Uint8Array) => startsWith(h, ascii("GIF8"));
const riff = (kind: string) => (h: Uint8Array) => startsWith(h, ascii("RIFF")) && startsWith(h, ascii(kind), 8);
const isoMedia = (h: Uint8Array) => startsWith(h, ascii("ftyp"), 4);
const bmp = (h: Uint8Array) => startsWith(h, ascii("BM"));
const ico = (h: Uint8Array) => startsWith(h, [0x00, 0x00, 0x01, 0x00]);
const mp3 = (h: Uint8Array) => startsWith(h, ascii("ID3")) || (h[0] === 0xff && ((h[1] ?? 0) & 0xe0) === 0xe0);
const ogg = (h: Uint8Array) => startsWith(h, ascii("OggS"));
const flac = (h: Uint8Array) => startsWith(h, ascii("fLaC"));
const webm = (h: Uint8Array) => startsWith(h, [0x1a, 0x45, 0xdf, 0xa3]);

const INLINE_TYPES: Record<string, InlineType> = {
  ".png": { type: "image/png", signature: png },
  ".jpg": { type: "image/jpeg", signature: jpeg },
  ".jpeg": { type: "image/jpeg", signature: jpeg },
  ".gif": { type: "image/gif", signature: gif },
  ".webp": { type: "image/webp", signature: riff("WEBP") },
  ".avif": { type: "image/avif", signature: isoMedia },
  ".bmp": { type: "image/bmp", signature: bmp },
  ".ico": { type: "image/x-icon", signature: ico },
  ".mp3": { type: "audio/mpeg", signature: mp3 },
  ".wav": { type: "audio/wav", signature: riff("WAVE") },
  ".ogg": { type: "audio/ogg", signature: ogg },
  ".flac": { type: "audio/flac", signature: flac },
  ".m4a": { type: "audio/mp4", signature: isoMedia },
  ".mp4": { type: "video/mp4", signature: isoMedia },
  ".webm": { type: "video/webm", signature: webm },
  // Text is never executed when labelled text/plain and sent with `nosniff`.
  ".txt": { type: "text/plain; charset=utf-8" },
  ".csv": { type: "text/plain; charset=utf-8" },
  ".json": { type: "application/json" },
};

/** Bytes of a file's start that `servedContentType` needs to see. */
export const SNIFF_BYTES = 16;

export interface ServedType {
  contentType: string;
  disposition: "inline" | "attachment";
}

export function servedContentType(fileName: string, head: Uint8Array): ServedType {
  const dot = fileName.lastIndexOf(".");
  const inline = dot === -1 ? undefined : INLINE_TYPES[fileName.slice(dot).toLowerCase()];
  if (inline && (!inline.signature || inline.signature(head)))
    return { contentType: inline.type, disposition: "inline" };
  return { contentType: "application/octet-stream", disposition: "attachment" };
}

/**
 * The inline type a downloaded file will be served as, and the extension its cache name needs for that:
 * the name's own extension when the bytes agree with it, else the one matching the server's declared
 * Content-Type (a URL like `/photo?id=3` has no extension) when the bytes agree with that. Null: the
 * file would be served as an attachment (unknown, or the bytes are not what the name or server says).
 */
export function downloadedMediaType(
  fileName: string,
  declaredType: string | null,
  head: Uint8Array,
): { type: string; extension: string } | null {
  const dot = fileName.lastIndexOf(".");
  const own = dot === -1 ? "" : fileName.slice(dot).toLowerCase();
  const byName = INLINE_TYPES[own];
  if (byName?.signature?.(head)) return { type: byName.type, extension: own };
  const declared = declaredType?.split(";")[0]!.trim().toLowerCase();
  for (const [extension, inline] of Object.entries(INLINE_TYPES)) {
    if (inline.signature && inline.type === declared && inline.signature(head)) return { type: inline.type, extension };
  }
  return null;
}
