// Port of Gradio's demo/blocks_form: one click hides the button and shows a column of results.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

export default defineDemo({
  name: "blocks_form",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    name_box = gr.Textbox(label="Name")
    age_box = gr.Number(label="Age", minimum=0, maximum=100)
    symptoms_box = gr.CheckboxGroup(["Cough", "Fever", "Runny Nose"])
    submit_btn = gr.Button("Submit")

    with gr.Column(visible=False) as output_col:
        diagnosis_box = gr.Textbox(label="Diagnosis")
        patient_summary_box = gr.Textbox(label="Patient Summary")

    def submit(name, age, symptoms):
        return {
            submit_btn: gr.Button(visible=False),
            output_col: gr.Column(visible=True),
            diagnosis_box: "covid" if "Cough" in symptoms else "flu",
            patient_summary_box: f"{name}, {age} y/o",
        }

    submit_btn.click(
        submit,
        [name_box, age_box, symptoms_box],
        [submit_btn, diagnosis_box, patient_summary_box, output_col],
    )
`,
  app: () =>
    new gr.Blocks({}, () => {
      const nameBox = new gr.Textbox({ label: "Name" });
      const ageBox = new gr.Number({ label: "Age", minimum: 0, maximum: 100 });
      const symptomsBox = new gr.CheckboxGroup({ choices: ["Cough", "Fever", "Runny Nose"] });
      const submitBtn = new gr.Button("Submit");
      let diagnosisBox!: gr.Textbox;
      let patientSummaryBox!: gr.Textbox;
      const outputCol = gr.Column({ visible: false }, () => {
        diagnosisBox = new gr.Textbox({ label: "Diagnosis" });
        patientSummaryBox = new gr.Textbox({ label: "Patient Summary" });
      });
      submitBtn.click({
        inputs: [nameBox, ageBox, symptomsBox],
        // Gradio takes a layout as an output to show or hide it; gradio-ts does not have that yet.
        outputs: [submitBtn, diagnosisBox, patientSummaryBox, outputCol as unknown as gr.Component],
        fn: function submit(name: string, age: number, symptoms: (string | number)[]) {
          return [
            gr.update({ visible: false }),
            symptoms.includes("Cough") ? "covid" : "flu",
            `${name}, ${age} y/o`,
            gr.update({ visible: true }),
          ];
        },
      });
    }),
  calls: [{ api: "/submit", args: ["Ada", 36, ["Cough"]] }],
  browser: async (page) => {
    await page.getByLabel("Name").fill("Ada");
    await page.getByLabel("Age").fill("36");
    await page.getByLabel("Fever").check();
    await page.getByRole("button", { name: "Submit" }).click();
    const diagnosis = await until(() => page.getByLabel("Diagnosis").inputValue(), (text) => text !== "");
    const summary = await page.getByLabel("Patient Summary").inputValue();
    const submitHidden = !(await page.getByRole("button", { name: "Submit" }).isVisible());
    return { diagnosis, summary, submitHidden };
  },
});
