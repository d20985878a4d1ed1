// An app that uses none of the optional subsystems loads none of them: a hello Interface, launched and
// asked for its /config, in its own process, with every package it loads recorded.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Packages that only an app using them may load: Redis, OIDC, MCP, image and audio decoding. */
const OPTIONAL = [
  "ioredis",
  "openid-client",
  "jose",
  "@modelcontextprotocol/sdk",
  "zod",
  "sharp",
  "mpg123-decoder",
  "@wasm-audio-decoders/flac",
  "@wasm-audio-decoders/ogg-vorbis",
];

// ESM packages are seen as they resolve (module hooks run on their own thread and print there);
// CommonJS ones are in require.cache at the end.
const HOOKS = `export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  const found = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(resolved.url);
  if (found) process.stderr.write("LOADED " + found[1] + "\\n");
  return resolved;
}
`;
const REGISTER = `import { register } from "node:module";
register(new URL("./hooks.mjs", import.meta.url));
`;
const APP = `import { createRequire } from "node:module";
import * as gr from "gradio-ts";
const demo = new gr.Interface({ fn: (name: string) => "Hello " + name, inputs: "text", outputs: "text" });
const app = await demo.launch({ serverPort: 0, quiet: true, handleSignals: false });
await (await fetch(app.url + "/config")).json();
for (const file of Object.keys(createRequire(import.meta.url).cache)) {
  const found = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file);
  if (found) process.stderr.write("LOADED " + found[1] + "\\n");
}
await app.close();
`;

describe("optional subsystems load only when an app uses them", () => {
  let dir = "";
  // Inside the repository, so the app resolves gradio-ts as an app of its own would.
  before(async () => {
    dir = await mkdtemp(path.join(import.meta.dirname, "fixtures", "lazy-"));
    await writeFile(path.join(dir, "hooks.mjs"), HOOKS);
    await writeFile(path.join(dir, "register.mjs"), REGISTER);
    await writeFile(path.join(dir, "app.mts"), APP);
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  test("a hello app, launched and asked for /config, has loaded no Redis, OIDC, MCP, sharp or audio decoder", async () => {
    const { stderr } = await run(
      process.execPath,
      ["--conditions=source", "--import", "tsx", "--import", path.join(dir, "register.mjs"), path.join(dir, "app.mts")],
      {
        timeout: 60_000,
        env: { ...process.env, GRADIO_LOG_LEVEL: "", GRADIO_MCP_SERVER: "", GRADIO_REDIS_URL: "" },
      },
    );
    const loaded = new Set([...stderr.matchAll(/^LOADED (\S+)$/gm)].map((match) => match[1]!));
    assert.ok(loaded.has("fastify"), `the record works: fastify was loaded (${[...loaded].join(", ")})`);
    assert.deepEqual(
      OPTIONAL.filter((name) => loaded.has(name)),
      [],
    );
  });
});
