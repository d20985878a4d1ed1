// The app model without a server: api names, parameter names, config and API info, validation.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as gr from "gradio-ts";
import { buildApiInfo } from "../src/blocks/api-info.js";
import { defaultApiName } from "../src/blocks/blocks.js";
import { fnParameterNames, noteDefinitionSite } from "../src/blocks/fn-params.js";
import { pythonType } from "../src/blocks/python-type.js";
import { InputValidationError } from "../src/errors.js";
import { parseSize } from "../src/files/size.js";

describe("endpoint names", () => {
  test("come from the fn's name; nameless fns are /lambda, as Python lambdas", () => {
    assert.equal(
      defaultApiName(function greet() {}),
      "greet",
    );
    const holder = { fn: () => 1 };
    assert.equal(defaultApiName(holder.fn), "lambda");
    assert.equal(defaultApiName(null), "lambda");
  });
  test("duplicates get _1, _2 suffixes, as in Gradio", () => {
    const demo = new gr.Blocks({}, () => {
      const t = new gr.Textbox();
      const b = new gr.Button();
      for (let i = 0; i < 3; i++)
        b.click({
          fn: function same(x: string) {
            return x;
          },
          inputs: t,
          outputs: t,
        });
    });
    assert.deepEqual(
      demo.dependencies.map((d) => d.apiName),
      ["same", "same_1", "same_2"],
    );
  });
});

describe("parameter names", () => {
  test("read from plain, arrow, async and default-valued parameters", () => {
    assert.deepEqual(
      fnParameterNames(function f(a: number, b = 2) {
        return a + b;
      }),
      ["a", "b"],
    );
    assert.deepEqual(
      fnParameterNames(async (name: string) => name),
      ["name"],
    );
    assert.deepEqual(fnParameterNames(((x: unknown) => x) as (x: unknown) => unknown), ["x"]);
    assert.deepEqual(
      fnParameterNames(({ a }: { a: number }, [b]: number[]) => a + (b ?? 0)),
      [null, null],
    );
  });
  test("keep the digits the author wrote, as Gradio does (num2 stays num2)", () => {
    const calculator = (num1: number, operation: string, num2: number) => `${num1}${operation}${num2}`;
    const lone = (num2: number) => num2;
    for (const fn of [calculator, lone]) noteDefinitionSite(fn);
    assert.deepEqual(fnParameterNames(calculator), ["num1", "operation", "num2"]);
    assert.deepEqual(fnParameterNames(lone), ["num2"]);
  });
  test("undo the runner's rename of a parameter that shadows an outer name", () => {
    const shadowed = new gr.Textbox();
    // A TypeScript runner prints this parameter with a "2" appended, as it shadows the const above.
    const fn = (shadowed: string) => shadowed;
    noteDefinitionSite(fn);
    assert.equal(shadowed.type, "textbox");
    assert.deepEqual(fnParameterNames(fn), ["shadowed"]);
  });
});

describe("Python type hints shown in the API", () => {
  test("render schemas as Gradio does", () => {
    assert.equal(pythonType({ type: "string" }), "str");
    // gr.JSON's schema: what gradio_client prints for it.
    assert.equal(pythonType({ type: {}, description: "any valid json" }), "str | float | bool | list | dict");
    assert.equal(pythonType({ type: {} }), "Any");
    assert.equal(pythonType({ type: "array", items: { type: "string", enum: ["a", "b"] } }), "list[Literal['a', 'b']]");
    assert.equal(pythonType({ title: "FileData", type: "object" }), "filepath");
    assert.equal(pythonType({ anyOf: [{ type: "integer" }, { type: "null" }] }), "int | None");
  });
});

describe("sizes", () => {
  test("are 1024-based and accept the usual spellings", () => {
    assert.equal(parseSize("5mb"), 5 * 1024 * 1024);
    assert.equal(parseSize("2 GB"), 2 * 1024 ** 3);
    assert.equal(parseSize(gr.FileSize.KB * 3), 3072);
    assert.throws(() => parseSize("five megabytes"), /Cannot read the file size/);
  });
});

