// Port of Gradio's demo/blocks_update: updates that change a dropdown's choices, a slider's range,
// a textbox's lines, and show a hidden column.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

const SPECIES: Record<string, string[]> = {
  Mammal: ["Elephant", "Giraffe", "Hamster"],
  Fish: ["Shark", "Salmon", "Tuna"],
  Bird: ["Chicken", "Eagle", "Hawk"],
};

export default defineDemo({
  name: "blocks_update",
  knownGap: "Dropdown: an update's choices show the option's index in our page (Gradio: the label 'Salmon'); Gradio types a Dropdown with no choices as Literal[] (str here)",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gr.Markdown(
        """
    # Animal Generator
    Once you select a species, the detail panel should be visible.
    """
    )

    species = gr.Radio(label="Animal Class", choices=["Mammal", "Fish", "Bird"])
    animal = gr.Dropdown(label="Animal", choices=[])

    with gr.Column(visible=False) as details_col:
        weight = gr.Slider(0, 20)
        details = gr.Textbox(label="Extra Details")
        generate_btn = gr.Button("Generate")
        output = gr.Textbox(label="Output")

    species_map = {
        "Mammal": ["Elephant", "Giraffe", "Hamster"],
        "Fish": ["Shark", "Salmon", "Tuna"],
        "Bird": ["Chicken", "Eagle", "Hawk"],
    }

    def filter_species(species):
        return gr.Dropdown(
            choices=species_map[species], value=species_map[species][1]
        ), gr.Column(visible=True)

    species.change(filter_species, species, [animal, details_col])

    def filter_weight(animal):
        if animal in ("Elephant", "Shark", "Giraffe"):
            return gr.Slider(maximum=100)
        else:
            return gr.Slider(maximum=20)

    animal.change(filter_weight, animal, weight)
    weight.change(lambda w: gr.Textbox(lines=int(w / 10) + 1), weight, details)

    generate_btn.click(lambda x: x, details, output)
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.Markdown("# Animal Generator\nOnce you select a species, the detail panel should be visible.");
      const species = new gr.Radio({ label: "Animal Class", choices: ["Mammal", "Fish", "Bird"] });
      const animal = new gr.Dropdown({ label: "Animal", choices: [] });
      let weight!: gr.Slider, details!: gr.Textbox, generateBtn!: gr.Button, output!: gr.Textbox;
      const detailsCol = gr.Column({ visible: false }, () => {
        weight = new gr.Slider({ minimum: 0, maximum: 20 });
        details = new gr.Textbox({ label: "Extra Details" });
        generateBtn = new gr.Button("Generate");
        output = new gr.Textbox({ label: "Output" });
      });
      species.change({
        inputs: species,
        outputs: [animal, detailsCol],
        fn: function filter_species(species: string | number | null) {
          const animals = SPECIES[String(species)] ?? [];
          return [gr.update({ choices: animals, value: animals[1] }), gr.update({ visible: true })];
        },
      });
      animal.change({
        inputs: animal,
        outputs: weight,
        fn: function filter_weight(animal: unknown) {
          return gr.update({ maximum: ["Elephant", "Shark", "Giraffe"].includes(String(animal)) ? 100 : 20 });
        },
      });
      weight.change({ inputs: weight, outputs: details, fn: (w: number) => gr.update({ lines: Math.trunc(w / 10) + 1 }) });
      generateBtn.click({ inputs: details, outputs: output, fn: (x: string) => x });
    }),
  calls: [
    { api: "/filter_species", args: ["Fish"] },
    { api: "/filter_weight", args: ["Shark"] },
  ],
  browser: async (page) => {
    await page.getByLabel("Fish").check();
    const details = page.getByLabel("Extra Details");
    await until(() => details.isVisible(), (shown) => shown);
    await details.fill("fins");
    await page.getByRole("button", { name: "Generate" }).click();
    const output = await until(() => page.getByLabel("Output", { exact: true }).inputValue(), (text) => text !== "");
    return { animal: await page.getByLabel("Animal", { exact: true }).inputValue(), output };
  },
});
