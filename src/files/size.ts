/** File sizes as developers write them: `"5mb"`, `"2 GB"`, `1024`, or `gr.FileSize.MB * 5` (1024-based). */

export const FileSize = {
  B: 1,
  KB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
} as const;

const SIZE_PATTERN = /^(\d+|\d+\.\d+)\s*(b|kb|mb|gb|tb)?$/i;

/** Bytes for a size setting; throws on anything it cannot read rather than guessing. */
export function parseSize(size: number | string): number {
  if (typeof size === "number") {
    if (!Number.isFinite(size) || size < 0)
      throw new RangeError(`A file size must be a positive number of bytes, got ${size}.`);
    return Math.floor(size);
  }
  // Trimmed first: spaces on both sides of an optional unit could be split many ways.
  const match = SIZE_PATTERN.exec(size.trim());
  if (!match) throw new RangeError(`Cannot read the file size "${size}": write it like "5mb", "2 GB" or 1024.`);
  const unit = (match[2] ?? "b").toUpperCase() as keyof typeof FileSize;
  return Math.floor(Number(match[1]) * FileSize[unit]);
}
