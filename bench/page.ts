/**
 * The page a user loads: the JS + CSS bytes Chromium's own network log says were transferred (each
 * response body as the server sent it, compressed or not, after content negotiation) and the time
 * until the first text input is on screen and usable, in headless Chromium.
 */
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

export interface PageResult {
  /** JS + CSS response bodies on the wire, as Chromium's network log reports them. */
  wireBytes: number;
  /** The same bodies after decoding. */
  decodedBytes: number;
  requests: number;
  interactiveMs: number;
}

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function measurePage(url: string): Promise<PageResult | null> {
  if (!existsSync(CHROMIUM)) return null;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const pending: Promise<{ wire: number; decoded: number }>[] = [];
    page.on("requestfinished", (request) => {
      const type = request.resourceType();
      if (type !== "script" && type !== "stylesheet") return;
      pending.push(
        Promise.all([request.sizes(), request.response().then((r) => r?.body())]).then(
          ([sizes, body]) => ({ wire: sizes.responseBodySize, decoded: body?.length ?? 0 }),
          () => ({ wire: 0, decoded: 0 }),
        ),
      );
    });
    const t0 = Date.now();
    await page.goto(url, { waitUntil: "commit" });
    await page
      .locator("textarea:enabled, input[type=text]:enabled")
      .first()
      .waitFor({ state: "visible", timeout: 60_000 });
    const interactiveMs = Date.now() - t0;
    await page.waitForLoadState("networkidle").catch(() => undefined);
    const sizes = await Promise.all(pending);
    return {
      wireBytes: sizes.reduce((sum, s) => sum + s.wire, 0),
      decodedBytes: sizes.reduce((sum, s) => sum + s.decoded, 0),
      requests: sizes.length,
      interactiveMs,
    };
  } finally {
    await browser.close();
  }
}
