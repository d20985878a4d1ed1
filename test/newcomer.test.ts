// The path a new user takes: a fresh `npm init -y` project (CommonJS, npm's default) and an ESM one,
// the packed package installed from its tarball, the README's app as .ts, .mts and .js, started with
// `npx gradio-ts` and `npx tsx`, and called with the official JS client; then a smoke run of the same
// on Node 24 LTS, called with both official clients.
import assert from "node:assert/strict";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { Client } from "@gradio/client";
import { nodeBinary } from "./helpers/node-binary.js";
import { pythonWithGradioClient, runPython } from "./helpers/python.js";

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

/** Starts a command in a project and resolves with the URL the app prints (and all it printed). */
function startApp(cwd: string, args: string[], children: ChildProcess[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return startAppPrinting(cwd, args, children, env).then(({ url }) => url);
}

function startAppPrinting(
  cwd: string,
  args: string[],
  children: ChildProcess[],
  env: NodeJS.ProcessEnv,
): Promise<{ url: string; printed: () => string }> {
  const child = spawn("npx", ["--no-install", ...args], {
    cwd,
    env: { ...process.env, GRADIO_SERVER_PORT: "0", NODE_OPTIONS: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Running on local URL:\s+(\S+)/.exec(output);
      if (match) resolve({ url: match[1]!, printed: () => output });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}:\n${output}`)));
  });
}

async function waitFor(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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
    const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], {
      cwd: REPO,
      maxBuffer: 64 * 1024 * 1024,
    });
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
          const manifest = JSON.parse(await readFile(path.join(project, "package.json"), "utf8")) as Record<
            string,
            unknown
          >;
          await writeFile(path.join(project, "package.json"), JSON.stringify({ ...manifest, type: "module" }, null, 2));
        }
        await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], {
          cwd: project,
          timeout: 300_000,
          maxBuffer: 64 * 1024 * 1024,
        });
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
            const result = await client.predict("/lambda", { name: "Ada", times: 3 });
            assert.deepEqual(result.data, ["Hello Ada!!!"]);
          } finally {
            stop(children.at(-1)!);
          }
        });
      }
    });
  }
  describe("a smoke run on Node 24 LTS", () => {
    let project = "";
    let node24: string | null = null;
    before(async () => {
      node24 = await nodeBinary(24);
      if (!node24) return;
      project = path.join(work, "node24");
      await run("mkdir", ["-p", project]);
      await run("npm", ["init", "-y"], { cwd: project });
      await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], {
        cwd: project,
        timeout: 300_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      await writeFile(path.join(project, "app.ts"), `${APP_TS}console.log("node " + process.version);\n`);
    });

    test("npx gradio-ts app.ts runs on Node 24 and answers both official clients", async (t) => {
      if (!node24) return t.skip("no Node 24 binary (see the warning above)");
      // Node 24 first on PATH: npx, the CLI and the app all run on it.
      const env = { PATH: `${path.dirname(node24)}${path.delimiter}${process.env.PATH ?? ""}` };
      const { url, printed } = await startAppPrinting(project, ["gradio-ts", "app.ts"], children, env);
      try {
        await waitFor(() => /node v24\./.test(printed()));
        const client = await Client.connect(url);
        assert.deepEqual((await client.predict("/lambda", { name: "Ada", times: 3 })).data, ["Hello Ada!!!"]);
        const python = await pythonWithGradioClient();
        if (!python) return t.skip("no Python gradio_client (see the warning above)");
        const script = `import json\nfrom gradio_client import Client\nprint(json.dumps(Client(${JSON.stringify(url)}, verbose=False).predict("Grace", 2, api_name="/lambda")))`;
        assert.equal(await runPython(python, script), "Hello Grace!!");
      } finally {
        stop(children.at(-1)!);
      }
    });
  });
});
