// Interface options beyond the basics: cached examples and manual flagging, through the real server.
import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Client } from "@gradio/client";
import * as gr from "gradio-ts";
import { startServer, type TestServer } from "./helpers/server.js";

describe("Interface with cacheExamples and flaggingMode", () => {
  let server: TestServer;
  let runs = 0;
  let dir = "";

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-flags-"));
    const demo = new gr.Interface({
      fn: function shout(text: string) {
        runs++;
        return text.toUpperCase();
      },
      inputs: "text",
      outputs: "text",
      examples: [["hello"], ["=cmd()"]],
      cacheExamples: true,
      flaggingMode: "manual",
      flaggingDir: dir,
    });
    server = await startServer(demo);
  });
  after(async () => server.close());

  test("the main fn keeps fn_index 0 and its name", async () => {
    const config = (await (await fetch(`${server.url}/config`)).json()) as {
      dependencies: { id: number; api_name: string | null }[];
    };
    assert.equal(config.dependencies[0]!.api_name, "shout");
  });

  test("examples are run once at start-up and served from the cache", async () => {
    const client = await Client.connect(server.url);
    const before = runs;
    const loaded = await client.predict("/load_example", [1]);
    assert.deepEqual(loaded.data, ["=cmd()", "=CMD()"]);
    assert.equal(runs, before);
  });

  test("Flag appends inputs and outputs to a CSV, with formulas neutralised", async () => {
    const client = await Client.connect(server.url);
    await client.predict("/Flag", ["=cmd()", "=CMD()"]);
    const csv = await readFile(path.join(dir, "dataset1.csv"), "utf8");
    const lines = csv.trim().split("\n");
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, /"'=cmd\(\)","'=CMD\(\)"/);
  });
});
