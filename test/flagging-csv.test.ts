// Flagging: a real server, the official client clicks Flag, and the CSV is read back from disk.
import assert from "node:assert/strict";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Client, handle_file } from "@gradio/client";
import * as gr from "gradio-ts";
import { csvCell } from "../src/flagging/csv-logger.js";
import { startServer, type TestServer } from "./helpers/server.js";

describe("flagging to CSV", () => {
  let server: TestServer;
  let dir: string;
  let logger: gr.CSVLogger;
  let flagId: number;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-flagged-"));
    const demo = new gr.Interface({
      fn: function describe(text: string, file: string | string[] | null) {
        return `${text} (${file ? "with file" : "no file"})`;
      },
      inputs: [new gr.Textbox({ label: "text" }), new gr.File({ label: "attachment" })],
      outputs: new gr.Textbox({ label: "result" }),
      flaggingMode: "never",
    });
    logger = gr.addFlagging(demo, { dir, flaggingOptions: ["wrong"] });
    server = await startServer(demo);
    const config = (await (await fetch(`${server.url}/config`)).json()) as {
      dependencies: { id: number; api_name: string }[];
    };
    flagId = config.dependencies.find((d) => d.api_name === "flag")!.id;
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("a flag is on disk when the click is acknowledged: values, a copied file, the reason; formulas escaped (X01)", async () => {
    const client = await Client.connect(server.url);
    await client.predict(flagId, [
      '=HYPERLINK("http://evil")',
      handle_file(Buffer.from("attached bytes")),
      "+1 result",
    ]);
    await client.predict(flagId, ['plain, with "quotes"\nand a newline', null, "@SUM(A1)"]);
    const text = await readFile(logger.csvPath, "utf8");
    const rows = gr.parseCsv(text);
    assert.deepEqual(rows[0], ["text", "attachment", "result", "flag", "username", "timestamp"]);
    assert.equal(rows.length, 3);
    assert.equal(rows[1]![0], '\'=HYPERLINK("http://evil")');
    assert.equal(rows[1]![2], "'+1 result");
    assert.equal(rows[1]![3], "wrong");
    assert.match(rows[1]![1]!, /^attachment\/[0-9a-f-]+\/blob$/);
    assert.equal(await readFile(path.join(dir, rows[1]![1]!), "utf8"), "attached bytes");
    assert.equal(rows[2]![0], 'plain, with "quotes"\nand a newline');
    assert.equal(rows[2]![1], "");
    assert.equal(rows[2]![2], "'@SUM(A1)");
  });

  test("C14: a FileData naming /etc/passwd or /dev/urandom is refused and nothing is copied", async () => {
    const before = await readFile(logger.csvPath, "utf8");
    const entriesBefore = await readdir(path.join(dir, "attachment"));
    const client = await Client.connect(server.url);
    for (const target of ["/etc/passwd", "/dev/urandom"]) {
      await assert.rejects(client.predict(flagId, ["x", { path: target, meta: { _type: "gradio.FileData" } }, "y"]));
    }
    assert.equal(await readFile(logger.csvPath, "utf8"), before);
    assert.deepEqual(await readdir(path.join(dir, "attachment")), entriesBefore);
  });

  test("cells starting with = + - @ tab or CR are neutralised; others are only quoted", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) assert.equal(csvCell(`${start}x`), `"'${start}x"`);
    assert.equal(csvCell('a"b'), '"a""b"');
    assert.equal(csvCell("x=1"), '"x=1"');
  });

  test("concurrent flags are all written, each on its own line", async () => {
    const direct = new gr.CSVLogger({ dir: path.join(dir, "direct") }).setup([new gr.Textbox({ label: "t" })]);
    const counts = await Promise.all(Array.from({ length: 20 }, (_, i) => direct.flag([`row ${i}`])));
    assert.deepEqual(
      [...counts].sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    const rows = gr.parseCsv(await readFile(direct.csvPath, "utf8"));
    assert.equal(rows.length, 21);
  });
});
