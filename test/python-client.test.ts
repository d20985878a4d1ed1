// Python's official gradio_client (PyPI) against a real gradio-ts server.
import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { pythonWithGradioClient, runPython } from "./helpers/python.js";
import { startServer, type TestServer } from "./helpers/server.js";

const python = await pythonWithGradioClient();

describe(
  "Python gradio_client against gradio-ts",
  { skip: python === null ? "Python or PyPI unavailable" : false },
  () => {
    let server: TestServer;

    before(async () => {
      const demo = new gr.Blocks({}, () => {
        const name = new gr.Textbox({ label: "Name" });
        const times = new gr.Slider({ minimum: 1, maximum: 5, step: 1, value: 1, label: "Times" });
        const out = new gr.Textbox({ label: "Greeting" });
        const go = new gr.Button("Go");
        go.click({
          fn: (name: string, times: number) => `Hello ${name}` + "!".repeat(times),
          inputs: [name, times],
          outputs: out,
          apiName: "greet",
        });

        const file = new gr.File({ label: "In" });
        const result = new gr.File({ label: "Out" });
        go.click({
          fn: async (input: string | string[]) => {
            const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-test-out-"));
            const output = path.join(dir, "reversed.txt");
            await writeFile(output, [...(await readFile(input as string, "utf8"))].reverse().join(""));
            return output;
          },
          inputs: file,
          outputs: result,
          apiName: "reverse",
        });

        const count = new gr.State(0);
        const total = new gr.Number({ label: "Total" });
        go.click({
          fn: (step: number, sum: number) => [sum + step, sum + step],
          inputs: [new gr.Number({ label: "Step" }), count],
          outputs: [count, total],
          apiName: "add",
        });

        go.click({
          fn: () => {
            throw new gr.Error("Nope: bad name");
          },
          inputs: [name],
          outputs: [out],
          apiName: "refuse",
        });
        go.click({
          fn: function* spell(word: string) {
            for (let i = 1; i <= word.length; i++) yield word.slice(0, i);
          },
          inputs: [name],
          outputs: [out],
          apiName: "spell",
        });
      });
      server = await startServer(demo);
    });

    after(async () => server?.close());

    test("predict returns the fn's result", async () => {
      const result = await runPython(
        python!,
        `
import json
from gradio_client import Client
client = Client(${JSON.stringify(server.url)}, verbose=False)
print(json.dumps([client.predict("Ada", 3, api_name="/greet"), client.predict(name="Bo", times=1, api_name="/greet")]))
`,
      );
      assert.deepEqual(result, ["Hello Ada!!!", "Hello Bo!"]);
    });

    test("a file goes up with handle_file and its result comes back as a downloaded file", async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-test-in-"));
      const input = path.join(dir, "words.txt");
      await writeFile(input, "stressed");
      const downloaded = (await runPython(
        python!,
        `
import json
from gradio_client import Client, handle_file
client = Client(${JSON.stringify(server.url)}, verbose=False)
print(json.dumps(client.predict(handle_file(${JSON.stringify(input)}), api_name="/reverse")))
`,
      )) as string;
      assert.equal(path.basename(downloaded), "reversed.txt");
      assert.equal(await readFile(downloaded, "utf8"), "desserts");
    });

    test("State persists across calls of one client and is separate for another", async () => {
      const result = await runPython(
        python!,
        `
import json
from gradio_client import Client
a = Client(${JSON.stringify(server.url)}, verbose=False)
b = Client(${JSON.stringify(server.url)}, verbose=False)
print(json.dumps([a.predict(2, api_name="/add"), a.predict(3, api_name="/add"), b.predict(10, api_name="/add")]))
`,
      );
      assert.deepEqual(result, [2, 5, 10]);
    });

    test("gr.Error arrives as an AppError carrying its message; generators stream", async () => {
      const result = await runPython(
        python!,
        `
import json
from gradio_client import Client
client = Client(${JSON.stringify(server.url)}, verbose=False)
try:
    client.predict("x", api_name="/refuse")
    message = None
except Exception as error:
    message = str(error)
job = client.submit("abc", api_name="/spell")
final = job.result()
print(json.dumps([message, final, job.outputs()]))
`,
      );
      const [message, final, outputs] = result as [string, string, string[]];
      assert.match(message, /Nope: bad name/);
      assert.equal(final, "abc");
      assert.deepEqual(outputs.slice(0, 3), ["a", "ab", "abc"]);
    });

    test("an out-of-range value is refused with a validation error naming the input", async () => {
      const message = await runPython(
        python!,
        `
import json
from gradio_client import Client
client = Client(${JSON.stringify(server.url)}, verbose=False)
try:
    client.predict("Ada", 9, api_name="/greet")
    print(json.dumps(None))
except Exception as error:
    print(json.dumps(str(error)))
`,
      );
      assert.match(String(message), /Times: 9 is above the maximum 5/);
    });
  },
);
