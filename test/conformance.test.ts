/**
 * The conformance suite: demos from Gradio's own repository, ported to gradio-ts (test/conformance/demos),
 * each compared with a Python Gradio 6 twin of itself: the same component types in `/config`, the same
 * named endpoints in `/gradio_api/info`, the same answers through Python's official `gradio_client`,
 * and the same visible result after one interaction in Chromium. What Gradio shows is recorded from the
 * twins by `npm run conformance:record` (test/conformance/recorded.json); a recording made for another
 * version of a demo fails its test. A failing browser step leaves a screenshot in test-results/conformance/.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { ensureFrontendBuilt, launchBrowser } from "../frontend/e2e/harness.js";
import { pythonWithGradio6 } from "./api-python.js";
import {
  componentTypes,
  demoFiles,
  demos,
  endpointShapes,
  fingerprint,
  getJson,
  HERE,
  PythonCaller,
  visibleResult,
  withMedia,
  type Recording,
} from "./conformance/harness.js";
import { startServer, type TestServer } from "./helpers/server.js";

const recorded = JSON.parse(await readFile(path.join(HERE, "recorded.json"), "utf8")) as Record<string, Recording>;
const RERECORD = "run `npm run conformance:record <demo>` to record what Gradio shows for it";

// Demos run a few at a time: most of a demo's time is spent waiting on a page or on Python.
describe("conformance: Gradio's demos beside Python Gradio 6", { concurrency: 3 }, () => {
  let caller: PythonCaller | null = null;
  let browser: Browser;

  before(async () => {
    const python = await pythonWithGradio6();
    if (python) caller = PythonCaller.start(python);
    await ensureFrontendBuilt();
    browser = await launchBrowser();
  });
  after(async () => {
    caller?.stop();
    await browser?.close();
  });

  test("every demo file is named after the demo it ports", () => {
    assert.deepEqual(
      demos.map((demo) => `${demo.name}.ts`),
      demoFiles,
    );
  });

  test("the README lists every demo with its status", async () => {
    const readme = await readFile(path.join(HERE, "..", "..", "README.md"), "utf8");
    const table = /<!-- conformance-demos:start -->([\s\S]*?)<!-- conformance-demos:end -->/.exec(readme)?.[1] ?? "";
    const listed = [...table.matchAll(/^\| `([\w-]+)` \| (passes|known gap: [^|]+) \|/gm)].map(([, name, status]) => [
      name,
      status!.startsWith("passes"),
    ]);
    assert.deepEqual(
      listed,
      demos.map((demo) => [demo.name, !demo.knownGap]),
    );
  });

  for (const demo of demos) {
    describe(demo.name, { todo: demo.knownGap }, () => {
      let ours: TestServer;
      const gradio = recorded[demo.name];
      const base = () => ours.url.replace(/\/?$/, "/");
      before(async () => {
        ours = await startServer(demo.app());
      });
      after(async () => ours?.close());

      test("Gradio's answers are recorded for this version of the demo", () => {
        assert.ok(gradio, `no recording: ${RERECORD}`);
        assert.equal(
          gradio.fingerprint,
          fingerprint(demo),
          `the recording is of another version of the demo: ${RERECORD}`,
        );
      });

      test("the same component types in /config", async () => {
        assert.deepEqual(componentTypes(await getJson(`${base()}config`)), gradio?.components);
      });

      test("the same named endpoints in /gradio_api/info", async () => {
        assert.deepEqual(endpointShapes(await getJson(`${base()}gradio_api/info`)), gradio?.endpoints);
      });

      test(
        "the same answers through gradio_client",
        { skip: !demo.calls?.length && "the demo has no calls" },
        async (t) => {
          if (!caller)
            return t.skip("*** Python's gradio_client is unavailable (no PyPI?): the answers were not compared ***");
          for (const [i, call] of (demo.calls ?? []).entries()) {
            const answer = await caller.call(base(), call.api, call.args.map(withMedia));
            const normalize = (answer: unknown) => {
              const { result, error } = (answer ?? {}) as { result?: unknown; error?: string };
              return error === undefined ? { result: call.normalize ? call.normalize(result) : result } : { error };
            };
            assert.deepEqual(
              normalize(answer),
              normalize(gradio?.answers[i]),
              `${call.api}(${JSON.stringify(call.args)})`,
            );
          }
        },
      );

      test(
        "the same visible result in Chromium",
        { skip: !demo.browser && "the demo has no browser step" },
        async (t) => {
          const shown = await visibleResult(browser, base(), demo, "ours", (line) => t.diagnostic(line));
          assert.deepEqual(shown, gradio?.visible);
        },
      );
    });
  }
});
