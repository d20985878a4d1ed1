/** Upload names are metadata, never paths: keep a safe last segment only. */
import { randomBytes } from "node:crypto";

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;
// Also drops `#`, `?` and `%`: Python's client appends cache paths to URLs without encoding them.
const UNSAFE_CHARACTERS = /[<>:"/\\|?*`$!{}#%\u0000-\u001f\u007f]/g;

export function sanitizeFileName(name: string | undefined | null): string {
  const lastSegment = (name ?? "").split(/[\\/]/).pop() ?? "";
  let clean = lastSegment.replace(UNSAFE_CHARACTERS, "").replace(/^[. ]+|[. ]+$/g, "");
  if (WINDOWS_DEVICE.test(clean)) clean = `_${clean}`;
  while (Buffer.byteLength(clean) > 200) clean = clean.slice(0, -1);
  return clean || `tmp${randomBytes(5).toString("hex")}`;
}
