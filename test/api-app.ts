/**
 * The example app the "API for programs and agents" tests (test/api-*.test.ts) run against: text,
 * numbers with ranges, choices, a file in and out, an image out, a generator, a gr.Error and an endpoint
 * only the "admin" role may call.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import * as gr from "gradio-ts";

export function greet(name: string, times: number) {
  return `Hello ${name}` + "!".repeat(times);
}

export function add(a: number, b: number) {
  return a + b;
}

export async function* count(upTo: number, context: gr.EventContext) {
  for (let i = 1; i <= upTo; i++) {
    context.progress([i, upTo], { desc: "counting" });
    yield `step ${i} of ${upTo}`;
  }
}

export function refuse(name: string): string {
  throw new gr.Error(`No greeting for ${name}`);
}

export async function shout(file: string | string[]) {
  const text = await readFile(file as string, "utf8");
  const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-api-out-"));
  const out = path.join(dir, "shout.txt");
  await writeFile(out, text.toUpperCase());
  return out;
}

export async function square(color: string | number | (string | number)[]) {
  const rgb =
    color === "red" ? { r: 255, g: 0, b: 0 } : color === "green" ? { r: 0, g: 255, b: 0 } : { r: 0, g: 0, b: 255 };
  const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-api-img-"));
  const out = path.join(dir, "square.png");
  await sharp({ create: { width: 4, height: 4, channels: 3, background: rgb } })
    .png()
    .toFile(out);
  return out;
}

export function secret(word: string) {
  return `admin says ${word}`;
}

export function buildApiApp() {
  return new gr.Blocks({ title: "API demo" }, () => {
    const name = new gr.Textbox({ label: "Name", info: "Who to greet" });
    const times = new gr.Slider({ minimum: 1, maximum: 5, step: 1, value: 1, label: "Times" });
    const greeting = new gr.Textbox({ label: "Greeting" });
    const go = new gr.Button("Go");
    go.click({
      fn: greet,
      inputs: [name, times],
      outputs: greeting,
      apiName: "greet",
      apiDescription: "Greets someone, loudly.",
    });

    const a = new gr.Number({ label: "a", minimum: -1000, maximum: 1000 });
    const b = new gr.Number({ label: "b", minimum: -1000, maximum: 1000 });
    const sum = new gr.Number({ label: "Sum" });
    go.click({ fn: add, inputs: [a, b], outputs: sum, apiName: "add", apiDescription: "Adds two numbers." });

    const upTo = new gr.Number({ label: "Up to", precision: 0, minimum: 1, maximum: 5, value: 3 });
    const steps = new gr.Textbox({ label: "Steps" });
    go.click({
      fn: count,
      inputs: upTo,
      outputs: steps,
      apiName: "count",
      apiDescription: "Counts up, one step at a time.",
    });

    go.click({ fn: refuse, inputs: name, outputs: greeting, apiName: "refuse", apiDescription: "Always refuses." });

    const upload = new gr.File<string>({ label: "Text file" });
    const result = new gr.File({ label: "Shouted file" });
    go.click({
      fn: shout,
      inputs: upload,
      outputs: result,
      apiName: "shout",
      apiDescription: "Upper-cases a text file.",
    });

    const color = new gr.Dropdown({ choices: ["red", "green", "blue"], value: "red", label: "Color" });
    const image = new gr.Image({ label: "Square", type: "filepath" });
    go.click({
      fn: square,
      inputs: color,
      outputs: image,
      apiName: "square",
      apiDescription: "Draws a small square of a color.",
    });

    go.click({
      fn: secret,
      inputs: name,
      outputs: greeting,
      apiName: "secret",
      apiDescription: "Only for admins.",
      roles: ["admin"],
    });
  });
}
