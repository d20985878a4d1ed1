// Port of Gradio's demo/sentence_builder: six kinds of input with info texts, and examples.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

const ACTIVITY_INFO =
  "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Sed auctor, nisl eget ultricies aliquam, nunc nisl aliquet nunc, eget aliquam nisl nunc vel nisl.";

export default defineDemo({
  name: "sentence_builder",
  python: `
import gradio as gr

def sentence_builder(quantity, animal, countries, place, activity_list, morning):
    return f"""The {quantity} {animal}s from {" and ".join(countries)} went to the {place} where they {" and ".join(activity_list)} until the {"morning" if morning else "night"}"""

demo = gr.Interface(
    sentence_builder,
    [
        gr.Slider(2, 20, value=4, label="Count", info="Choose between 2 and 20"),
        gr.Dropdown(["cat", "dog", "bird"], label="Animal", info="Will add more animals later!"),
        gr.CheckboxGroup(["USA", "Japan", "Pakistan"], label="Countries", info="Where are they from?"),
        gr.Radio(["park", "zoo", "road"], label="Location", info="Where did they go?"),
        gr.Dropdown(
            ["ran", "swam", "ate", "slept"], value=["swam", "slept"], multiselect=True, label="Activity",
            info="${ACTIVITY_INFO}",
        ),
        gr.Checkbox(label="Morning", info="Did they do it in the morning?"),
    ],
    "text",
    api_name="predict",
    examples=[
        [2, "cat", ["Japan", "Pakistan"], "park", ["ate", "swam"], True],
        [4, "dog", ["Japan"], "zoo", ["ate", "swam"], False],
        [10, "bird", ["USA", "Pakistan"], "road", ["ran"], False],
        [8, "cat", ["Pakistan"], "zoo", ["ate"], True],
    ],
)
`,
  app: () =>
    new gr.Interface({
      fn: function sentence_builder(
        quantity: number,
        animal: unknown,
        countries: unknown[],
        place: unknown,
        activity_list: unknown,
        morning: boolean,
      ) {
        const activities = Array.isArray(activity_list) ? activity_list : [];
        return (
          `The ${quantity} ${String(animal)}s from ${countries.join(" and ")} went to the ${String(place)} ` +
          `where they ${activities.join(" and ")} until the ${morning ? "morning" : "night"}`
        );
      },
      inputs: [
        new gr.Slider({ minimum: 2, maximum: 20, value: 4, label: "Count", info: "Choose between 2 and 20" }),
        new gr.Dropdown({ choices: ["cat", "dog", "bird"], label: "Animal", info: "Will add more animals later!" }),
        new gr.CheckboxGroup({ choices: ["USA", "Japan", "Pakistan"], label: "Countries", info: "Where are they from?" }),
        new gr.Radio({ choices: ["park", "zoo", "road"], label: "Location", info: "Where did they go?" }),
        new gr.Dropdown({
          choices: ["ran", "swam", "ate", "slept"],
          value: ["swam", "slept"],
          multiselect: true,
          label: "Activity",
          info: ACTIVITY_INFO,
        }),
        new gr.Checkbox({ label: "Morning", info: "Did they do it in the morning?" }),
      ],
      outputs: "text",
      apiName: "predict",
      examples: [
        [2, "cat", ["Japan", "Pakistan"], "park", ["ate", "swam"], true],
        [4, "dog", ["Japan"], "zoo", ["ate", "swam"], false],
        [10, "bird", ["USA", "Pakistan"], "road", ["ran"], false],
        [8, "cat", ["Pakistan"], "zoo", ["ate"], true],
      ],
    }),
  calls: [
    { api: "/predict", args: [2, "cat", ["Japan", "Pakistan"], "park", ["ate", "swam"], true] },
    { api: "/predict", args: [10, "bird", ["USA", "Pakistan"], "road", ["ran"], false] },
  ],
  browser: async (page) => {
    await page.getByRole("checkbox", { name: "Japan" }).check();
    await page.getByRole("radio", { name: "zoo" }).check();
    await page.getByRole("checkbox", { name: "Morning" }).check();
    await page.getByRole("button", { name: "Submit" }).click();
    await page.waitForFunction(() => [...document.querySelectorAll("input, textarea")].some((t) => (t as HTMLInputElement).value.startsWith("The ")));
    return page.getByLabel("output").inputValue();
  },
});
