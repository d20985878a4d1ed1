// Patterns rewritten for the lint rule security/detect-unsafe-regex: what each accepts and refuses. The old size
// pattern split a run of spaces between two `\s*` on either side of an optional unit: quadratic time on a long one.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { sanitizeFileName } from "../src/files/file-name.js";
import { parseSize } from "../src/files/size.js";

describe("file size settings", () => {
  const cases: [string, number][] = [
    ["5mb", 5 * 1024 ** 2],
    ["2 GB", 2 * 1024 ** 3],
    ["  7 kb  ", 7 * 1024],
    ["1.5kb", 1536],
    ["10", 10],
    ["3b", 3],
    ["1.5", 1],
    ["2TB", 2 * 1024 ** 4],
  ];
  for (const [text, bytes] of cases)
    test(`${JSON.stringify(text)} is ${bytes} bytes`, () => assert.equal(parseSize(text), bytes));
  for (const text of ["1.", ".5mb", "5 m b", "mb", "5mbs", "-1kb", "1,5mb", "5 mb x"]) {
    test(`${JSON.stringify(text)} is refused`, () => assert.throws(() => parseSize(text), /Cannot read the file size/));
  }
  test("a long run of spaces before a stray character is refused", () => {
    assert.throws(() => parseSize(`1${" ".repeat(100_000)}x`), /Cannot read the file size/);
  });
});

describe("Windows device names in file names", () => {
  const cases: [string, string][] = [
    ["con", "_con"],
    ["CON.txt", "_CON.txt"],
    ["nul.tar.gz", "_nul.tar.gz"],
    ["com1.log", "_com1.log"],
    ["lpt9", "_lpt9"],
    ["aux.", "_aux"],
    ["console.txt", "console.txt"],
    ["prnx", "prnx"],
    ["com.txt", "com.txt"],
    ["my-con.txt", "my-con.txt"],
  ];
  for (const [raw, expected] of cases)
    test(`${raw} → ${expected}`, () => assert.equal(sanitizeFileName(raw), expected));
});
