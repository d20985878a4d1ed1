// Non-media components and the table/date parsers: preprocess, postprocess, validation, limits.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { InputValidationError } from "../src/errors.js";
import { FileNotCacheableError } from "../src/files/file-processor.js";
import { parseDateTime } from "../src/components/datetime.js";
import { processContext, type TestContext } from "./components-context.js";

let ctx: TestContext;
before(async () => (ctx = await processContext()));
after(() => ctx.close());

describe("Dataframe", () => {
  test("typed columns are converted; wrong types are named by row and column", async () => {
    const df = new gr.Dataframe({ headers: ["name", "age", "ok"], datatype: ["str", "number", "bool"] });
    assert.deepEqual(
      await df.preprocess(
        {
          headers: ["name", "age", "ok"],
          data: [
            ["a", "3", "true"],
            ["b", 4.5, false],
          ],
          metadata: null,
        },
        ctx,
      ),
      {
        headers: ["name", "age", "ok"],
        data: [
          ["a", 3, true],
          ["b", 4.5, false],
        ],
      },
    );
    await assert.rejects(
      () => df.preprocess({ headers: ["name", "age", "ok"], data: [["a", "old", true]] }, ctx),
      /row 1, column 2 should be a number/,
    );
    await assert.rejects(() => df.preprocess("a,b", ctx), InputValidationError);
  });

  test("D01: tables beyond maxRows × maxColumns are refused, CSV uploads too", async () => {
    const df = new gr.Dataframe({ maxRows: 100, maxColumns: 5 });
    await assert.rejects(
      () => df.preprocess({ headers: [], data: Array.from({ length: 101 }, () => ["x"]) }, ctx),
      /limit is 100/,
    );
    await assert.rejects(
      () => df.preprocess({ headers: [], data: [Array.from({ length: 6 }, () => 1)] }, ctx),
      /6 columns; the limit is 5/,
    );
    const ok = await ctx.upload("a,b\n1,2\n3,4\n", "t.csv");
    assert.deepEqual(await df.preprocess(ok, ctx), {
      headers: ["a", "b"],
      data: [
        ["1", "2"],
        ["3", "4"],
      ],
    });
    const big = await ctx.upload("a\n" + "1\n".repeat(500), "big.csv");
    const started = performance.now();
    await assert.rejects(() => df.preprocess(big, ctx), /more than 101 rows/);
    assert.ok(performance.now() - started < 500);
    await assert.rejects(
      () => df.preprocess({ path: "/etc/passwd", meta: { _type: "gradio.FileData" } }, ctx),
      InputValidationError,
    );
  });

  test("postprocess accepts rows, records and { headers, data }", () => {
    const df = new gr.Dataframe({ headers: ["x", "y"] });
    assert.deepEqual(df.postprocess([[1, 2]]), { headers: ["x", "y"], data: [[1, 2]], metadata: null });
    assert.deepEqual(df.postprocess([{ a: 1, b: "q" }, { a: 2 }]), {
      headers: ["a", "b"],
      data: [
        [1, "q"],
        [2, null],
      ],
      metadata: null,
    });
    assert.equal(df.apiInfo().title, "DataframeData");
  });

  test("parseCsv: quotes, TSV paste, limits, and a pathological input answered fast", () => {
    assert.deepEqual(gr.parseCsv('a,"b, c","d ""q"""\r\n1,2,3'), [
      ["a", "b, c", 'd "q"'],
      ["1", "2", "3"],
    ]);
    assert.deepEqual(gr.parseCsv("a\tb\n1\t2"), [
      ["a", "b"],
      ["1", "2"],
    ]);
    assert.throws(() => gr.parseCsv("a,b,c", { maxColumns: 2 }), /more than 2 columns/);
    assert.throws(() => gr.parseCsv('"open'), /quoted/);
    const started = performance.now();
    assert.throws(() => gr.parseCsv(",".repeat(5_000_000)), /columns/);
    assert.ok(performance.now() - started < 1000);
  });
});

