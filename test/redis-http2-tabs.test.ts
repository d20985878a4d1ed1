// Many tabs: with TLS on, the server speaks HTTP/2, so twelve tabs of one app in one browser share a
// connection instead of queueing behind HTTP/1.1's six connections per host (each tab holds an event
// stream open while its event runs). Real Chromium, a certificate made for the test, 127.0.0.1 only.
import assert from "node:assert/strict";
import http2 from "node:http2";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser } from "playwright-core";
import { ensureFrontendBuilt, launchBrowser } from "../frontend/e2e/harness.js";
import { selfSignedCert } from "./helpers/tls.js";

describe("twelve tabs over HTTPS (HTTP/2)", () => {
  let dir: string;
  let app: gr.RunningApp;
  let browser: Browser;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-h2-"));
    const { key, cert } = await selfSignedCert(dir);
    const demo = new gr.Interface({
      // Slow enough that every tab's stream is open at the same time.
      fn: async (name: string) => (await new Promise((resolve) => setTimeout(resolve, 1500)), `Hello ${name}!`),
      inputs: new gr.Textbox({ label: "Name" }),
      outputs: new gr.Textbox({ label: "Greeting" }),
      concurrencyLimit: null,
      title: "Tabs",
    } as unknown as ConstructorParameters<typeof gr.Interface>[0]);
    app = await demo.launch({
      serverPort: 0,
      serverName: "127.0.0.1",
      quiet: true,
      logLevel: "silent",
      sslKeyfile: key,
      sslCertfile: cert,
    });
    await ensureFrontendBuilt();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test("the server negotiates h2 over TLS and still answers HTTP/1.1", async () => {
    const session = http2.connect(app.url, { rejectUnauthorized: false });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const request = session.request({ ":path": "/healthz" });
        request.on("response", (headers) => resolve(Number(headers[":status"])));
        request.resume();
        request.on("error", reject);
        request.end();
      });
      assert.equal(status, 200);
      assert.equal(session.alpnProtocol, "h2");
    } finally {
      session.destroy();
    }
  });

  test("12 tabs of one app each get their answer", { timeout: 90_000 }, async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    try {
      const pages = await Promise.all(Array.from({ length: 12 }, () => context.newPage()));
      await Promise.all(pages.map((page) => page.goto(`${app.url}/`)));
      const protocol = await pages[0]!.evaluate(
        () => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).nextHopProtocol,
      );
      assert.equal(protocol, "h2");
      await Promise.all(
        pages.map(async (page, i) => {
          await page.getByLabel("Name").fill(`tab ${i}`);
          await page.getByRole("button", { name: "Submit" }).click();
        }),
      );
      const answers = await Promise.all(
        pages.map(async (page, i) => {
          await page.waitForFunction(
            (want) => document.querySelector<HTMLTextAreaElement>("[readonly]")?.value === want,
            `Hello tab ${i}!`,
            { timeout: 30_000 },
          );
          return page.evaluate(() => document.querySelector<HTMLTextAreaElement>("[readonly]")?.value);
        }),
      );
      assert.deepEqual(
        answers,
        Array.from({ length: 12 }, (_, i) => `Hello tab ${i}!`),
      );
    } finally {
      await context.close();
    }
  });
});
