// The README's five-line app, as a user writes and runs it: the start-up, memory and page-weight rows use it.
import * as gr from "gradio-ts";

const demo = new gr.Interface({
  fn: (name: string, times: number) => `Hello ${name}` + "!".repeat(times),
  inputs: ["text", new gr.Slider({ minimum: 1, maximum: 5, step: 1, value: 1 })],
  outputs: "text",
});
demo.launch();
