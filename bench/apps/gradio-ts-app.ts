// The benchmark app for gradio-ts: the same endpoints as apps/gradio_app.py, same names, same fns.
import { setTimeout as sleep } from "node:timers/promises";
import * as gr from "gradio-ts";

const sleepLimit = Number(process.env.BENCH_SLEEP_LIMIT ?? "1");

const demo = new gr.Blocks({ title: "bench" }, () => {
  const text = new gr.Textbox({ label: "Text" });
  const out = new gr.Textbox({ label: "Out" });
  const go = new gr.Button("Go");
  go.click({
    fn: function echo(text: string) {
      return text;
    },
    inputs: text,
    outputs: out,
    apiName: "echo",
    concurrencyLimit: null,
  });
  go.click({
    fn: async function nap(text: string) {
      await sleep(100);
      return text;
    },
    inputs: text,
    outputs: out,
    apiName: "nap",
    concurrencyLimit: sleepLimit,
  });
  go.click({
    fn: function* count(text: string) {
      for (let i = 0; i < 1000; i++) yield `${text}${i}`;
    },
    inputs: text,
    outputs: out,
    apiName: "count",
    concurrencyLimit: null,
  });
  go.click({
    fn: async function hold(text: string) {
      await sleep(600_000);
      return text;
    },
    inputs: text,
    outputs: out,
    apiName: "hold",
    concurrencyLimit: 1,
  });
  // A layout per session: `rows` rows of a textbox and a button with its own event.
  const rows = new gr.Number({ value: 0, label: "Rows" });
  gr.render({ inputs: [rows], concurrencyLimit: null }, (n: number) => {
    for (let i = 0; i < n; i++) {
      gr.Row(() => {
        const box = new gr.Textbox({ value: `row ${i}`, key: `row-${i}` });
        new gr.Button("Upper").click({ fn: (value: string) => value.toUpperCase(), inputs: box, outputs: box });
      });
    }
  });
});

// The waiting-clients benchmark holds 10,000 callers in line, more than the default bound of the queue,
// each with its own open stream, from a few loopback addresses: far over the default of 100 streams per client.
demo.queue({ maxSize: 20_000 });
await demo.launch({
  serverPort: Number(process.env.BENCH_PORT),
  logLevel: "silent",
  quiet: true,
  limits: { maxStreamsPerClient: 20_000 },
});
console.log("ready");
