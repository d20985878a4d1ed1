// Lint and format checks that bite: `npm run lint` fails CI on any finding, warnings included; the security
// rules that matter are errors in the library; each folder gets the settings its code needs; and Prettier
// reads the repository's style and leaves the conformance demos (whose source text is fingerprinted) alone.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import * as prettier from "prettier";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const eslintBin = path.join(root, "node_modules", "eslint", "bin", "eslint.js");

/** The ESLint CLI as CI runs it, on `source` given as if it were the file `fileName` of the repository. */
function eslintCli(args: string[], source: string, fileName: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [eslintBin, ...args, "--stdin", "--stdin-filename", fileName], { cwd: root });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
    child.stdin.end(source);
  });
}

/** A node script run to its end: its exit code and output. */
function runNode(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

async function ruleIds(eslint: ESLint, source: string, fileName: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, fileName) });
  return (result?.messages ?? []).map((message) => message.ruleId ?? `fatal: ${message.message}`);
}

const WARNING_ONLY = '/* eslint no-console: "warn" */\nconsole.log("a warning, nothing else");\nexport {};\n';

const FS_WITH_COMPUTED_PATH = [
  'import { readFile } from "node:fs/promises";',
  "export const read = (file: string) => readFile(file);",
  "",
].join("\n");

describe("lint", () => {
  test("the lint script fails on a warning; without --max-warnings 0 the same file would pass", async () => {
    const pkg = JSON.parse(await readFile(path.join(root, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    assert.equal(pkg.scripts.lint, "eslint . --max-warnings 0");
    const strict = await eslintCli(["--max-warnings", "0"], WARNING_ONLY, "src/lint-probe.ts");
    assert.equal(strict.code, 1, strict.output);
    assert.match(strict.output, /1 warning/);
    assert.match(strict.output, /ESLint found too many warnings \(maximum: 0\)/);
    const lenient = await eslintCli([], WARNING_ONLY, "src/lint-probe.ts");
    assert.equal(lenient.code, 0, lenient.output);
  });

  test("CI stops at the first failing step, and lint runs before the tests", async () => {
    const ci = await readFile(path.join(root, ".ci", "run"), "utf8");
    assert.match(ci, /^set -euo pipefail$/m);
    assert.ok(ci.indexOf("npm run lint") >= 0 && ci.indexOf("npm run lint") < ci.indexOf("npm test"));
  });

  test("in the library the security rules that matter are errors, as are unused names and `any`", async () => {
    const eslint = new ESLint({ cwd: root });
    const cases: [string, string][] = [
      [FS_WITH_COMPUTED_PATH, "security/detect-non-literal-fs-filename"],
      ["export const pattern = /^(a+)+$/;\n", "security/detect-unsafe-regex"],
      ["export const pattern = (text: string) => new RegExp(text);\n", "security/detect-non-literal-regexp"],
      ["export const run = (code: string) => eval(code);\n", "security/detect-eval-with-expression"],
      [
        'import { exec } from "node:child_process";\nexport const run = (c: string) => exec(c);\n',
        "security/detect-child-process",
      ],
      ["export const load = (name: string) => require(name);\n", "security/detect-non-literal-require"],
      [
        'import crypto from "node:crypto";\nexport const b = crypto.pseudoRandomBytes(8);\n',
        "security/detect-pseudoRandomBytes",
      ],
      ["export const ok = true; // \u202e\n", "security/detect-bidi-characters"],
      ["export const f = (x: any) => x;\n", "@typescript-eslint/no-explicit-any"],
      ["const unused = 1;\nexport {};\n", "@typescript-eslint/no-unused-vars"],
      ["// eslint-disable-next-line no-console -- nothing here needs it\nexport const a = 1;\n", "unused directive"],
    ];
    for (const [source, rule] of cases) {
      const [result] = await eslint.lintText(source, { filePath: path.join(root, "src", "lint-probe.ts") });
      const found = (result?.messages ?? []).filter((m) => m.severity === 2);
      const names = found.map(
        (m) => m.ruleId ?? (m.message.includes("Unused eslint-disable") ? "unused directive" : m.message),
      );
      assert.ok(
        names.includes(rule),
        `${rule} is an error for ${JSON.stringify(source)}; got ${JSON.stringify(names)}`,
      );
    }
  });

  test("each folder gets its settings: tests may read computed paths, the browser app is TSX", async () => {
    const eslint = new ESLint({ cwd: root });
    assert.deepEqual(await ruleIds(eslint, FS_WITH_COMPUTED_PATH, "test/lint-probe.test.ts"), []);
    assert.deepEqual(await ruleIds(eslint, FS_WITH_COMPUTED_PATH, "scripts/lint-probe.mjs"), []);
    const tsx = "export const Here = () => <a href={window.location.href}>{document.title}</a>;\n";
    assert.deepEqual(await ruleIds(eslint, tsx, "frontend/src/lint-probe.tsx"), []);
    // Linted, not ignored: the folders that used to be skipped now report what they contain.
    for (const file of ["test/x.test.ts", "frontend/src/x.tsx", "examples/x.ts", "bench/x.ts", "scripts/x.mjs"]) {
      assert.equal(await eslint.isPathIgnored(path.join(root, file)), false, file);
    }
  });
});

/** Every source file ESLint checks, outside installed and built folders. */
async function lintedFiles(): Promise<string[]> {
  const folders = ["src", "test", "frontend/src", "frontend/e2e", "examples", "bench", "scripts", "bin"];
  const files: string[] = [];
  for (const folder of folders) {
    for (const name of await readdir(path.join(root, folder), { recursive: true })) {
      if (/\.(?:ts|tsx|js|mjs)$/.test(name)) files.push(path.join(folder, name));
    }
  }
  return files;
}

test("every disable comment says why the rule is wrong for that line", async () => {
  const bare: string[] = [];
  for (const file of await lintedFiles()) {
    const lines = (await readFile(path.join(root, file), "utf8")).split("\n");
    lines.forEach((line, i) => {
      if (/(?:\/\/|\/\*)\s*eslint-disable/.test(line) && !/eslint-disable[\w-]*\s+\S.* -- \S/.test(line)) {
        bare.push(`${file}:${i + 1}`);
      }
    });
  }
  assert.deepEqual(bare, [], "each `eslint-disable…` names its rule and gives a reason after ` -- `");
});

describe("format", () => {
  test("Prettier uses the repository's style, and format:check checks the whole tree", async () => {
    const pkg = JSON.parse(await readFile(path.join(root, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    assert.equal(pkg.scripts["format:check"], "prettier --check .");
    const filepath = path.join(root, "src", "format-probe.ts");
    const options = { ...(await prettier.resolveConfig(filepath)), filepath };
    assert.equal(options.printWidth, 120);
    assert.equal(await prettier.check("export const a = { b: 'c' }\n", options), false, "single quotes, no semicolon");
    assert.equal(await prettier.check('export const a = { b: "c" };\n', options), true);
    const long = `export const f = (${Array.from({ length: 12 }, (_, i) => `argument${i}: string`).join(", ")}) => 1;\n`;
    assert.equal(await prettier.check(long, options), false, "over 120 columns");
  });

  test(
    "CI fails on unformatted code: format:check runs before the tests, and the tree is formatted",
    { timeout: 120_000 },
    async () => {
      const ci = await readFile(path.join(root, ".ci", "run"), "utf8");
      assert.ok(ci.indexOf("npm run format:check") >= 0 && ci.indexOf("npm run format:check") < ci.indexOf("npm test"));
      const cli = path.join(root, "node_modules", "prettier", "bin", "prettier.cjs");
      const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-format-"));
      try {
        const probe = path.join(dir, "probe.ts");
        await writeFile(probe, "export const a = { b: 'c' }\n");
        const config = path.join(root, ".prettierrc.json");
        const unformatted = await runNode([cli, "--config", config, "--check", probe]);
        assert.notEqual(unformatted.code, 0, "an unformatted file fails the check");
        await writeFile(probe, 'export const a = { b: "c" };\n');
        assert.equal((await runNode([cli, "--config", config, "--check", probe])).code, 0);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  test("the conformance demos and generated files are left as they are", async () => {
    const ignorePath = path.join(root, ".prettierignore");
    for (const file of ["test/conformance/demo.ts", "package-lock.json", "README.md", "frontend/dist/index.html"]) {
      assert.equal((await prettier.getFileInfo(path.join(root, file), { ignorePath })).ignored, true, file);
    }
    assert.equal((await prettier.getFileInfo(path.join(root, "src/index.ts"), { ignorePath })).ignored, false);
  });
});
