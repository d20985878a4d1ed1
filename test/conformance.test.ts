/**
 * The conformance suite: demos from Gradio's own repository, ported to gradio-ts (test/conformance/demos),
 * each run beside a Python Gradio 6 twin of itself. For every demo: the same component types in
 * `/config`, the same named endpoints in `/gradio_api/info`, the same answers through Python's official
 * `gradio_client`, and the same visible result after one interaction in Chromium. A failing browser
 * comparison leaves screenshots of both pages in test-results/conformance/.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { after, before, describe, test, type TestContext } from "node:test";
import type { Browser, Page } from "playwright-core";
import { ensureFrontendBuilt, launchBrowser, screenshotDir } from "../frontend/e2e/harness.js";
import { pythonWithGradio6 } from "./api-python.js";
import type { CallArg, Demo } from "./conformance/demo.js";
import { startServer, type TestServer } from "./helpers/server.js";

const HERE = path.join(import.meta.dirname, "conformance");
const MEDIA = path.join(HERE, "media");
const SHOTS = path.join(screenshotDir, "conformance");
const PYTHON_ENV = { ...process.env, GRADIO_ANALYTICS_ENABLED: "False", HF_HUB_OFFLINE: "1", NO_PROXY: "127.0.0.1,localhost" };

const demoFiles = (await readdir(path.join(HERE, "demos"))).filter((file) => file.endsWith(".ts")).sort();
const demos: Demo[] = await Promise.all(
  demoFiles.map(async (file) => ((await import(pathToFileURL(path.join(HERE, "demos", file)).href)) as { default: Demo }).default),
);

type Json = Record<string, unknown>;

/** Python's gradio_client behind a pipe: one JSON request line in, one answer line out. */
class PythonCaller {
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

async function startTwins(python: string): Promise<{ child: ChildProcess; url: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "conformance-twins-"));
  const sources = path.join(dir, "demos.json");
  await writeFile(sources, JSON.stringify(Object.fromEntries(demos.map((demo) => [demo.name, demo.python]))));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(python, [path.join(HERE, "host.py"), sources, String(port)], { env: PYTHON_ENV, stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 360_000;
  while (!(await fetch(`${url}/${demos[0]!.name}/config`).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error("the Python Gradio twins did not start");
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return { child, url };
}

const getJson = async (url: string): Promise<Json> => {
  const response = await fetch(url);
  assert.equal(response.status, 200, `GET ${url}`);
  return (await response.json()) as Json;
};

/**
 * Component types, plain layout wrappers aside (rows, columns, groups and Gradio's "form" only arrange
 * what is inside them, and Interface nests them differently); tabs, accordions and the like count.
 */
const LAYOUT_WRAPPERS = new Set(["form", "row", "column", "group"]);
const componentTypes = (config: Json) =>
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

/** What a caller of each named endpoint sees in view_api: names, components, types, defaults. */
function endpointShapes(info: Json): Json {
  const named = info.named_endpoints as Record<string, { parameters: Parameter[]; returns: Parameter[] }>;
  return Object.fromEntries(
    Object.keys(named)
      .sort()
      .map((name) => [
        name,
        {
          parameters: named[name]!.parameters.map((p) => ({
            name: p.parameter_name,
            label: p.label,
            component: p.component,
            type: p.python_type.type,
            default: p.parameter_has_default ? p.parameter_default : "(required)",
          })),
          returns: named[name]!.returns.map((r) => ({ label: r.label, component: r.component, type: r.python_type.type })),
        },
      ]),
  );
}

const withMedia = (value: CallArg): unknown => {
  if (Array.isArray(value)) return value.map(withMedia);
  if (value && typeof value === "object") {
    if ("$file" in value && typeof value.$file === "string") return { $file: path.join(MEDIA, value.$file) };
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withMedia(item)]));
  }
  return value;
};

/** Runs the demo's interaction on one page; pages reach nothing but 127.0.0.1. */
async function visibleResult(browser: Browser, url: string, demo: Demo, side: string, t: TestContext): Promise<unknown> {
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
    t.diagnostic(`${side}: page loaded in ${loaded - started} ms, interaction ${Date.now() - loaded} ms`);
    return shown;
  } catch (error) {
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `${demo.name}-${side}.png`), fullPage: true }).catch(() => undefined);
    t.diagnostic(`screenshot: test-results/conformance/${demo.name}-${side}.png`);
    throw error;
  } finally {
    await context.close();
  }
}

describe("conformance: Gradio's demos beside Python Gradio 6", () => {
  let python: string | null = null;
  let twins: { child: ChildProcess; url: string } | null = null;
  let caller: PythonCaller | null = null;
  let browser: Browser | null = null;
  const unavailable = "*** Python Gradio 6 is unavailable (no PyPI?): the conformance suite did not run ***";

  before(async () => {
    python = await pythonWithGradio6();
    if (!python) return;
    await ensureFrontendBuilt();
    [twins, browser] = await Promise.all([startTwins(python), launchBrowser()]);
    caller = PythonCaller.start(python);
  });
  after(async () => {
    caller?.stop();
    twins?.child.kill("SIGTERM");
    await browser?.close();
  });

  test("every demo file is named after the demo it ports", () => {
    assert.deepEqual(
      demos.map((demo) => `${demo.name}.ts`),
      demoFiles,
    );
  });

  for (const demo of demos) {
    describe(demo.name, { todo: demo.knownGap }, () => {
      let ours: TestServer;
      const oursBase = () => ours.url.replace(/\/?$/, "/");
      const theirsBase = () => `${twins!.url}/${demo.name}/`;
      before(async () => {
        if (python) ours = await startServer(demo.app());
      });
      after(async () => ours?.close());

      test("the same component types in /config", async (t) => {
        if (!python) return t.skip(unavailable);
        const [mine, gradio] = await Promise.all([getJson(`${oursBase()}config`), getJson(`${theirsBase()}config`)]);
        assert.deepEqual(componentTypes(mine), componentTypes(gradio));
      });

      test("the same named endpoints in /gradio_api/info", async (t) => {
        if (!python) return t.skip(unavailable);
        const [mine, gradio] = await Promise.all([getJson(`${oursBase()}gradio_api/info`), getJson(`${theirsBase()}gradio_api/info`)]);
        assert.deepEqual(endpointShapes(mine), endpointShapes(gradio));
      });

      test("the same answers through gradio_client", { skip: !demo.calls?.length && "the demo has no calls" }, async (t) => {
        if (!python) return t.skip(unavailable);
        for (const call of demo.calls ?? []) {
          const args = call.args.map(withMedia);
          const answer = await caller!.call(oursBase(), call.api, args);
          const gradio = await caller!.call(theirsBase(), call.api, args);
          const normalize = (answer: unknown) => {
            const { result, error } = answer as { result?: unknown; error?: string };
            return error === undefined ? { result: call.normalize ? call.normalize(result) : result } : { error };
          };
          assert.deepEqual(normalize(answer), normalize(gradio), `${call.api}(${JSON.stringify(call.args)})`);
        }
      });

      test("the same visible result in Chromium", { skip: !demo.browser && "the demo has no browser step" }, async (t) => {
        if (!python) return t.skip(unavailable);
        const gradio = await visibleResult(browser!, theirsBase(), demo, "gradio", t);
        const shown = await visibleResult(browser!, oursBase(), demo, "ours", t);
        assert.deepEqual(shown, gradio);
      });
    });
  }
});
