/**
 * The one way image bytes from outside are opened for decoding (sharp, i.e. libvips). An image's memory
 * is set by its header, not its size on disk: a few kilobytes of PNG can declare 30000×30000 pixels, a
 * 2.7 GB canvas. So the header is read first, on its own, and the image is refused before any pixel is
 * decoded when it is not a raster format we expect or has more pixels than allowed. sharp's
 * `limitInputPixels` is set on every pipeline too, so libvips holds the same line if a header lies.
 */
import type SharpModule from "sharp";
import type { Metadata, Sharp, SharpOptions } from "sharp";
import { AppConfigError } from "../errors.js";
import { fail } from "./payload.js";

/** sharp (and libvips, some 30 MB) loads with the first image, not with every app that has none. */
export async function loadSharp(): Promise<typeof SharpModule> {
  return (await import("sharp")).default;
}

/** Largest width × height decoded by default: 40 M pixels, 160 MB as RGBA. */
export const DEFAULT_MAX_PIXELS = 40_000_000;

/** Raster formats decoded from outside input. SVG, PDF, libvips' own format and the like are not. */
const DECODABLE = new Set(["jpeg", "png", "webp", "gif", "tiff", "avif", "heif"]);

export interface OpenedImage {
  /** A fresh pipeline on the same input, bounded like the header check. */
  pipeline: Sharp;
  format: string;
  width: number;
  height: number;
}

/** sharp options for outside input: one page, the pixel bound, and a damaged image is an error. */
function inputOptions(maxPixels: number): SharpOptions {
  return { limitInputPixels: maxPixels, failOn: "error", pages: 1, sequentialRead: true };
}

/**
 * Reads only the header of `input` (a path already through the file rules, or bytes), refuses it when
 * it is not a decodable raster image or is over `maxPixels`, and hands back a bounded pipeline.
 * `what` names the image in refusals ("the uploaded file", "the returned image").
 */
export async function openImage(input: string | Buffer, maxPixels: number, what: string): Promise<OpenedImage> {
  if (!Number.isSafeInteger(maxPixels) || maxPixels < 1)
    throw new AppConfigError(`maxPixels must be a positive integer, got ${maxPixels}`);
  const sharp = await loadSharp();
  let header: Metadata;
  try {
    // Header only: sharp would refuse an over-limit header here without saying its size, which we say.
    header = await sharp(input, { ...inputOptions(maxPixels), limitInputPixels: false }).metadata();
  } catch {
    return fail(`${what} was refused: it is not an image this server can decode`);
  }
  const { format, width, height } = header;
  if (!DECODABLE.has(format))
    fail(
      `${what} was refused: ${format.toUpperCase()} images are not decoded here (send JPEG, PNG, WebP, GIF, TIFF or AVIF)`,
    );
  const pageHeight = header.pageHeight ?? height;
  if (!width || !pageHeight) fail(`${what} was refused: its header gives no size`);
  if (width * pageHeight > maxPixels) {
    fail(
      `${what} was refused: it is ${width}×${pageHeight} = ${width * pageHeight} pixels, more than the ${maxPixels} allowed (maxPixels)`,
    );
  }
  return { pipeline: sharp(input, inputOptions(maxPixels)), format, width, height: pageHeight };
}

/** The format named by an image's header (nothing decoded), or a refusal when it has none sharp reads. */
export async function imageFormat(input: Buffer, what: string): Promise<string> {
  const sharp = await loadSharp();
  try {
    return (await sharp(input, { failOn: "error", pages: 1, limitInputPixels: false }).metadata()).format;
  } catch {
    return fail(`${what} was refused: it is not an image this server can decode`);
  }
}

/**
 * Runs a pipeline from `openImage` to its end. libvips can still find the header lied (a truncated or
 * damaged image) or pass the pixel bound while decoding; that is a refusal, never a crash.
 */
export async function finishImage<T>(run: () => Promise<T>, maxPixels: number, what: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const reason =
      error instanceof Error && /pixel limit/i.test(error.message)
        ? `it has more than the ${maxPixels} pixels allowed (maxPixels)`
        : "it could not be decoded (a damaged image?)";
    return fail(`${what} was refused: ${reason}`);
  }
}
