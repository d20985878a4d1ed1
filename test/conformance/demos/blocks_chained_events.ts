// Port of Gradio's demo/blocks_chained_events: .success/.failure chains, gr.Error, and toasts.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

export default defineDemo({
  name: "blocks_chained_events",
  python: `
import gradio as gr

def failure():
    raise gr.Error("This should fail!")

def exception():
    raise ValueError("Something went wrong")

def success():
    return True

def warning_fn():
    gr.Warning("This is a warning!")

def info_fn():
    gr.Info("This is some info")

with gr.Blocks() as demo:
    gr.Markdown("Used in E2E tests of success event trigger. The then event covered in chatbot E2E tests."
                " Also testing that the status modals show up.")
    with gr.Row():
        result = gr.Textbox(label="Result")
        result_2 = gr.Textbox(label="Consecutive Event")
        result_failure = gr.Textbox(label="Failure Event")
    with gr.Row():
        success_btn = gr.Button(value="Trigger Success")
        success_btn_2 = gr.Button(value="Trigger Consecutive Success")
        failure_btn = gr.Button(value="Trigger Failure")
        failure_exception = gr.Button(value="Trigger Failure With ValueError")
    with gr.Row():
        trigger_warning = gr.Button(value="Trigger Warning")
        trigger_info = gr.Button(value="Trigger Info")

        success_btn_2.click(success, None, None).success(lambda: "First Event Trigered", None, result).success(lambda: "Consecutive Event Triggered", None, result_2)
        success_event = success_btn.click(success, None, None)
        success_event.success(lambda: "Success event triggered", inputs=None, outputs=result)
        success_event.failure(lambda: "Should not be triggered", inputs=None, outputs=result_failure)
        failure_event = failure_btn.click(failure, None, None)
        failure_event.success(lambda: "Should not be triggered", inputs=None, outputs=result)
        failure_event.failure(lambda: "Failure event triggered", inputs=None, outputs=result_failure)
        failure_exception.click(exception, None, None)
        trigger_warning.click(warning_fn, None, None)
        trigger_info.click(info_fn, None, None)
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.Markdown(
        "Used in E2E tests of success event trigger. The then event covered in chatbot E2E tests. Also testing that the status modals show up.",
      );
      let result!: gr.Textbox, result2!: gr.Textbox, resultFailure!: gr.Textbox;
      gr.Row(() => {
        result = new gr.Textbox({ label: "Result" });
        result2 = new gr.Textbox({ label: "Consecutive Event" });
        resultFailure = new gr.Textbox({ label: "Failure Event" });
      });
      let successBtn!: gr.Button, successBtn2!: gr.Button, failureBtn!: gr.Button, failureException!: gr.Button;
      gr.Row(() => {
        successBtn = new gr.Button({ value: "Trigger Success" });
        successBtn2 = new gr.Button({ value: "Trigger Consecutive Success" });
        failureBtn = new gr.Button({ value: "Trigger Failure" });
        failureException = new gr.Button({ value: "Trigger Failure With ValueError" });
      });
      gr.Row(() => {
        const triggerWarning = new gr.Button({ value: "Trigger Warning" });
        const triggerInfo = new gr.Button({ value: "Trigger Info" });
        const success = function success() {
          return true;
        };
        successBtn2
          .click({ fn: success })
          .success({ fn: () => "First Event Trigered", outputs: result })
          .success({ fn: () => "Consecutive Event Triggered", outputs: result2 });
        const successEvent = successBtn.click({ fn: success });
        successEvent.success({ fn: () => "Success event triggered", outputs: result });
        successEvent.failure({ fn: () => "Should not be triggered", outputs: resultFailure });
        const failureEvent = failureBtn.click({
          fn: function failure() {
            throw new gr.Error("This should fail!");
          },
        });
        failureEvent.success({ fn: () => "Should not be triggered", outputs: result });
        failureEvent.failure({ fn: () => "Failure event triggered", outputs: resultFailure });
        failureException.click({
          fn: function exception() {
            throw new Error("Something went wrong");
          },
        });
        triggerWarning.click({
          fn: function warning_fn() {
            gr.Warning("This is a warning!");
          },
        });
        triggerInfo.click({
          fn: function info_fn() {
            gr.Info("This is some info");
          },
        });
      });
    }),
  calls: [
    { api: "/success", args: [] },
    { api: "/failure", args: [] },
  ],
  browser: async (page) => {
    await page.getByRole("button", { name: "Trigger Failure", exact: true }).click();
    const failure = await until(() => page.getByLabel("Failure Event").inputValue(), (text) => text !== "");
    const toast = await until(() => page.getByText("This should fail!").first().isVisible(), (shown) => shown);
    await page.getByRole("button", { name: "Trigger Consecutive Success" }).click();
    const consecutive = await until(() => page.getByLabel("Consecutive Event").inputValue(), (text) => text !== "");
    return { failure, toast, result: await page.getByLabel("Result", { exact: true }).inputValue(), consecutive };
  },
});
