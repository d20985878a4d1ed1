// The example gallery `npm start` serves: small apps that do real work offline, each with a library
// that ships its own data (sharp for images, the AFINN lexicon for sentiment, compromise's English
// lexicon for the chat bot and the sentence workshop, whose layout follows the text via gr.render), and
// a handwritten-digit classifier run by onnxruntime-node from a small ONNX model committed with it.
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import nlp from "compromise";
import Sentiment from "sentiment";
import sharp from "sharp";
import * as gr from "gradio-ts";
import { digits } from "./digits/digits.js";

// Example pictures are drawn here rather than shipped: an SVG rendered to PNG in the temp directory.
async function examplePicture(name: string, hue: number): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="320">
    <defs><linearGradient id="g" x1="0" x2="1" y1="0" y2="1">
      <stop offset="0" stop-color="hsl(${hue},80%,60%)"/><stop offset="1" stop-color="hsl(${hue + 120},70%,40%)"/></linearGradient></defs>
    <rect width="480" height="320" fill="url(#g)"/>
    <circle cx="150" cy="160" r="90" fill="white" fill-opacity="0.8"/>
    <rect x="260" y="80" width="160" height="160" rx="24" fill="black" fill-opacity="0.6"/>
  </svg>`;
  const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-gallery-"));
  const file = path.join(dir, `${name}.png`);
  await writeFile(file, await sharp(Buffer.from(svg)).png().toBuffer());
  return file;
}

const FILTERS = ["grayscale", "blur", "sharpen", "sepia", "negate", "edges", "rotate"] as const;
type Filter = (typeof FILTERS)[number];

async function applyFilter(image: Buffer, filter: Filter, strength: number): Promise<Buffer> {
  const picture = sharp(image);
  switch (filter) {
    case "grayscale":
      return picture.grayscale().png().toBuffer();
    case "blur":
      return picture
        .blur(0.3 + strength * 2)
        .png()
        .toBuffer();
    case "sharpen":
      return picture
        .sharpen({ sigma: 0.5 + strength })
        .png()
        .toBuffer();
    case "sepia":
      return picture
        .recomb([
          [0.393, 0.769, 0.189],
          [0.349, 0.686, 0.168],
          [0.272, 0.534, 0.131],
        ])
        .png()
        .toBuffer();
    case "negate":
      return picture.negate({ alpha: false }).png().toBuffer();
    case "edges":
      return picture
        .grayscale()
        .convolve({ width: 3, height: 3, kernel: [-1, -1, -1, -1, 8, -1, -1, -1, -1] })
        .png()
        .toBuffer();
    case "rotate":
      return picture
        .rotate(Math.round(strength) * 90)
        .png()
        .toBuffer();
  }
}

const photoLab = new gr.Interface({
  fn: async function photo_lab(image: Buffer, filter: string | number, strength: number) {
    if (!image) throw new gr.Error("Upload a picture first.");
    return applyFilter(image, filter as Filter, strength);
  },
  inputs: [
    new gr.Image({ type: "buffer", label: "Picture", sources: ["upload", "clipboard", "webcam"] }),
    new gr.Radio({ choices: [...FILTERS], value: "sepia", label: "Filter" }),
    new gr.Slider({ minimum: 1, maximum: 5, step: 1, value: 2, label: "Strength" }),
  ],
  outputs: new gr.Image({ label: "Result" }),
  title: "Photo lab",
  description: "Image processing with [sharp](https://sharp.pixelplumbing.com): pick a filter and a strength.",
  examples: [
    [await examplePicture("sunrise", 20), "sepia", 2],
    [await examplePicture("ocean", 200), "edges", 1],
  ],
});

const analyzer = new Sentiment();
const sentiment = new gr.Interface({
  fn: function sentiment(text: string) {
    if (!text.trim()) throw new gr.Error("Type a sentence to score.");
    const result = analyzer.analyze(text);
    const scores = new Map(result.calculation.flatMap((entry) => Object.entries(entry)));
    const positive = result.positive.length;
    const negative = result.negative.length;
    const total = Math.max(1, positive + negative);
    const label = {
      positive: positive / total,
      negative: negative / total,
      neutral: positive + negative === 0 ? 1 : 0,
    };
    const words = text.split(/(\s+)/).map((word): [string, string | null] => {
      const score = scores.get(word.toLowerCase().replace(/[^\p{L}']/gu, ""));
      return [word, score === undefined ? null : score > 0 ? "positive" : "negative"];
    });
    return [label, words, result.score];
  },
  inputs: new gr.Textbox({ label: "Text", lines: 3, placeholder: "I love this, but the ending was terrible." }),
  outputs: [
    new gr.Label({ label: "Tone" }),
    new gr.HighlightedText({ label: "Words that count" }),
    new gr.Number({ label: "AFINN score" }),
  ],
  title: "Sentiment",
  description: "Scores text with the AFINN word list that the `sentiment` package ships.",
  examples: [
    "What a wonderful, happy day!",
    "The service was slow and the food was awful.",
    "I love this, but the ending was terrible.",
  ],
});

const chat = new gr.ChatInterface({
  title: "Grammar bot",
  description: "A scripted bot that reads your message with the `compromise` NLP library and streams what it found.",
  examples: ["Ada Lovelace wrote the first program in London.", "I walk to the market and buy fresh bread."],
  fn: async function* grammar_bot(message: string | gr.MultimodalValue) {
    const text = typeof message === "string" ? message : message.text;
    const doc = nlp(text);
    const list = (items: string[]) => (items.length ? items.join(", ") : "none");
    const reply = [
      `**People:** ${list(doc.people().out("array") as string[])}`,
      `**Places:** ${list(doc.places().out("array") as string[])}`,
      `**Verbs:** ${list(doc.verbs().out("array") as string[])}`,
      `**In the past tense:** ${nlp(text).sentences().toPastTense().text() || text}`,
    ].join("\n\n");
    let shown = "";
    for (const word of reply.split(" ")) {
      shown += (shown ? " " : "") + word;
      await new Promise((resolve) => setTimeout(resolve, 25));
      yield shown;
    }
  },
});

// A layout that depends on the text (gr.render): one row per sentence, each with its own buttons.
const workshop = new gr.Blocks({}, () => {
  new gr.Markdown({
    value: "## Sentence workshop\nEach sentence gets its own row; rewrite it with the `compromise` NLP library.",
  });
  const text = new gr.Textbox({
    label: "Text",
    lines: 3,
    value: "We walk to the old harbour. She writes a long letter.",
  });
  gr.render({ inputs: [text] }, (value: string) => {
    const sentences = nlp(value).sentences().out("array") as string[];
    if (sentences.length === 0) new gr.Markdown({ value: "*Type some sentences above.*" });
    // Keyed by the sentence itself: a box keeps its rewrite while its sentence is unchanged above.
    sentences.slice(0, 12).forEach((sentence, i) => {
      gr.Row(() => {
        const box = new gr.Textbox({ value: sentence, label: `Sentence ${i + 1}`, key: `${i}:${sentence}`, scale: 4 });
        const rewrite = (how: "past" | "future" | "negative") => (current: string) => {
          const doc = nlp(current);
          const view = doc.sentences();
          if (how === "past") view.toPastTense();
          else if (how === "future") view.toFutureTense();
          else view.toNegative();
          return doc.text() || current;
        };
        new gr.Button("Past").click({ fn: rewrite("past"), inputs: [box], outputs: [box], apiName: `past_${i}` });
        new gr.Button("Future").click({ fn: rewrite("future"), inputs: [box], outputs: [box], apiName: `future_${i}` });
        new gr.Button("Negative").click({
          fn: rewrite("negative"),
          inputs: [box],
          outputs: [box],
          apiName: `negative_${i}`,
        });
      });
    });
  });
});

await new gr.TabbedInterface([photoLab, sentiment, chat, workshop, digits], {
  tabNames: ["Photo lab", "Sentiment", "Grammar bot", "Sentence workshop", "Digits"],
  title: "gradio-ts examples",
}).launch();
