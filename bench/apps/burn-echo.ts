// The responsiveness benchmark's app (bench/responsiveness.ts): a CPU-bound fn and a trivial one.
import * as gr from "gradio-ts";

function burn(seconds: number): string {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    // busy, as a model's inference would be
  }
  return "done";
}

function echo(text: string): string {
  return text;
}

const demo = new gr.Blocks({ title: "burn-echo" }, () => {
  const seconds = new gr.Number({ label: "seconds" });
  const text = new gr.Textbox({ label: "text" });
  const out = new gr.Textbox({ label: "out" });
  const go = new gr.Button();
  // Its own concurrency group, so `workerGroups` can give it a pool of its own.
  go.click({ fn: burn, inputs: [seconds], outputs: [out], concurrencyId: "burn", concurrencyLimit: 4 });
  go.click({ fn: echo, inputs: [text], outputs: [out] });
});
demo.queue({ defaultConcurrencyLimit: 4 });
const burnWorkers = process.env.BENCH_BURN_WORKERS;
await demo.launch({
  serverPort: Number(process.env.BENCH_PORT),
  quiet: true,
  workerGroups: burnWorkers ? { burn: Number(burnWorkers) } : undefined,
});
