/**
 * The page a user loads: gzipped JS + CSS bytes (each response gzipped here the same way, so servers
 * that compress and servers that do not compare fairly) and the time until the first text input is
 * on screen and usable, in headless Chromium.
 */
import { existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

export interface PageResult {
  gzipBytes: number;
  requests: number;
  interactiveMs: number;
}

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export async function measurePage(url: string): Promise<PageResult | null> {
  if (!existsSync(CHROMIUM)) return null;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const pending: Promise<number>[] = [];
    page.on("response", (response) => {
      const type = response.headers()["content-type"] ?? "";
      if (!/javascript|css/.test(type)) return;
      pending.push(response.body().then((body) => gzipSync(body, { level: 9 }).length, () => 0));
    });
    const t0 = Date.now();
    await page.goto(url, { waitUntil: "commit" });
    await page.locator("textarea:enabled, input[type=text]:enabled").first().waitFor({ state: "visible", timeout: 60_000 });
    const interactiveMs = Date.now() - t0;
    await page.waitForLoadState("networkidle").catch(() => undefined);
    const sizes = await Promise.all(pending);
    return { gzipBytes: sizes.reduce((a, b) => a + b, 0), requests: sizes.length, interactiveMs };
  } finally {
    await browser.close();
  }
}