describe("Chatbot", () => {
  test("messages in: text stays text even when it looks like a path (C08); files are checked", async () => {
    const chatbot = new gr.Chatbot();
    const upload = await ctx.upload("hello", "note.txt");
    const value = await chatbot.preprocess(
      [
        { role: "user", content: "/etc/passwd" },
        { role: "user", content: { file: upload, alt_text: "a note" } },
        {
          role: "assistant",
          content: [
            { type: "text", text: "part 1" },
            { type: "file", file: upload },
          ],
          metadata: { title: "thinking", status: "done" },
        },
      ],
      ctx,
    );
    assert.deepEqual(value![0], { role: "user", content: "/etc/passwd", metadata: null, options: null });
    assert.deepEqual(value![1]!.content, { path: upload.path, alt_text: "a note" });
    assert.equal(value!.length, 4);
    assert.deepEqual(value![2]!.metadata, { title: "thinking", status: "done" });
    await assert.rejects(
      () =>
        chatbot.preprocess(
          [{ role: "user", content: { file: { path: "/etc/passwd", meta: { _type: "gradio.FileData" } } } }],
          ctx,
        ),
      InputValidationError,
    );
    await assert.rejects(() => chatbot.preprocess([{ role: "hacker", content: "x" }], ctx), /role/);
    await assert.rejects(() => chatbot.preprocess({ role: "user" }, ctx), InputValidationError);
  });

  test("messages out: strings are never read; { path } goes through the file rules", async () => {
    const chatbot = new gr.Chatbot();
    const out = await chatbot.postprocess([{ role: "assistant", content: "/etc/passwd" }, ["hi", "hello"]], ctx);
    const text = (t: string) => [{ type: "text", text: t }];
    assert.deepEqual(out, [
      { role: "assistant", content: text("/etc/passwd"), metadata: null, options: null },
      { role: "user", content: text("hi"), metadata: null, options: null },
      { role: "assistant", content: text("hello"), metadata: null, options: null },
    ]);
    await assert.rejects(
      () => chatbot.postprocess([{ role: "assistant", content: { path: "/etc/passwd" } }], ctx),
      FileNotCacheableError,
    );
    const upload = await ctx.upload("x", "x.png");
    const [file] = await chatbot.postprocess(
      [{ role: "assistant", content: { path: upload.path, alt_text: "pic" } }],
      ctx,
    );
    const [part] = file!.content;
    assert.equal(part!.type, "file");
    assert.equal((part as { alt_text: string }).alt_text, "pic");
    assert.equal((part as { file: gr.FileData }).file.mime_type, "image/png");
  });
});

describe("MultimodalTextbox", () => {
  test("{ text, files } in and out", async () => {
    const box = new gr.MultimodalTextbox();
    const upload = await ctx.upload("x", "a.txt");
    assert.deepEqual(await box.preprocess({ text: "hi", files: [upload] }, ctx), { text: "hi", files: [upload.path] });
    await assert.rejects(() => box.preprocess({ text: "hi", files: ["/etc/passwd"] }, ctx), InputValidationError);
    assert.deepEqual(await box.postprocess("/etc/passwd", ctx), { text: "/etc/passwd", files: [] });
  });
});

