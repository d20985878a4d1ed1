// Port of Gradio's demo/reverse_audio: a recording in, the same samples backwards out.
import * as gr from "gradio-ts";
import { defineDemo, media } from "../demo.js";

function reverseFrames(audio: { sampleRate: number; channels: number; data: Float32Array }) {
  const { sampleRate, channels, data } = audio;
  const reversed = new Float32Array(data.length);
  const frames = data.length / channels;
  for (let frame = 0; frame < frames; frame++) {
    for (let c = 0; c < channels; c++) reversed[frame * channels + c] = data[(frames - 1 - frame) * channels + c]!;
  }
  return { sampleRate, channels, data: reversed };
}

export default defineDemo({
  name: "reverse_audio",
  python: `
import numpy as np
import gradio as gr

def reverse_audio(audio):
    sr, data = audio
    return (sr, np.flipud(data))

input_audio = gr.Audio(
    sources=["microphone"],
    waveform_options=gr.WaveformOptions(
        waveform_color="#01C6FF",
        waveform_progress_color="#0066B4",
        skip_length=2,
        show_recording_waveform=False,
    ),
)
demo = gr.Interface(fn=reverse_audio, inputs=input_audio, outputs="audio", api_name="predict")
`,
  app: () =>
    new gr.Interface({
      fn: reverseFrames,
      // Gradio's skip_length (seek step of the player) has no counterpart in gradio-ts' waveform options.
      inputs: new gr.Audio({
        type: "samples",
        sources: ["microphone"],
        waveformOptions: { waveformColor: "#01C6FF", waveformProgressColor: "#0066B4", showRecordingWaveform: false },
      }),
      outputs: "audio",
      apiName: "predict",
    }),
  calls: [{ api: "/predict", args: [media("rising.wav")] }],
});
