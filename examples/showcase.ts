// A tour of gradio-ts in one app: every core component, streaming, progress, toasts, files and State.
// Runs offline: `npm start` serves it on http://127.0.0.1:7860.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import * as gr from "gradio-ts";

const demo = new gr.Blocks({ title: "gradio-ts showcase" }, () => {
  new gr.Markdown(
    "# gradio-ts showcase\nEach tab is a small app. Open **Use via API** at the bottom to call them from code.",
  );

  gr.Tabs(() => {
    gr.Tab("Greeter", () => {
      gr.Row(() => {
        gr.Column(() => {
          const name = new gr.Textbox({ label: "Name", placeholder: "Ada", info: "Who should we greet?" });
          const times = new gr.Slider({ label: "Enthusiasm", minimum: 1, maximum: 5, step: 1, value: 1 });
          const polite = new gr.Checkbox({ label: "Polite", value: true });
          const go = new gr.Button({ value: "Greet", variant: "primary" });
          const greeting = new gr.Textbox({ label: "Greeting" });
          go.click({
            fn: function greet(name: string, times: number, polite: boolean) {
              if (!name.trim()) throw new gr.Error("Please enter a name.");
              return `${polite ? "Good day" : "Hey"}, ${name}${"!".repeat(times)}`;
            },
            inputs: [name, times, polite],
            outputs: greeting,
            apiName: "greet",
          });
        });
      });
    });

    gr.Tab("Streaming", () => {
      const prompt = new gr.Textbox({ label: "Text to type out", value: "Streaming makes long answers feel fast." });
      const go = new gr.Button({ value: "Type it", variant: "primary" });
      const typed = new gr.Textbox({ label: "Typed", lines: 3 });
      go.click({
        fn: async function* typewriter(text: string) {
          for (let i = 1; i <= text.length; i++) {
            await sleep(30);
            yield text.slice(0, i);
          }
        },
        inputs: prompt,
        outputs: typed,
        apiName: "typewriter",
      });
    });

    gr.Tab("Progress", () => {
      const steps = new gr.Number({ label: "Steps", value: 10, minimum: 1, maximum: 50, precision: 0 });
      const go = new gr.Button({ value: "Work", variant: "primary" });
      const report = new gr.Label({ label: "Result" });
      go.click({
        fn: async function work(steps: number, { progress }: gr.EventContext) {
          gr.Info("Started working");
          for (const step of progress.tqdm(
            Array.from({ length: steps }, (_, i) => i),
            { desc: "Working" },
          ))
            await sleep(100 + step);
          gr.Warning("That was a lot of work");
          return { done: 0.9, "half done": 0.1 };
        },
        inputs: steps,
        outputs: report,
        apiName: "work",
      });
    });

    gr.Tab("Choices", () => {
      const fruit = new gr.Dropdown({ label: "Fruit", choices: ["apple", "banana", "cherry"], value: "banana" });
      const extras = new gr.CheckboxGroup({ label: "Extras", choices: ["cream", "honey", "nuts"] });
      const size = new gr.Radio({
        label: "Size",
        choices: [
          ["Small", "s"],
          ["Large", "l"],
        ],
        value: "s",
      });
      const order = new gr.JSON({ label: "Order" });
      gr.on(
        [
          [fruit, "change"],
          [extras, "change"],
          [size, "change"],
        ],
        {
          fn: function order_summary(fruit: unknown, extras: unknown, size: unknown) {
            return { fruit, extras, size };
          },
          inputs: [fruit, extras, size],
          outputs: order,
          apiName: "order",
        },
      );
    });

    gr.Tab("Files", () => {
      const upload = new gr.File({ label: "A text file" });
      const go = new gr.Button({ value: "Shout it", variant: "primary" });
      const result = new gr.File({ label: "Upper-cased" });
      go.click({
        fn: async function shout(file: string | string[]) {
          const text = await readFile(file as string, "utf8");
          const dir = await mkdtemp(path.join(os.tmpdir(), "showcase-"));
          const out = path.join(dir, "shouted.txt");
          await writeFile(out, text.toUpperCase());
          return out;
        },
        inputs: upload,
        outputs: result,
        apiName: "shout",
      });
    });

    gr.Tab("Counter", () => {
      const count = new gr.State(0);
      const shown = new gr.Number({ label: "Clicks in this tab", value: 0, interactive: false });
      const add = new gr.Button("Add one");
      add.click({
        fn: function add_one(n: number) {
          return [n + 1, n + 1];
        },
        inputs: count,
        outputs: [count, shown],
        apiName: "add_one",
      });
    });
  });
});

await demo.launch();
