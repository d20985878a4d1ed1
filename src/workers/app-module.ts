/**
 * Which module builds the app, so a worker thread can build the same app again; and, inside a worker,
 * where `launch()` leaves the app it built instead of serving it.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Blocks } from "../blocks/blocks.js";
import type { RunningApp } from "../server/options.js";

/**
 * Set by the worker entry before it imports the app's module. Kept on globalThis (not in a module
 * variable) so it is found even when the app imports another copy of this package than the worker.
 */
const WORKER_REGISTRY = Symbol.for("gradio-ts.appWorker");

/** Inside an app worker: the apps the module launched, in launch order. */
export interface AppWorkerRegistry {
  launched: Blocks[];
}

type GlobalWithRegistry = typeof globalThis & { [WORKER_REGISTRY]?: AppWorkerRegistry };

/** Marks this thread as an app worker: from now on `launch()` only records the app it is given. */
export function enterAppWorker(): AppWorkerRegistry {
  const registry: AppWorkerRegistry = { launched: [] };
  (globalThis as GlobalWithRegistry)[WORKER_REGISTRY] = registry;
  return registry;
}

export function appWorkerRegistry(): AppWorkerRegistry | undefined {
  return (globalThis as GlobalWithRegistry)[WORKER_REGISTRY];
}

/**
 * `launch()` inside a worker: the app is recorded for the worker to find its fns in, and nothing
 * listens. What it returns only stands in for a server, so module code that awaits launch() goes on.
 */
export function recordWorkerApp(registry: AppWorkerRegistry, app: Blocks): RunningApp {
  registry.launched.push(app);
  return {
    url: "",
    port: 0,
    get fastify(): never {
      throw new Error(
        "Inside a worker thread the app is built to run its fns; it does not serve, so it has no server.",
      );
    },
    close: () => Promise.resolve(),
  };
}

/** The main thread's launches, in order: a worker importing the same module sees them in the same order. */
let launches = 0;
const launchOrdinals = new WeakMap<Blocks, number>();

/** How many apps this thread has launched: none yet means no app code has run its `launch()`. */
export function launchCount(): number {
  return launches;
}

export function noteLaunch(app: Blocks): void {
  if (!launchOrdinals.has(app)) launchOrdinals.set(app, launches++);
}

export function launchOrdinal(app: Blocks): number | null {
  return launchOrdinals.get(app) ?? null;
}

/** The app file the CLI runs (`gradio-ts app.ts`), and whether it loaded it through tsx. */
let cliAppModule: { url: string; tsx: boolean } | null = null;

export function setCliAppModule(file: string, loader: { tsx: boolean }): void {
  cliAppModule = { url: pathToFileURL(file).href, tsx: loader.tsx };
}

/** Whether this module is the CLI's app file (its workers then load it the way the CLI did). */
export function isCliAppModule(url: string): boolean {
  return cliAppModule?.url === url;
}

/** Whether the CLI loaded its app file through tsx (rather than Node's own type stripping). */
export function cliAppModuleNeedsTsx(): boolean {
  return cliAppModule?.tsx ?? false;
}

const SCRIPT = /\.(?:[cm]?[jt]s|tsx|jsx)$/;

/**
 * The module that built this process's apps when nobody said: the CLI's app file, else the main script
 * (`node app.js`, `npx tsx app.ts`). Never the main script of node's test runner: that is a test file,
 * and importing it in a worker would run its tests.
 */
export function processAppModule(underTestRunner: boolean): string | null {
  if (cliAppModule) return cliAppModule.url;
  if (underTestRunner || process.execArgv.includes("--test")) return null;
  const main = process.argv[1];
  if (!main || !SCRIPT.test(main)) return null;
  const file = path.resolve(main);
  return isFile(file) ? pathToFileURL(file).href : null;
}

/** A module file the app's own code or command line named (not a caller's input): only checked to exist. */
function isFile(file: string): boolean {
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- the app's own module path, named by its code or command line
  return existsSync(file) && statSync(file).isFile();
}

/** `appModule` as given (a path, or a file URL such as `import.meta.url`) as a file URL; null when no such file. */
export function appModuleUrl(given: string): string | null {
  const file = given.startsWith("file:") ? fileURLToPath(given) : path.resolve(given);
  return isFile(file) ? pathToFileURL(file).href : null;
}
