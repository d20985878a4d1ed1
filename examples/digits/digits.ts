// A real model served end to end: a handwritten-digit classifier (an MLP trained on scikit-learn's bundled
// `load_digits` by train.py, exported to digits.onnx) run by onnxruntime-node on the CPU. A drawing on a
// Sketchpad or a picture of a digit comes in, is cropped to its ink and shrunk to the data set's 8×8 grid of
// ink counts (0..16), and the three most likely digits go out. Runs offline: the model and the sample digits are files next to this one. app.ts
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
  return {
    width: info.width,
    height: info.height,
    data: new Uint8Array(data.buffer, data.byteOffset, info.width * info.height),
  };
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

/** Ink weaker than this (anti-aliasing, paper grain) does not stretch the digit's box. */
const INK_EDGE = 0.2;

/** How much ink each pixel holds, 0..1: dark ink on light paper and light ink on dark paper alike. */
function inkOf(grey: GreyPicture): Float32Array {
  const paper = paperLevel(grey);
  const lightPaper = paper >= 128;
  const range = Math.max(1, lightPaper ? paper : 255 - paper);
  return Float32Array.from(grey.data, (value) =>
    Math.min(1, Math.max(0, (lightPaper ? paper - value : value - paper) / range)),
  );
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The smallest box holding the ink, or the whole picture when there is none. */
function inkBox(ink: Float32Array, width: number, height: number): Box {
  let [x0, y0, x1, y1] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]! < INK_EDGE) continue;
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    }
  }
  return x1 < 0 ? { left: 0, top: 0, width, height } : { left: x0, top: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/**
 * The square the digit is read from: as long as the ink's longer side, centred on the ink, and moved
 * inside the picture where it fits (so a digit that already fills its picture is read as it is).
 */
function squareAround(box: Box, width: number, height: number): { left: number; top: number; side: number } {
  const side = Math.max(box.width, box.height);
  const place = (start: number, length: number, room: number) => {
    const centred = Math.round(start + length / 2 - side / 2);
    return room >= side ? Math.min(Math.max(0, centred), room - side) : centred;
  };
  return { left: place(box.left, box.width, width), top: place(box.top, box.height, height), side };
}

/**
 * The 64 features the model expects. As load_digits was made, the digit fills its box: the picture is
 * cropped to the ink and centred in a square as tall (or wide) as the ink, so a small digit drawn in a
 * corner of a big canvas reads like one filling it. Each of the 8×8 cells is the mean ink over its area
 * (an area average, like the block counts the data set was made from), on 0..16.
 */
export async function digitFeatures(picture: Required<gr.ImagePixels>): Promise<Float32Array> {
  const grey = await toGrey(picture);
  const ink = inkOf(grey);
  const square = squareAround(inkBox(ink, grey.width, grey.height), grey.width, grey.height);
  const cell = square.side / GRID;
  const sums = new Float64Array(GRID * GRID);
  // Only the part of the square inside the picture holds ink; the rest is paper.
  for (let y = Math.max(0, square.top); y < Math.min(grey.height, square.top + square.side); y++) {
    const row = Math.min(GRID - 1, Math.floor((y - square.top) / cell));
    for (let x = Math.max(0, square.left); x < Math.min(grey.width, square.left + square.side); x++) {
      const amount = ink[y * grey.width + x]!;
      if (amount === 0) continue;
      // A source pixel may straddle two cells in each direction when the size is not a multiple of 8.
      const col = Math.min(GRID - 1, Math.floor((x - square.left) / cell));
      for (let r = row; r <= Math.min(GRID - 1, row + 1); r++) {
        const wy = overlap(y - square.top, r * cell, (r + 1) * cell);
        for (let c = col; c <= Math.min(GRID - 1, col + 1); c++) {
          sums[r * GRID + c]! += amount * wy * overlap(x - square.left, c * cell, (c + 1) * cell);
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

/** The three most likely digits, as the Label shows them. */
async function probabilitiesOf(picture: Required<gr.ImagePixels>): Promise<Record<string, number>> {
  const probabilities = await classify(await digitFeatures(picture));
  return Object.fromEntries(probabilities.map((p, digit) => [String(digit), p]));
}

async function classify_digit(picture: Required<gr.ImagePixels> | null) {
  if (!picture) throw new gr.Error("Upload or paste a picture of one handwritten digit first.");
  return probabilitiesOf(picture);
}

/** A drawing arrives as the editor's files: its composite (strokes over the canvas) is the picture. */
async function classify_sketch(drawing: gr.EditorValue | null) {
  if (!drawing?.composite) throw new gr.Error("Draw one digit on the sketchpad first.");
  const { data, info } = await sharp(drawing.composite).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return probabilitiesOf({ width: info.width, height: info.height, channels: 4, data });
}

export const digits = new gr.Blocks({ title: "Handwritten digits" }, () => {
  new gr.Markdown(
    "# Handwritten digits\nA small neural network trained on scikit-learn's `load_digits`, exported to ONNX and run by " +
      "[onnxruntime-node](https://onnxruntime.ai) on the CPU. Draw a digit, or give a picture of one: dark on light or " +
      "light on dark.",
  );
  const label = new gr.Label({ numTopClasses: 3, label: "Most likely digits" });
  gr.Row(() => {
    gr.Column(() => {
      const sketch = new gr.Sketchpad({ label: "Draw a digit", canvasSize: [400, 400] });
      new gr.Button({ value: "Read the drawing", variant: "primary" }).click({
        fn: classify_sketch,
        inputs: [sketch],
        outputs: [label],
        apiName: "classify_sketch",
      });
    });
    gr.Column(() => {
      const image = new gr.Image({
        type: "pixels",
        imageMode: "RGBA",
        maxPixels: 16_000_000,
        label: "Digit",
        sources: ["upload", "clipboard", "webcam"],
      });
      new gr.Button({ value: "Read the picture", variant: "primary" }).click({
        fn: classify_digit,
        inputs: [image],
        outputs: [label],
        apiName: "classify_digit",
      });
      new gr.Examples({
        inputs: image,
        examples: readdirSync(SAMPLES)
          .filter((name) => name.endsWith(".png"))
          .sort()
          .map((name) => [path.join(SAMPLES, name)]),
      });
    });
  });
});
