// Port of Gradio's demo/score_tracker: an Interface whose fn keeps scores across calls (module state).
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

export default defineDemo({
  name: "score_tracker",
  knownGap: "Gradio pairs an Interface's State output with its State input (one State); ours makes two, so the scores differ",
  python: `
import gradio as gr

scores = []

def track_score(score):
    scores.append(score)
    top_scores = sorted(scores, reverse=True)[:3]
    return top_scores

demo = gr.Interface(
    track_score,
    gr.Number(label="Score"),
    gr.JSON(label="Top Scores"),
    api_name="predict"
)
`,
  app: () => {
    const scores: number[] = [];
    return new gr.Interface({
      fn: function track_score(score: number) {
        scores.push(score);
        return [...scores].sort((a, b) => b - a).slice(0, 3);
      },
      inputs: new gr.Number({ label: "Score" }),
      outputs: new gr.JSON({ label: "Top Scores" }),
      apiName: "predict",
    });
  },
  calls: [
    { api: "/predict", args: [5] },
    { api: "/predict", args: [9] },
    { api: "/predict", args: [1] },
    { api: "/predict", args: [7] },
  ],
  browser: async (page) => {
    await page.getByLabel("Score").fill("42");
    await page.getByRole("button", { name: "Submit" }).click();
    return until(() => page.getByText("42").last().isVisible(), (shown) => shown);
  },
});
