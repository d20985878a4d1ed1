// `gradio-ts app.ts` runs an app file; `--reload` restarts it when a file changes.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, describe, test } from "node:test";
import { nodeBinary } from "./helpers/node-binary.js";

const CLI = path.resolve(import.meta.dirname, "..", "src", "cli", "main.ts");
const FIXTURES = path.resolve(import.meta.dirname, "fixtures");

const appSource = (greeting: string) => `import * as gr from "gradio-ts";
await new gr.Interface({ fn: function greet(name: string) { return "${greeting} " + name; }, inputs: "text", outputs: "text" }).launch({ logLevel: "silent" });
`;

/** Resolves with each URL the process prints, in order. */
function urls(child: ChildProcess): AsyncGenerator<string> {
  const pending: string[] = [];
  let wake: (() => void) | null = null;
  let buffer = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    for (const match of buffer.matchAll(/Running on local URL:\s+(\S+)/g)) pending.push(match[1]!);
    buffer = buffer.slice(buffer.lastIndexOf("\n") + 1);
    wake?.();
  });
  return (async function* () {
    for (;;) {
      while (pending.length) yield pending.shift()!;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  })();
}

async function greet(url: string, name: string): Promise<string> {
  const post = await fetch(`${url}/gradio_api/call/greet`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ data: [name] }),
  });
  const { event_id } = (await post.json()) as { event_id: string };
  const text = await (await fetch(`${url}/gradio_api/call/greet/${event_id}`)).text();
  return JSON.parse(/event: complete\ndata: (.*)/.exec(text)![1]!)[0] as string;
}

describe("CLI", () => {
  const children: ChildProcess[] = [];
  let dir = "";
  after(async () => {
    for (const child of children) child.kill("SIGTERM");
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const run = (args: string[]) => {
    const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", CLI, ...args], {
      env: { ...process.env, GRADIO_SERVER_PORT: "0" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(child);
    return child;
  };

  test("runs the app and prints its URL; the port comes from GRADIO_SERVER_PORT", async () => {
    dir = await mkdtemp(path.join(FIXTURES, "app-"));
    const app = path.join(dir, "app.ts");
    await writeFile(app, appSource("Hello"));
    const child = run([app]);
    const { value: url } = await urls(child).next();
    assert.match(url!, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(await greet(url!, "Ada"), "Hello Ada");
    child.kill("SIGTERM");
  });

  test("--reload restarts the app when its file changes", async () => {
    const app = path.join(dir, "reloading.ts");
    await writeFile(app, appSource("Hi"));
    const child = run([app, "--reload"]);
    const printed = urls(child);
    const first = (await printed.next()).value!;
    assert.equal(await greet(first, "Bo"), "Hi Bo");
    await writeFile(app, appSource("Howdy"));
    const second = (await printed.next()).value!;
    assert.equal(await greet(second, "Bo"), "Howdy Bo");
  });

  test("without an app file it prints usage and fails", async () => {
    const child = run([]);
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    assert.equal(code, 2);
    assert.match(out, /Usage: gradio-ts <app.ts> \[--reload\]/);
  });
});

describe("CLI on a Node that strips TypeScript types itself", () => {
  const children: ChildProcess[] = [];
  let dir = "";
  after(async () => {
    for (const child of children) child.kill("SIGTERM");
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // Node 24 loads the first app itself; the second needs tsx (an enum, an extensionless import).
  const apps: [string, string, string][] = [
    ["plain.ts", appSource("Hello"), "Hello"],
    [
      "enum.ts",
      `import { greeting } from "./greeting";\n${appSource("Hi").replace('"Hi " + name', "greeting(name)")}`,
      "Ahoy",
    ],
  ];
  for (const [file, source, greeting] of apps) {
    test(`runs ${file} and it answers`, async (t) => {
      const node = await nodeBinary(24);
      if (!node) return t.skip("*** SKIPPING: no Node 24 binary here ***");
      const bin = path.resolve(import.meta.dirname, "..", "bin", "gradio-ts.js");
      if (!existsSync(path.resolve(import.meta.dirname, "..", "dist", "cli", "main.js")))
        return t.skip("*** SKIPPING: no build in dist/ (npm run build) ***");
      dir ||= await mkdtemp(path.join(FIXTURES, "native-"));
      await writeFile(
        path.join(dir, "greeting.ts"),
        'enum Word { Ahoy = "Ahoy" }\nexport const greeting = (name: string) => `${Word.Ahoy} ${name}`;\n',
      );
      await writeFile(path.join(dir, file), source);
      const child = spawn(node, [bin, path.join(dir, file)], {
        env: { ...process.env, GRADIO_SERVER_PORT: "0", NODE_OPTIONS: "" },
        stdio: ["ignore", "pipe", "inherit"],
      });
      children.push(child);
      const { value: url } = await urls(child).next();
      assert.equal(await greet(url!, "Ada"), `${greeting} Ada`);
      child.kill("SIGTERM");
    });
  }
});
