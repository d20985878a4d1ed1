/**
 * What the conformance suite and its recorder share: the demos, Python's gradio_client behind a pipe,
 * the Python Gradio host of the twins, and the views of an app that are compared (component types,
 * endpoints as view_api shows them, answers, the visible result of the demo's interaction).
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { screenshotDir } from "../../frontend/e2e/harness.js";
import type { CallArg, Demo } from "./demo.js";

export const HERE = import.meta.dirname;
const MEDIA = path.join(HERE, "media");
const SHOTS = path.join(screenshotDir, "conformance");
const PYTHON_ENV = { ...process.env, GRADIO_ANALYTICS_ENABLED: "False", HF_HUB_OFFLINE: "1", NO_PROXY: "127.0.0.1,localhost" };

export const demoFiles = (await readdir(path.join(HERE, "demos"))).filter((file) => file.endsWith(".ts")).sort();
export const demos: Demo[] = await Promise.all(
  demoFiles.map(async (file) => ((await import(pathToFileURL(path.join(HERE, "demos", file)).href)) as { default: Demo }).default),
);

/** What Gradio showed for one demo, as recorded by `npm run conformance:record`. */
export interface Recording {
  /** Of the twin, the calls and the interaction: a recording made for other ones is stale. */
  fingerprint: string;
  components: string[];
  endpoints: Json;
  /** One per call: `{ result }` or `{ error }`, as the caller answered. */
  answers: unknown[];
  /** The interaction's visible result, or `{ error }` when it could not run on Gradio's page. */
  visible?: unknown;
}

export function fingerprint(demo: Demo): string {
  // A twin may name media files by absolute path: the checkout's location is not part of the demo.
  const python = demo.python.replaceAll(MEDIA, "<media>");
  const what = { python, calls: (demo.calls ?? []).map(({ api, args }) => ({ api, args })), browser: demo.browser?.toString() ?? null };
  return createHash("sha256").update(JSON.stringify(what)).digest("hex").slice(0, 16);
}

/** Runs `task` on every item, `width` at a time. */
export async function inPool<T>(items: readonly T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: width }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  }));
}

export type Json = Record<string, unknown>;

/** Python's gradio_client behind a pipe: one JSON request line in, one answer line out. */
export class PythonCaller {
  private readonly pending: ((line: string) => void)[] = [];
  private constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on("line", (line) => this.pending.shift()?.(line));
  }

  static start(python: string): PythonCaller {
    return new PythonCaller(spawn(python, [path.join(HERE, "caller.py")], { env: PYTHON_ENV, stdio: ["pipe", "pipe", "inherit"] }));
  }

  call(base: string, api: string, args: unknown[]): Promise<unknown> {
    return new Promise((resolve) => {
      this.pending.push((line) => resolve(JSON.parse(line)));
      this.child.stdin!.write(`${JSON.stringify({ base, api, args })}\n`);
    });
  }

  stop(): void {
    this.child.kill("SIGTERM");
  }
}

export async function startTwins(python: string, demos: readonly Demo[]): Promise<{ child: ChildProcess; url: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "conformance-twins-"));
  const sources = path.join(dir, "demos.json");
  await writeFile(sources, JSON.stringify(Object.fromEntries(demos.map((demo) => [demo.name, demo.python]))));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(python, [path.join(HERE, "host.py"), sources, String(port)], { env: PYTHON_ENV, stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  // Importing Gradio takes about a minute on a busy machine, and every twin takes seconds to build.
  const deadline = Date.now() + 180_000 + demos.length * 5_000;
  while (!(await fetch(`${url}/${demos[0]!.name}/config`).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      // Nothing else holds the child yet: left running, it would keep the test process alive.
      child.kill("SIGTERM");
      throw new Error("the Python Gradio twins did not start");
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return { child, url };
}

export const getJson = async (url: string): Promise<Json> => {
  const response = await fetch(url);
  assert.equal(response.status, 200, `GET ${url}`);
  return (await response.json()) as Json;
};

/**
 * Component types, plain layout wrappers aside (rows, columns, groups and Gradio's "form" only arrange
 * what is inside them, and Interface nests them differently); tabs, accordions and the like count.
 */
const LAYOUT_WRAPPERS = new Set(["form", "row", "column", "group"]);
export const componentTypes = (config: Json) =>
  (config.components as Json[])
    .map((component) => component.type as string)
    .filter((type) => !LAYOUT_WRAPPERS.has(type))
    .sort();

interface Parameter {
  label: string;
  parameter_name: string;
  parameter_has_default: boolean;
  parameter_default: unknown;
  component: string;
  python_type: { type: string };
}

/**
 * A component without a label is named after its id (`parameter_6`, `value_7`). Ids count every block the
 * process has built, and the Python host builds all the twins in one process, so only the kind is compared.
 */
const labelOf = (label: string | null) => (typeof label === "string" ? label.replace(/^(parameter|value)_\d+$/, "$1_<id>") : label);

/** What a caller of each named endpoint sees in view_api: names, components, types, defaults. */
export function endpointShapes(info: Json): Json {
  const named = info.named_endpoints as Record<string, { parameters: Parameter[]; returns: Parameter[] }>;
  return Object.fromEntries(
    Object.keys(named)
      .sort()
      .map((name) => [
        name,
        {
          parameters: named[name]!.parameters.map((p) => ({
            name: p.parameter_name,
            label: labelOf(p.label),
            component: p.component,
            type: p.python_type.type,
            default: p.parameter_has_default ? p.parameter_default : "(required)",
          })),
          returns: named[name]!.returns.map((r) => ({ label: labelOf(r.label), component: r.component, type: r.python_type.type })),
        },
      ]),
  );
}

export const withMedia = (value: CallArg): unknown => {
  if (Array.isArray(value)) return value.map(withMedia);
  if (value && typeof value === "object") {
    if ("$file" in value && typeof value.$file === "string") return { $file: path.join(MEDIA, value.$file) };
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withMedia(item)]));
  }
  return value;
};

/** Runs the demo's interaction on one page; pages reach nothing but 127.0.0.1. */
export async function visibleResult(browser: Browser, url: string, demo: Demo, side: string, note: (line: string) => void): Promise<unknown> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  await context.route(
    (address) => address.hostname !== "127.0.0.1",
    (route) => route.abort(),
  );
  const page: Page = await context.newPage();
  try {
    const started = Date.now();
    await page.goto(url);
    const loaded = Date.now();
    const shown = await demo.browser!(page);
    note(`${side}: page loaded in ${loaded - started} ms, interaction ${Date.now() - loaded} ms`);
    return shown;
  } catch (error) {
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `${demo.name}-${side}.png`), fullPage: true }).catch(() => undefined);
    note(`screenshot: test-results/conformance/${demo.name}-${side}.png`);
    throw error;
  } finally {
    await context.close();
  }
}

