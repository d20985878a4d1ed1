// Port of Gradio's demo/dialogue_mock_diarization: an Interface from a recording to a fixed two-speaker Dialogue.
import * as gr from "gradio-ts";
import { defineDemo, media } from "../demo.js";

const speakers = ["Speaker 1", "Speaker 2"];

// The parameter is unused, as in the original; its name is the API's parameter name.
function mock_diarization(audio: unknown): gr.DialogueLine[] {
  void audio;
  return [
    { speaker: "Speaker 1", text: "Hello, how are you?" },
    { speaker: "Speaker 2", text: "I'm fine, thank you!" },
    { speaker: "Speaker 1", text: "What's your name?" },
    { speaker: "Speaker 2", text: "My name is John Doe." },
    { speaker: "Speaker 1", text: "Nice to meet you!" },
    { speaker: "Speaker 2", text: "Nice to meet you!" },
  ];
}

export default defineDemo({
  name: "dialogue_mock_diarization",
  python: `
import gradio as gr

speakers = [
    "Speaker 1",
    "Speaker 2",
]

def format_speaker(speaker, text):
    return f"{speaker}: {text}"

def mock_diarization(audio):
    return [
        {"speaker": "Speaker 1", "text": "Hello, how are you?"},
        {"speaker": "Speaker 2", "text": "I'm fine, thank you!"},
        {"speaker": "Speaker 1", "text": "What's your name?"},
        {"speaker": "Speaker 2", "text": "My name is John Doe."},
        {"speaker": "Speaker 1", "text": "Nice to meet you!"},
        {"speaker": "Speaker 2", "text": "Nice to meet you!"},
    ]

demo = gr.Interface(
    fn=mock_diarization,
    inputs=[gr.Audio(sources=["microphone"])],
    outputs=[gr.Dialogue(speakers=speakers, tags=None, formatter=format_speaker)],
    title="Mock Speech Diarization",
    description="Mock speech diarization",
    api_name="predict"
)
`,
  app: () =>
    new gr.Interface({
      fn: mock_diarization,
      inputs: [new gr.Audio({ sources: ["microphone"] })],
      outputs: [new gr.Dialogue({ speakers, formatter: (speaker, text) => `${speaker}: ${text}` })],
      title: "Mock Speech Diarization",
      description: "Mock speech diarization",
      apiName: "predict",
    }),
  calls: [{ api: "/predict", args: [media("rising.wav")] }],
});
