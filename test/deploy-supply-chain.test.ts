// Supply chain: the lockfile, the scripts CI runs (lint, audit of production dependencies, SBOM), and
// how the audit script decides, checked against canned `npm audit` answers from a stand-in npm.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

const root = process.cwd();

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      { cwd: root, env: { ...process.env, ...env }, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

describe("supply chain", () => {
  test("a lockfile pins every dependency, and package.json has the lint, audit:prod and sbom scripts", async () => {
    const pkg = JSON.parse(await readFile(path.join(root, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
    };
    const lock = JSON.parse(await readFile(path.join(root, "package-lock.json"), "utf8")) as {
      lockfileVersion: number;
      packages: Record<string, { version?: string; integrity?: string }>;
    };
    assert.ok(lock.lockfileVersion >= 2);
    for (const name of Object.keys(pkg.dependencies)) {
      const entry = lock.packages[`node_modules/${name}`];
      assert.ok(entry?.version && entry.integrity, `${name} is locked with an integrity hash`);
    }
    assert.equal(pkg.scripts.lint, "eslint . --max-warnings 0");
    assert.match(pkg.scripts["audit:prod"]!, /scripts\/audit-prod\.mjs/);
    assert.match(pkg.scripts.sbom!, /cyclonedx-npm .*--omit dev.*--output-file sbom\.json/);
    const ci = await readFile(path.join(root, ".ci", "run"), "utf8");
    for (const step of ["npm run lint", "npm run audit:prod", "npm run sbom"])
      assert.ok(
        ci.indexOf(step) >= 0 && ci.indexOf(step) < ci.indexOf("npm test"),
        `.ci/run runs ${step} before the tests`,
      );
  });

  test(
    "the SBOM is CycloneDX JSON listing the production dependencies and not the dev ones",
    { timeout: 120_000 },
    async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-sbom-"));
      try {
        const out = path.join(dir, "sbom.json");
        const result = await run(process.execPath, [
          path.join(root, "node_modules", "@cyclonedx", "cyclonedx-npm", "bin", "cyclonedx-npm-cli.js"),
          "--omit",
          "dev",
          "--output-format",
          "JSON",
          "--output-file",
          out,
        ]);
        assert.equal(result.code, 0, result.stderr);
        const sbom = JSON.parse(await readFile(out, "utf8")) as {
          bomFormat: string;
          specVersion: string;
          metadata: { component: { name: string } };
          components: { name: string; purl?: string }[];
        };
        assert.equal(sbom.bomFormat, "CycloneDX");
        assert.equal(sbom.metadata.component.name, "gradio-ts");
        const names = new Set(sbom.components.map((c) => c.name));
        for (const name of ["fastify", "prom-client", "tsx"]) assert.ok(names.has(name), name);
        for (const name of ["eslint", "typescript", "vite"])
          assert.ok(!names.has(name), `dev dependency ${name} is left out`);
        assert.ok(sbom.components.every((c) => c.purl?.startsWith("pkg:npm/")));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  describe("scripts/audit-prod.mjs", () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-audit-"));
      // A stand-in `npm` that prints the canned answer in $FAKE_AUDIT and exits with $FAKE_CODE.
      await writeFile(
        path.join(dir, "npm"),
        '#!/bin/sh\necho "$*" > "$FAKE_ARGS"\ncat "$FAKE_AUDIT"\nexit "$FAKE_CODE"\n',
      );
      await chmod(path.join(dir, "npm"), 0o755);
    });
    after(async () => rm(dir, { recursive: true, force: true }));

    const audit = async (answer: unknown, code: number, env: Record<string, string> = {}) => {
      const file = path.join(dir, "answer.json");
      await writeFile(file, JSON.stringify(answer));
      const result = await run(process.execPath, [path.join(root, "scripts", "audit-prod.mjs")], {
        PATH: `${dir}${path.delimiter}${process.env.PATH}`,
        FAKE_AUDIT: file,
        FAKE_CODE: String(code),
        FAKE_ARGS: path.join(dir, "args"),
        ...env,
      });
      return { ...result, args: await readFile(path.join(dir, "args"), "utf8") };
    };
    const counts = (high: number, critical: number, moderate: number) => ({
      info: 0,
      low: 0,
      moderate,
      high,
      critical,
      total: high + critical + moderate,
    });

    test("asks for production dependencies only, with audit forced on", async () => {
      const { args } = await audit({ metadata: { vulnerabilities: counts(0, 0, 0), dependencies: { prod: 70 } } }, 0);
      assert.equal(args.trim(), "audit --omit=dev --audit-level=high --audit --json");
    });

    test("passes with no high or critical vulnerability, and says so with figures", async () => {
      const result = await audit(
        { vulnerabilities: {}, metadata: { vulnerabilities: counts(0, 0, 2), dependencies: { prod: 70 } } },
        0,
      );
      assert.equal(result.code, 0);
      assert.match(result.stdout, /production dependencies: 70\): 0 critical, 0 high, 2 moderate/);
    });

    test("fails on a high severity vulnerability and names it", async () => {
      const answer = {
        vulnerabilities: {
          "bad-lib": {
            name: "bad-lib",
            severity: "high",
            range: "<1.2.3",
            via: [{ title: "Prototype pollution", url: "https://example.invalid/GHSA-x" }],
            fixAvailable: true,
          },
        },
        metadata: { vulnerabilities: counts(1, 0, 0), dependencies: { prod: 70 } },
      };
      const result = await audit(answer, 1);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /HIGH bad-lib <1\.2\.3: Prototype pollution/);
    });

    test("an unreachable audit endpoint is reported loudly, and fails only with AUDIT_STRICT=1", async () => {
      const unreachable = {
        message: "405 Method Not Allowed - POST /-/npm/v1/security/advisories/bulk",
        statusCode: 405,
      };
      const lenient = await audit(unreachable, 1);
      assert.equal(lenient.code, 0);
      assert.match(lenient.stderr, /!!!+\n! npm audit could NOT check the production dependencies/);
      assert.match(lenient.stderr, /405 Method Not Allowed/);
      assert.equal((await audit(unreachable, 1, { AUDIT_STRICT: "1" })).code, 1);
    });
  });
});
