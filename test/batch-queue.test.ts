// Batch fns (`batch: true`): waiting calls of the same fn run together as one call of the fn.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Client } from "@gradio/client";
import * as gr from "gradio-ts";
import { startServer, type TestServer } from "./helpers/server.js";

describe("batch functions", () => {
  let server: TestServer;
  const calls: string[][] = [];

  before(async () => {
    const demo = new gr.Blocks({}, () => {
      const name = new gr.Textbox({ label: "Name" });
      const out = new gr.Textbox({ label: "Greeting" });
      const size = new gr.Number({ label: "Batch size" });
      const go = new gr.Button("Go");
      go.click({
        // A batch fn takes lists, which the per-call argument types do not describe.
        fn: (async (names: string[]) => {
          calls.push([...names]);
          await new Promise((resolve) => setTimeout(resolve, 150));
          return [names.map((n) => `Hello ${n}`), names.map(() => names.length)];
        }) as never,
        inputs: name,
        outputs: [out, size],
        batch: true,
        maxBatchSize: 4,
        concurrencyLimit: 1,
        apiName: "greet",
      });
      go.click({
        fn: ((names: string[]) => {
          if (names.includes("boom")) throw new gr.Error("no booms");
          return [names.map((n) => n.toUpperCase())];
        }) as never,
        inputs: name,
        outputs: out,
        batch: true,
        maxBatchSize: 4,
        apiName: "shout",
      });
    });
    server = await startServer(demo);
  });
  after(() => server.close());

  test("8 concurrent calls with maxBatchSize 4 and limit 1 run as at most 3 calls, each caller gets its own answer", async () => {
    const names = ["a", "b", "c", "d", "e", "f", "g", "h"];
    const clients = await Promise.all(names.map(() => Client.connect(server.url)));
    const results = await Promise.all(names.map((n, i) => clients[i]!.predict("/greet", [n])));
    results.forEach((result: { data: unknown }, i: number) =>
      assert.equal((result.data as unknown[])[0], `Hello ${names[i]}`),
    );
    assert.ok(calls.length <= 3, `expected at most 3 fn calls, got ${JSON.stringify(calls)}`);
    assert.ok(
      calls.some((list) => list.length > 1),
      `expected a batch of more than one, got ${JSON.stringify(calls)}`,
    );
    assert.ok(calls.every((list) => list.length <= 4));
    assert.deepEqual(calls.flat().sort(), names);
    // Each caller is told the size of the batch it ran in.
    for (const result of results) assert.ok(calls.some((list) => list.length === (result.data as unknown[])[1]));
  });

  test("a failing batch fails every event in it with the same message", async () => {
    const client = await Client.connect(server.url);
    const single = await client.predict("/shout", ["hi"]);
    assert.deepEqual(single.data, ["HI"]);
    const outcomes = await Promise.allSettled(["x", "boom", "y"].map((n) => client.predict("/shout", [n])));
    // Whatever batched with "boom" failed with its message; the rest succeeded on their own.
    const failed = outcomes.filter((o) => o.status === "rejected");
    assert.ok(failed.length >= 1);
    for (const o of failed)
      assert.match(
        String((o as PromiseRejectedResult).reason?.message ?? JSON.stringify((o as PromiseRejectedResult).reason)),
        /no booms/,
      );
    for (const o of outcomes)
      if (o.status === "fulfilled") assert.match(String((o.value.data as unknown[])[0]), /^[XY]$/);
  });
});
