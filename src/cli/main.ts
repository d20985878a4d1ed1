/**
 * `gradio-ts app.ts [--reload]`: runs a TypeScript (or JavaScript) app file. With `--reload`, the app
 * runs in a child process that restarts whenever a file under the app's folder changes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, watch } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launchCount, setCliAppModule } from "../workers/app-module.js";

const USAGE = `Usage: gradio-ts <app.ts> [--reload]
       gradio-ts token create --role ROLE [--name NAME] | token list | token revoke ID

Runs the app file, which builds a gr.Interface or gr.Blocks and calls launch().
  --reload   restart the app whenever a file in its folder changes
Environment: GRADIO_SERVER_NAME (default 127.0.0.1), GRADIO_SERVER_PORT (default 7860).`;

const IGNORED = /(^|[\\/])(node_modules|\.git|dist)([\\/]|$)/;

/**
 * Node strips TypeScript types itself (22.18 and later): the app then loads with no compiler, no
 * module hooks and no esbuild process. tsx stays for what Node cannot load alone: an older Node,
 * `.tsx`, TypeScript-only syntax (enums, parameter properties), extensionless relative imports, a
 * tsconfig `paths` alias, and import syntax in a file Node reads as CommonJS (npm init's default).
 */
async function runApp(appFile: string): Promise<void> {
  const url = pathToFileURL(appFile).href;
  if (loadsNatively(appFile)) {
    // Worker threads import this same file to build the app again (see src/workers/pool.ts).
    setCliAppModule(appFile, { tsx: false });
    try {
      await import(url);
      return;
    } catch (error) {
      // A static import graph fails while linking, before any of the app's code runs (so before any
      // launch()): loading it again through tsx then runs it once.
      if (!needsCompiler(error) || launchCount() > 0) throw error;
    }
  }
  setCliAppModule(appFile, { tsx: true });
  await registerTsx();
  await import(url);
}

async function registerTsx(): Promise<void> {
  // Both of tsx's hooks: in a CommonJS project (npm init's default) an app.ts with import syntax is
  // loaded through require(), which the ESM hooks alone leave to Node and its require(esm) cycle error.
  const [esm, cjs] = await Promise.all([import("tsx/esm/api"), import("tsx/cjs/api")]);
  cjs.register();
  esm.register();
}

const NATIVE_ESM = new Set([".mjs", ".mts"]);
const MODULE_SCOPED = new Set([".js", ".ts"]);

/** Whether Node alone reads the file as an ES module it can run: `.mjs`, `.mts`, or `.js`/`.ts` under `"type": "module"`. */
function loadsNatively(file: string): boolean {
  const extension = path.extname(file);
  const typescript = extension.endsWith("ts");
  if (typescript && !(process.features as { typescript?: string | false }).typescript) return false;
  if (NATIVE_ESM.has(extension)) return true;
  return MODULE_SCOPED.has(extension) && packageType(path.dirname(file)) === "module";
}

/** The `type` of the package.json nearest above a folder ("commonjs" when none says). */
function packageType(folder: string): string {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- a package.json above the app file the developer named
    if (existsSync(manifest)) {
      try {
        // eslint-disable-next-line security/detect-non-literal-fs-filename -- as above
        const { type } = JSON.parse(readFileSync(manifest, "utf8")) as { type?: unknown };
        return type === "module" ? "module" : "commonjs";
      } catch {
        return "commonjs";
      }
    }
    if (path.dirname(dir) === dir) return "commonjs";
  }
}

/** Load failures that tsx can get past: syntax Node does not strip, and imports only tsx resolves. */
const COMPILER_ERRORS = new Set([
  "ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX",
  "ERR_INVALID_TYPESCRIPT_SYNTAX",
  "ERR_UNKNOWN_FILE_EXTENSION",
  "ERR_MODULE_NOT_FOUND",
  "ERR_UNSUPPORTED_DIR_IMPORT",
]);

function needsCompiler(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && COMPILER_ERRORS.has(code);
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
