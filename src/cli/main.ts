/**
 * `gradio-ts app.ts [--reload]`: runs a TypeScript (or JavaScript) app file. With `--reload`, the app
 * runs in a child process that restarts whenever a file under the app's folder changes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, watch } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setCliAppModule } from "../workers/app-module.js";

const USAGE = `Usage: gradio-ts <app.ts> [--reload]
       gradio-ts token create --role ROLE [--name NAME] | token list | token revoke ID

Runs the app file, which builds a gr.Interface or gr.Blocks and calls launch().
  --reload   restart the app whenever a file in its folder changes
Environment: GRADIO_SERVER_NAME (default 127.0.0.1), GRADIO_SERVER_PORT (default 7860).`;

const IGNORED = /(^|[\\/])(node_modules|\.git|dist)([\\/]|$)/;

async function runApp(appFile: string): Promise<void> {
  // Both of tsx's hooks: in a CommonJS project (npm init's default) an app.ts with import syntax is
  // loaded through require(), which the ESM hooks alone leave to Node and its require(esm) cycle error.
  const [esm, cjs] = await Promise.all([import("tsx/esm/api"), import("tsx/cjs/api")]);
  cjs.register();
  esm.register();
  // Worker threads import this same file to build the app again (see src/workers/pool.ts).
  setCliAppModule(appFile);
  await import(pathToFileURL(appFile).href);
}

function runWithReload(appFile: string): void {
  let child: ChildProcess | null = null;
  let restartTimer: NodeJS.Timeout | null = null;
  const start = () => {
    child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), appFile], {
      stdio: "inherit",
      env: process.env,
    });
  };
  const restart = (changed: string) => {
    if (restartTimer) clearTimeout(restartTimer);
    restartTimer = setTimeout(() => {
      console.log(`* ${changed} changed; restarting`);
      const old = child;
      if (old && old.exitCode === null) {
        old.once("exit", start);
        old.kill("SIGTERM");
      } else start();
    }, 100);
  };
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- the folder of the app file the developer named on the command line
  watch(path.dirname(appFile), { recursive: true }, (_event, name) => {
    if (name && !IGNORED.test(name)) restart(name);
  });
  const stop = () => {
    child?.kill("SIGTERM");
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  start();
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === "token") {
    const { tokenMain } = await import("./token.js");
    return tokenMain(argv.slice(1));
  }
  const reload = argv.includes("--reload");
  const files = argv.filter((arg) => !arg.startsWith("-"));
  if (argv.includes("--help") || argv.includes("-h") || files.length !== 1) {
    console.log(USAGE);
    return files.length === 1 || argv.includes("--help") || argv.includes("-h") ? 0 : 2;
  }
  const appFile = path.resolve(files[0]!);
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- the app file the developer named on the command line
  if (!existsSync(appFile)) {
    console.error(`gradio-ts: no such file: ${files[0]}`);
    return 2;
  }
  if (reload) runWithReload(appFile);
  else await runApp(appFile);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== 0) process.exit(code);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
