#!/usr/bin/env node
// The published package runs the compiled CLI; a source checkout without a build runs the TypeScript
// sources through tsx, with the "source" export condition so the app's `gradio-ts` import matches.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const compiled = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const source = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));

// eslint-disable-next-line security/detect-non-literal-fs-filename -- the package's own build output, found from this file's URL
if (existsSync(compiled)) {
  const { main } = await import(compiled);
  const code = await main(process.argv.slice(2));
  if (code !== 0) process.exit(code);
} else {
  const result = spawnSync(
    process.execPath,
    ["--conditions=source", "--import", "tsx", source, ...process.argv.slice(2)],
    { stdio: "inherit" },
  );
  process.exit(result.status ?? 1);
}
