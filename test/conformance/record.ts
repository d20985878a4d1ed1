/**
 * Records what Python Gradio 6 shows for every conformance demo (`npm run conformance:record`): the
 * twins are served by Python Gradio, called through gradio_client and driven in Chromium, and the
 * views the suite compares are written to recorded.json. Run it after adding or changing a demo.
 * With demo names as arguments, only those are recorded again.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ensureFrontendBuilt, launchBrowser } from "../../frontend/e2e/harness.js";
import { pythonWithGradio6 } from "../api-python.js";
import { componentTypes, demos, endpointShapes, fingerprint, getJson, HERE, inPool, PythonCaller, startTwins, visibleResult, withMedia, type Recording } from "./harness.js";

const RECORDED = path.join(HERE, "recorded.json");

const python = await pythonWithGradio6();
if (!python) throw new Error("Python Gradio 6 is needed to record (its virtualenv could not be made)");
const only = process.argv.slice(2);
const chosen = only.length > 0 ? demos.filter((demo) => only.includes(demo.name)) : demos;
const previous = JSON.parse(await readFile(RECORDED, "utf8").catch(() => "{}")) as Record<string, Recording>;
await ensureFrontendBuilt();
const [twins, browser] = await Promise.all([startTwins(python, chosen), launchBrowser()]);
const caller = PythonCaller.start(python);
const recorded: Record<string, Recording> = only.length > 0 ? { ...previous } : {};
try {
  await inPool(chosen, 3, async (demo) => {
    try {
      await record(demo);
    } catch (error) {
      console.error(`could not record ${demo.name}: ${(error as Error).message}`);
    }
  });
  async function record(demo: (typeof demos)[number]): Promise<void> {
    const base = `${twins.url}/${demo.name}/`;
    const [config, info] = await Promise.all([getJson(`${base}config`), getJson(`${base}gradio_api/info`)]);
    const answers: unknown[] = [];
    for (const call of demo.calls ?? []) answers.push(await caller.call(base, call.api, call.args.map(withMedia)));
    const visible = demo.browser
      ? await visibleResult(browser, base, demo, "gradio", (line) => console.log(`${demo.name}: ${line}`)).catch((error: Error) => ({ error: error.message.split("\n")[0] }))
      : undefined;
    recorded[demo.name] = { fingerprint: fingerprint(demo), components: componentTypes(config), endpoints: endpointShapes(info), answers, ...(demo.browser ? { visible } : {}) };
    console.log(`recorded ${demo.name}`);
  }
} finally {
  caller.stop();
  twins.child.kill("SIGTERM");
  await browser.close();
}
const sorted = Object.fromEntries(Object.keys(recorded).sort().map((name) => [name, recorded[name]]));
await writeFile(RECORDED, `${JSON.stringify(sorted, null, 1)}\n`);
console.log(`wrote ${Object.keys(sorted).length} recordings to ${path.relative(process.cwd(), RECORDED)}`);
