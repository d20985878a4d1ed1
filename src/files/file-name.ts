/** Upload names are metadata, never paths: keep a safe last segment only. */
import { randomBytes } from "node:crypto";

const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com\d|lpt\d)(?:\.|$)/i;
// Also drops `#`, `?` and `%`: Python's client appends cache paths to URLs without encoding them.
const UNSAFE_CHARACTERS = /[<>:"/\\|?*`$!{}#%\u0000-\u001f\u007f]/g;
/**
 * Characters a person cannot see but that change what they read: C0/C1 controls, format characters
 * (the bidi embeddings, overrides and isolates U+202A–U+202E, U+2066–U+2069, the marks U+200E, U+200F
 * and U+061C, zero-width spaces and joiners, U+FEFF) and line/paragraph separators. A right-to-left
 * override turns `invoice\u202Egnp.exe` into what looks like `invoiceexe.png`.
 */
const INVISIBLE_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/** `name` without the characters that would make it read differently from what it is. */
export function stripInvisible(name: string): string {
  return name.replace(INVISIBLE_CHARACTERS, "");
}

export function sanitizeFileName(name: string | undefined | null): string {
  const lastSegment =
    stripInvisible(name ?? "")
      .split(/[\\/]/)
      .pop() ?? "";
  let clean = lastSegment.replace(UNSAFE_CHARACTERS, "").replace(/^[. ]+|[. ]+$/g, "");
  if (WINDOWS_DEVICE.test(clean)) clean = `_${clean}`;
  while (Buffer.byteLength(clean) > 200) clean = clean.slice(0, -1);
  return clean || `tmp${randomBytes(5).toString("hex")}`;
}

/**
 * A name shown to people (`orig_name`, a download's file name): its last segment, with nothing
 * invisible in it; `fallback` when nothing visible is left. Unlike `sanitizeFileName` it keeps
 * characters that are only unsafe in paths, since it never becomes one.
 */
export function displayFileName(name: string | undefined | null, fallback: string): string {
  const lastSegment = (name ?? "").split(/[\\/]/).pop() ?? "";
  const visible = stripInvisible(lastSegment).trim();
  return visible || stripInvisible(fallback).trim() || "file";
}
