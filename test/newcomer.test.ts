// The path a new user takes: a fresh `npm init -y` project (CommonJS, npm's default) and an ESM one,
// the packed package installed from its tarball, the README's app as .ts, .mts and .js, started with
// `npx gradio-ts` and `npx tsx`, and called with the official JS client.
import assert from "node:assert/strict";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { Client } from "@gradio/client";

const run = promisify(execFile);
const REPO = path.resolve(import.meta.dirname, "..");

const APP_TS = `import * as gr from "gradio-ts";

const demo = new gr.Interface({
  fn: (name: string, times: number) => \`Hello \${name}\` + "!".repeat(times),
  inputs: ["text", new gr.Slider({ minimum: 1, maximum: 5, step: 1, value: 1 })],
  outputs: "text",
});
demo.launch();
`;
const APP_JS = APP_TS.replace("name: string, times: number", "name, times");

/** Starts a command in a project and resolves with the URL the app prints. */
function startApp(cwd: string, args: string[], children: ChildProcess[]): Promise<string> {
  const child = spawn("npx", ["--no-install", ...args], {
    cwd,
    env: { ...process.env, GRADIO_SERVER_PORT: "0", NODE_OPTIONS: "" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Running on local URL:\s+(\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}:\n${output}`)));
  });
}

/** npx starts node under it: end the whole group. */
function stop(child: ChildProcess): void {
  if (child.exitCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
}

describe("a new user's project, from the packed package", { timeout: 600_000 }, () => {
  let work = "";
  let tarball = "";
  const children: ChildProcess[] = [];

  before(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-newcomer-"));
    // The build is already there (npm install ran it): pack what a publish would ship.
    const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], { cwd: REPO, maxBuffer: 64 * 1024 * 1024 });
    tarball = path.join(work, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
  });
  after(async () => {
    children.forEach(stop);
    if (work) await rm(work, { recursive: true, force: true });
  });

  for (const kind of ["commonjs", "module"] as const) {
    describe(`an npm init -y project (${kind})`, () => {
      let project = "";
      before(async () => {
        project = path.join(work, kind);
        await run("mkdir", ["-p", project]);
        await run("npm", ["init", "-y"], { cwd: project });
        if (kind === "module") {
          const manifest = JSON.parse(await readFile(path.join(project, "package.json"), "utf8")) as Record<string, unknown>;
          await writeFile(path.join(project, "package.json"), JSON.stringify({ ...manifest, type: "module" }, null, 2));
        }
        await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], { cwd: project, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
        await writeFile(path.join(project, "app.ts"), APP_TS);
        await writeFile(path.join(project, "app.mts"), APP_TS);
        await writeFile(path.join(project, "app.js"), APP_JS);
      });

      const runs: [string, string[]][] = [
        ["npx gradio-ts app.ts", ["gradio-ts", "app.ts"]],
        ["npx gradio-ts app.mts", ["gradio-ts", "app.mts"]],
        ["npx gradio-ts app.js", ["gradio-ts", "app.js"]],
        ["npx tsx app.ts", ["tsx", "app.ts"]],
      ];
      for (const [name, args] of runs) {
        test(`${name} starts and answers @gradio/client`, async () => {
          const url = await startApp(project, args, children);
          try {
            const client = await Client.connect(url);
            const result = await client.predict("/predict", { name: "Ada", times: 3 });
            assert.deepEqual(result.data, ["Hello Ada!!!"]);
          } finally {
            stop(children.at(-1)!);
          }
        });
      }
    });
  }
});
