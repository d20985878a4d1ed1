// The five-line app from the README: a greeting with a name and a number of exclamation marks.
import * as gr from "gradio-ts";

const demo = new gr.Interface({
  fn: (name: string, times: number) => `Hello ${name}` + "!".repeat(times),
  inputs: ["text", new gr.Slider({ minimum: 1, maximum: 5, step: 1, value: 1 })],
  outputs: "text",
  title: "Hello",
  examples: [
    ["Ada", 3],
    ["Grace", 1],
  ],
});

await demo.launch();