describe("HighlightedText, Plot, Code, ColorPicker", () => {
  test("HighlightedText: pairs and entities → tokens; tokens and pairs accepted", () => {
    const ht = new gr.HighlightedText({ combineAdjacent: true });
    assert.deepEqual(
      ht.postprocess([
        ["The ", null],
        ["big", "adj"],
        ["cat", "adj"],
      ]),
      [
        { token: "The ", class_or_confidence: null },
        { token: "bigcat", class_or_confidence: "adj" },
      ],
    );
    assert.deepEqual(
      new gr.HighlightedText().postprocess({ text: "Hi Ann", entities: [{ entity: "PER", start: 3, end: 6 }] }),
      [
        { token: "Hi ", class_or_confidence: null },
        { token: "Ann", class_or_confidence: "PER" },
        { token: "", class_or_confidence: null },
      ],
    );
    assert.deepEqual(ht.preprocess([{ token: "a", class_or_confidence: 0.5 }, ["b", "x"]]), [
      ["a", 0.5],
      ["b", "x"],
    ]);
    assert.throws(() => ht.preprocess([{ token: 5 }]), InputValidationError);
  });

  test("Plot: the figure is validated; LinePlot sends Gradio's PlotData", () => {
    const plot = new gr.LinePlot({ x: "t", y: "v", color: "s", title: "T" });
    const data = plot.postprocess([{ t: 1, v: 2, s: "a" }]);
    assert.deepEqual(data, {
      columns: ["t", "v", "s"],
      data: [[1, 2, "a"]],
      datatypes: { t: "quantitative", v: "quantitative", s: "nominal" },
      mark: "line",
    });
    assert.deepEqual(
      new gr.BarPlot({ x: "a", y: "b" }).postprocess({ headers: ["a", "b"], data: [["x", 1]] })!.data[0],
      ["x", 1],
    );
    assert.throws(
      () => plot.preprocess({ columns: ["a"], data: [[1]], datatypes: { a: "weird" }, mark: "line" }),
      InputValidationError,
    );
    assert.throws(() => new gr.Plot().preprocess({ type: "pie", plot: "{}" }), /plotly/);
    assert.throws(() => new gr.Plot().preprocess({ type: "plotly", plot: "{oops" }), InputValidationError);
  });

  test("Code and ColorPicker", () => {
    assert.equal(new gr.Code({ language: "python" }).preprocess("x = 1"), "x = 1");
    assert.throws(() => new gr.Code({ maxLength: 3 }).preprocess("abcd"), /limit is 3/);
    assert.equal(new gr.ColorPicker().preprocess("#FFaa00"), "#ffaa00");
    for (const bad of ["red", "#12345", "#zzzzzz", 5, "#" + "0".repeat(100)])
      assert.throws(() => new gr.ColorPicker().preprocess(bad), InputValidationError);
  });
});

describe("DateTime, Timer, BrowserState", () => {
  test("DateTime parses without regex, by type", () => {
    assert.equal(new gr.DateTime().preprocess("2024-01-31 12:00:00"), Date.UTC(2024, 0, 31, 12) / 1000);
    assert.equal(new gr.DateTime({ type: "string", includeTime: false }).preprocess("2024-01-31"), "2024-01-31");
    assert.ok(new gr.DateTime({ type: "date" }).preprocess("2024-02-29T01:02:03.5Z") instanceof Date);
    assert.equal(parseDateTime("now - 2h", 10_000_000), 10_000_000 - 7_200_000);
    assert.equal(new gr.DateTime().postprocess(0), "1970-01-01 00:00:00");
    for (const bad of ["2024-02-30", "2024-13-01", "2024-01-01 25:00", "yesterday", "now * 2", 12])
      assert.throws(() => new gr.DateTime().preprocess(bad), InputValidationError);
  });

  test("D02: a 100 kB pathological date is refused in milliseconds", () => {
    const started = performance.now();
    assert.throws(() => new gr.DateTime().preprocess("2024-01-01 " + "1".repeat(100_000)), /at most 64/);
    assert.throws(() => new gr.DateTime().preprocess("now" + " - 1h".repeat(20_000)), /at most 64/);
    assert.ok(performance.now() - started < 50);
  });

  test("Timer and BrowserState", () => {
    assert.equal(new gr.Timer(2).preprocess(0.5), 0.5);
    assert.throws(() => new gr.Timer().preprocess(-1), InputValidationError);
    const state = new gr.BrowserState({ n: 1 }, { storageKey: "k" });
    assert.deepEqual(state.preprocess(null), { n: 1 });
    assert.deepEqual(state.postprocess({ n: 2 }), { n: 2 });
  });
});
