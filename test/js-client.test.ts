// The official @gradio/client (npm) against a real gradio-ts server: the calls Gradio users make.
import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Client, handle_file } from "@gradio/client";
import * as gr from "gradio-ts";
import { startServer, type TestServer } from "./helpers/server.js";

describe("@gradio/client against gradio-ts", () => {
  let server: TestServer;
  let running = 0;
  let peak = 0;

  before(async () => {
    const demo = new gr.Blocks({ title: "client test" }, () => {
      const name = new gr.Textbox({ label: "Name" });
      const times = new gr.Slider({ minimum: 1, maximum: 5, step: 1, value: 1, label: "Times" });
      const greeting = new gr.Textbox({ label: "Greeting" });
      const go = new gr.Button("Greet");
      go.click({
        fn: function greet(name: string, times: number) {
          return `Hello ${name}` + "!".repeat(times);
        },
        inputs: [name, times],
        outputs: greeting,
        apiName: "greet",
      });

      const counted = new gr.Textbox({ label: "Counted" });
      go.click({
        fn: async function* count(name: string) {
          for (let i = 1; i <= 4; i++) yield `${name} ${i}`;
        },
        inputs: name,
        outputs: counted,
        apiName: "count",
      });

      go.click({
        fn: function refuse(): string {
          throw new gr.Error("Names starting with Z are not allowed");
        },
        inputs: [name],
        outputs: [counted],
        apiName: "refuse",
      });
      go.click({
        fn: function crash(): string {
          throw new TypeError("secret internal detail at /srv/app/model.ts");
        },
        inputs: [name],
        outputs: [counted],
        apiName: "crash",
      });

      const upload = new gr.File({ label: "Upload" });
      const result = new gr.File({ label: "Result" });
      go.click({
        fn: async function shout(file: string | string[]) {
          const text = await readFile(file as string, "utf8");
          const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-test-out-"));
          const out = path.join(dir, "shout.txt");
          await writeFile(out, text.toUpperCase());
          return out;
        },
        inputs: upload,
        outputs: result,
        apiName: "shout",
      });

      const slow = new gr.Textbox({ label: "Slow" });
      go.click({
        fn: async function slowly(name: string) {
          running++;
          peak = Math.max(peak, running);
          await sleep(150);
          running--;
          return name;
        },
        inputs: name,
        outputs: slow,
        apiName: "slowly",
        concurrencyLimit: 2,
      });
    });
    server = await startServer(demo);
  });

  after(async () => server.close());

  test("view_api lists every endpoint with its parameter names and types", async () => {
    const client = await Client.connect(server.url);
    const api = (await client.view_api()) as {
      named_endpoints: Record<
        string,
        { parameters: { parameter_name: string; type: { type: string }; python_type: { type: string } }[] }
      >;
    };
    assert.deepEqual(Object.keys(api.named_endpoints).sort(), [
      "/count",
      "/crash",
      "/greet",
      "/refuse",
      "/shout",
      "/slowly",
    ]);
    const greet = api.named_endpoints["/greet"]!;
    assert.deepEqual(
      greet.parameters.map((p) => p.parameter_name),
      ["name", "times"],
    );
    assert.deepEqual(
      greet.parameters.map((p) => p.python_type.type),
      ["str", "float"],
    );
  });

  test("predict returns the fn's result, by position and by keyword", async () => {
    const client = await Client.connect(server.url);
    assert.deepEqual((await client.predict("/greet", ["Ada", 3])).data, ["Hello Ada!!!"]);
    assert.deepEqual((await client.predict("/greet", { name: "Grace", times: 1 })).data, ["Hello Grace!"]);
  });

  test("submit on a generator yields every intermediate value in order", async () => {
    const client = await Client.connect(server.url);
    const values: unknown[] = [];
    for await (const message of client.submit("/count", ["n"])) {
      if (message.type === "data") values.push((message.data as unknown[])[0]);
      if (message.type === "status" && message.stage === "complete") break;
    }
    assert.deepEqual(values, ["n 1", "n 2", "n 3", "n 4", "n 4"]);
  });

  test("gr.Error reaches the caller with its message; other errors stay generic", async () => {
    const client = await Client.connect(server.url);
    await assert.rejects(
      client.predict("/refuse", ["Zed"]),
      (error: Error) => error.message === "Names starting with Z are not allowed",
    );
    await assert.rejects(
      client.predict("/crash", ["x"]),
      (error: Error) => !error.message.includes("secret") && !error.message.includes("/srv"),
    );
  });

  test("a file goes in with handle_file and comes back as a downloadable URL", async () => {
    const client = await Client.connect(server.url);
    const result = await client.predict("/shout", [handle_file(Buffer.from("quiet words"))]);
    const file = (result.data as { url: string; orig_name: string }[])[0]!;
    assert.equal(file.orig_name, "shout.txt");
    const download = await fetch(file.url);
    assert.equal(download.status, 200);
    assert.equal(await download.text(), "QUIET WORDS");
  });

  test("concurrent calls respect the event's concurrency limit", async () => {
    const client = await Client.connect(server.url);
    peak = 0;
    const results = await Promise.all(["a", "b", "c", "d", "e"].map((n) => client.predict("/slowly", [n])));
    assert.deepEqual(
      results.map((r: { data: unknown }) => (r.data as string[])[0]),
      ["a", "b", "c", "d", "e"],
    );
    assert.equal(peak, 2);
  });
});
