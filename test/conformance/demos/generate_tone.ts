// Port of Gradio's demo/generate_tone: a note (by index), an octave and a duration in, a sine tone out.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

const NOTES = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

function generateTone(note: number, octave: number, duration: string): gr.AudioSamples {
  const sampleRate = 48000;
  const tonesFromA4 = 12 * (octave - 4) + (note - 9);
  const frequency = 440 * 2 ** (tonesFromA4 / 12);
  const seconds = Math.trunc(Number(duration));
  const count = seconds * sampleRate;
  const step = count > 1 ? seconds / (count - 1) : 0;
  const data = new Int16Array(count);
  for (let i = 0; i < count; i++) data[i] = Math.trunc(20000 * Math.sin(i * step * (2 * Math.PI * frequency)));
  return { sampleRate, data };
}

export default defineDemo({
  name: "generate_tone",
  python: `
import numpy as np
import gradio as gr

notes = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]

def generate_tone(note, octave, duration):
    sr = 48000
    a4_freq, tones_from_a4 = 440, 12 * (octave - 4) + (note - 9)
    frequency = a4_freq * 2 ** (tones_from_a4 / 12)
    duration = int(duration)
    audio = np.linspace(0, duration, duration * sr)
    audio = (20000 * np.sin(audio * (2 * np.pi * frequency))).astype(np.int16)
    return sr, audio

demo = gr.Interface(
    generate_tone,
    [
        gr.Dropdown(notes, type="index"),
        gr.Slider(4, 6, step=1),
        gr.Textbox(value="1", label="Duration in seconds"),
    ],
    "audio",
    api_name="predict",
)
`,
  app: () =>
    new gr.Interface({
      fn: (note, octave, duration) => generateTone(Number(note), octave, duration),
      inputs: [
        new gr.Dropdown({ choices: NOTES, type: "index" }),
        new gr.Slider({ minimum: 4, maximum: 6, step: 1 }),
        new gr.Textbox({ value: "1", label: "Duration in seconds" }),
      ],
      outputs: "audio",
      apiName: "predict",
    }),
  calls: [
    { api: "/predict", args: ["A", 4, "1"] },
    { api: "/predict", args: ["C#", 5, "1"] },
  ],
  browser: async (page) => {
    await page.getByLabel("Duration in seconds").fill("1");
    await page.getByRole("button", { name: "Submit" }).click();
    await page.locator("audio, [data-testid='waveform-output'], wave").first().waitFor({ state: "attached" });
    return true;
  },
});
