// A real model served end to end: a handwritten-digit classifier (an MLP trained on scikit-learn's bundled
// `load_digits` by train.py, exported to digits.onnx) run by onnxruntime-node on the CPU. A picture of a
// digit comes in, is shrunk to the data set's 8×8 grid of ink counts (0..16), and the three most likely
// digits go out. Runs offline: the model and the sample digits are files next to this one. app.ts
// launches it on its own; the example gallery shows it as a tab.
import { readdirSync } from "node:fs";
import path from "node:path";
import type * as Ort from "onnxruntime-node";
import sharp from "sharp";
import * as gr from "gradio-ts";

const HERE = import.meta.dirname;
const MODEL = path.join(HERE, "digits.onnx");
const SAMPLES = path.join(HERE, "samples");
const GRID = 8;
/** load_digits counts ink pixels in 4×4 blocks, so a cell holds 0..16. */
const FULL_CELL = 16;
/** Larger pictures are first shrunk by sharp to this size: enough detail for an 8×8 grid. */
const WORKING_SIZE = 256;

interface LoadedModel {
  runtime: typeof Ort;
  session: Ort.InferenceSession;
}

// One session for the process, made on first use: the runtime's native library and the model load with
// the first digit, not at import, so the app (or the gallery holding it) starts at once. A worker thread
// that imports this module gets its own the same way. A failed load is tried again by the next call.
let loaded: Promise<LoadedModel> | null = null;
function model(): Promise<LoadedModel> {
  loaded ??= (async () => {
    const runtime = await import("onnxruntime-node");
    return { runtime, session: await runtime.InferenceSession.create(MODEL) };
  })().catch((error: unknown) => {
    loaded = null;
    throw error;
  });
  return loaded;
}

interface GreyPicture {
  width: number;
  height: number;
  data: Uint8Array;
}

/** The picture as grey on white: transparent parts (a sketch on a clear canvas) count as paper. */
async function toGrey(picture: Required<gr.ImagePixels>): Promise<GreyPicture> {
  const { width, height, channels } = picture;
  const { data, info } = await sharp(picture.data, { raw: { width, height, channels } })
    .flatten({ background: "#ffffff" })
    .grayscale()
    .resize(WORKING_SIZE, WORKING_SIZE, { fit: "inside", withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, info.width * info.height) };
}

/** The paper's grey: the median of the border, which ink rarely fills. */
function paperLevel({ width, height, data }: GreyPicture): number {
  const border: number[] = [];
  for (let x = 0; x < width; x++) border.push(data[x]!, data[(height - 1) * width + x]!);
  for (let y = 1; y < height - 1; y++) border.push(data[y * width]!, data[y * width + width - 1]!);
  border.sort((a, b) => a - b);
  return border[Math.floor(border.length / 2)]!;
}

/** How much of the source span [from, from + 1) lies in [start, end). */
function overlap(from: number, start: number, end: number): number {
  return Math.max(0, Math.min(from + 1, end) - Math.max(from, start));
}

/**
 * The 64 features the model expects: the picture centred in a square of paper, each of the 8×8 cells the
 * mean ink over its area (an area average, like the block counts the data set was made from), on 0..16.
 * Dark ink on light paper and light ink on dark paper both work.
 */
export async function digitFeatures(picture: Required<gr.ImagePixels>): Promise<Float32Array> {
  const grey = await toGrey(picture);
  const paper = paperLevel(grey);
  const lightPaper = paper >= 128;
  const range = Math.max(1, lightPaper ? paper : 255 - paper);
  const side = Math.max(grey.width, grey.height);
  const cell = side / GRID;
  const left = (side - grey.width) / 2;
  const top = (side - grey.height) / 2;
  const sums = new Float64Array(GRID * GRID);
  for (let y = 0; y < grey.height; y++) {
    const row = Math.min(GRID - 1, Math.floor((y + top) / cell));
    for (let x = 0; x < grey.width; x++) {
      const value = grey.data[y * grey.width + x]!;
      const ink = Math.min(1, Math.max(0, (lightPaper ? paper - value : value - paper) / range));
      if (ink === 0) continue;
      // A source pixel may straddle two cells in each direction when the size is not a multiple of 8.
      const col = Math.min(GRID - 1, Math.floor((x + left) / cell));
      for (let r = row; r <= Math.min(GRID - 1, row + 1); r++) {
        const wy = overlap(y + top, r * cell, (r + 1) * cell);
        for (let c = col; c <= Math.min(GRID - 1, col + 1); c++) {
          sums[r * GRID + c]! += ink * wy * overlap(x + left, c * cell, (c + 1) * cell);
        }
      }
    }
  }
  return Float32Array.from(sums, (sum) => (sum / (cell * cell)) * FULL_CELL);
}

/** Probability of each digit 0..9, from the ONNX model. */
export async function classify(features: Float32Array): Promise<number[]> {
  const { runtime, session } = await model();
  const input = new runtime.Tensor("float32", features, [1, GRID * GRID]);
  const { probabilities } = await session.run({ input });
  return Array.from(probabilities!.data as Float32Array);
}

export const digits = new gr.Interface({
  fn: async function classify_digit(picture: Required<gr.ImagePixels> | null) {
    if (!picture) throw new gr.Error("Upload or paste a picture of one handwritten digit first.");
    const probabilities = await classify(await digitFeatures(picture));
    return Object.fromEntries(probabilities.map((p, digit) => [String(digit), p]));
  },
  inputs: new gr.Image({ type: "pixels", imageMode: "RGBA", maxPixels: 16_000_000, label: "Digit", sources: ["upload", "clipboard", "webcam"] }),
  outputs: new gr.Label({ numTopClasses: 3, label: "Most likely digits" }),
  title: "Handwritten digits",
  description:
    "A small neural network trained on scikit-learn's `load_digits`, exported to ONNX and run by " +
    "[onnxruntime-node](https://onnxruntime.ai) on the CPU. One digit per picture, dark on light or light on dark.",
  examples: readdirSync(SAMPLES)
    .filter((name) => name.endsWith(".png"))
    .sort()
    .map((name) => [path.join(SAMPLES, name)]),
});