describe("component validation", () => {
  const noFiles = { files: undefined as never, rootUrl: "" };
  const rejects = (fn: () => unknown, pattern: RegExp) =>
    assert.throws(fn, (error: unknown) => error instanceof InputValidationError && pattern.test(error.message));
  test("Slider checks range and type", () => {
    const slider = new gr.Slider({ minimum: 0, maximum: 10 });
    assert.equal(slider.preprocess(3), 3);
    assert.equal(slider.preprocess("4"), 4);
    rejects(() => slider.preprocess(11), /above the maximum 10/);
    rejects(() => slider.preprocess(Number.NaN), /finite number/);
  });
  test("Dropdown, Radio and CheckboxGroup accept only their choices", () => {
    const dropdown = new gr.Dropdown({
      choices: [
        ["Red", "r"],
        ["Green", "g"],
      ],
    });
    assert.equal(dropdown.preprocess("r"), "r");
    rejects(() => dropdown.preprocess("Red"), /not one of the choices/);
    const multi = new gr.Dropdown({ choices: ["a", "b", "c"], multiselect: true, maxChoices: 2 });
    rejects(() => multi.preprocess(["a", "b", "c"]), /at most 2/);
    const radio = new gr.Radio({ choices: ["x", "y"], type: "index" });
    assert.equal(radio.preprocess("y"), 1);
    const group = new gr.CheckboxGroup({ choices: ["x", "y"] });
    assert.deepEqual(group.preprocess(["y"]), ["y"]);
    rejects(() => group.preprocess("y"), /expected a list/);
  });
  test("Number rounds to its precision and refuses non-numbers", () => {
    const number = new gr.Number({ precision: 1, minimum: 0 });
    assert.equal(number.preprocess(1.26), 1.3);
    rejects(() => number.preprocess(-1), /below the minimum 0/);
    rejects(() => number.preprocess("Infinity"), /finite number/);
  });
  test("Checkbox wants a boolean; Label turns confidences into a ranked list", () => {
    rejects(() => new gr.Checkbox().preprocess("true"), /true or false/);
    assert.deepEqual(new gr.Label({ numTopClasses: 2 }).postprocess({ cat: 0.2, dog: 0.7, cow: 0.1 }), {
      label: "dog",
      confidences: [
        { label: "dog", confidence: 0.7 },
        { label: "cat", confidence: 0.2 },
      ],
    });
    void noFiles;
  });
});

describe("Interface", () => {
  test("lays out inputs, outputs, Submit, Clear and Flag, and names the endpoint after the fn", async () => {
    const demo = new gr.Interface({
      fn: function shout(text: string) {
        return text.toUpperCase();
      },
      inputs: "text",
      outputs: "text",
      title: "Shout",
      examples: [["hi"], ["there"]],
    });
    const info = buildApiInfo(demo);
    assert.deepEqual(Object.keys(info.named_endpoints), ["/shout"]);
    const types = [...demo.blocks.values()].map((b) => b.type);
    const buttons = [...demo.blocks.values()].filter((b) => b.type === "button").map((b) => b.props().value);
    assert.deepEqual(buttons, ["Clear", "Submit", "Flag"]);
    assert.ok(types.includes("dataset"));
    const clear = demo.dependencies.find((d) => d.frontendFn === "clear");
    assert.equal(clear?.apiVisibility, "private");
  });
  test("examples must have one value per input", () => {
    assert.throws(
      () =>
        new gr.Interface({
          fn: (a: string, b: string) => a + b,
          inputs: ["text", "text"],
          outputs: "text",
          examples: [["only one"]],
        }),
      /Each example needs 2 values/,
    );
  });
  test("events outside a Blocks callback are a clear error", () => {
    const button = new gr.Button();
    assert.throws(() => button.click({ fn: () => 1 }), /must be placed in the app/);
  });
});
