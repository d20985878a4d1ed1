/**
 * End-to-end helpers: a real headless Chromium (Debian's, driven by playwright-core) against a real
 * gradio-ts server started in-process. Used by `test/browser-*.test.ts`.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, type TestContext } from "node:test";
import { chromium, type Browser, type Page } from "playwright-core";

const frontendDir = fileURLToPath(new URL("..", import.meta.url));
const repoRoot = path.resolve(frontendDir, "..");
export const screenshotDir = path.join(repoRoot, "test-results");

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Builds the page once if `frontend/dist` is missing, so the tests also run on a fresh clone. */
export async function ensureFrontendBuilt(): Promise<void> {
  if (existsSync(path.join(frontendDir, "dist", "index.html"))) return;
  const { build } = await import("vite");
  await build({ configFile: path.join(frontendDir, "vite.config.ts"), logLevel: "warn" });
}

/** Chromium's fake camera and microphone (a test pattern and a beep), allowed without a prompt. */
const FAKE_MEDIA_ARGS = [
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
  "--autoplay-policy=no-user-gesture-required",
];

/** WebGL drawn in software (SwiftShader), as on a machine without a GPU: for the 3D viewer. */
const WEBGL_ARGS = ["--enable-unsafe-swiftshader", "--use-angle=swiftshader", "--enable-webgl"];

export interface BrowserOptions {
  fakeMedia?: boolean;
  /** true: WebGL drawn by SwiftShader; false: no WebGL at all; unset: Chromium's default. */
  webgl?: boolean;
}

export async function launchBrowser(options: BrowserOptions = {}): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  const args = [...CHROMIUM_ARGS, ...(options.fakeMedia ? FAKE_MEDIA_ARGS : [])];
  return chromium.launch({
    executablePath,
    headless: true,
    args:
      options.webgl === true
        ? [...args.filter((arg) => arg !== "--disable-gpu"), ...WEBGL_ARGS]
        : options.webgl === false
          ? [...args, "--disable-webgl", "--disable-3d-apis"]
          : args,
  });
}

interface Launchable {
  launch(options: Record<string, unknown>): Promise<{ url: string; close(): Promise<void> }>;
}

/** Starts an app on a free port of 127.0.0.1; returns its URL (with trailing slash) and a closer. */
export async function serve(app: Launchable): Promise<{ url: string; close: () => Promise<void> }> {
  const running = await app.launch({ serverPort: 0, serverName: "127.0.0.1", quiet: true, logLevel: "silent" });
  return { url: running.url.endsWith("/") ? running.url : `${running.url}/`, close: () => running.close() };
}

/**
 * Stricter than the server's own policy: no inline styles either. The page is served under it in every
 * test, so any inline script, eval or style attribute the app needed would show up as a violation.
 */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self' blob:; object-src 'none'; base-uri 'self'";

/**
 * While DOMPurify parses hostile HTML (in an inert document), Chromium reports the inline event handlers
 * it refuses to compile. Nothing runs and nothing reaches the page, so these reports are expected.
 */
const sanitizerParsing = ({ directive, source }: { directive: string; source: string }) =>
  directive === "script-src-attr" && /\/assets\/sanitize-[\w-]+\.js/.test(source);

export interface PageOptions {
  /** Violations the test expects (e.g. hostile HTML whose event handlers the CSP blocks while it is sanitized). */
  allowViolation?: (violation: { directive: string; source: string }) => boolean;
  /** Keep the server's own CSP instead of STRICT_CSP, for what only it allows (style attributes in app HTML). */
  serverCsp?: boolean;
  /** The browser's language (`navigator.language(s)`), e.g. "fr-CA"; Chromium's default otherwise. */
  locale?: string;
  /** Permissions granted to the page without a prompt, e.g. `["clipboard-read", "clipboard-write"]`. */
  permissions?: string[];
}

/**
 * Opens a fresh page, runs `body`, and saves a screenshot to test-results/ when it fails. The page is
 * served with STRICT_CSP; a CSP violation fails the test. Page errors are reported with the failure.
 */
export async function onPage(
  t: TestContext,
  browser: Browser,
  url: string,
  body: (page: Page) => Promise<void>,
  options: PageOptions = {},
): Promise<void> {
  const context = await browser.newContext({
    viewport: { width: 1100, height: 900 },
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.permissions ? { permissions: options.permissions } : {}),
  });
  const appPath = new URL(url).pathname;
  if (!options.serverCsp)
    await context.route(
      (address) => address.pathname === appPath,
      async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": STRICT_CSP } });
      },
    );
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) =>
      console.warn(`csp-violation ${event.effectiveDirective} ${event.sourceFile}:${event.lineNumber}`),
    );
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const violations: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    const violation = /^csp-violation (\S+) (.*)$/.exec(message.text());
    if (violation) {
      const seen = { directive: violation[1]!, source: violation[2]! };
      if (!sanitizerParsing(seen) && !options.allowViolation?.(seen)) violations.push(message.text());
      return;
    }
    if (message.type() === "error" && !message.text().includes("inline event handler"))
      problems.push(`console: ${message.text()}`);
  });
  try {
    await page.goto(url);
    await body(page);
    if (violations.length > 0) throw new Error(`Content-Security-Policy violations:\n${violations.join("\n")}`);
  } catch (error) {
    await mkdir(screenshotDir, { recursive: true });
    const file = path.join(screenshotDir, `${t.name.replace(/[^\w-]+/g, "_")}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    if (problems.length > 0) (error as Error).message += `\n${problems.join("\n")}`;
    (error as Error).message += `\nscreenshot: ${path.relative(repoRoot, file)}`;
    throw error;
  } finally {
    await context.close();
  }
}

/**
 * The shared set-up of a browser test file: one Chromium for the file (`onBrowser` receives it) and
 * `start(app)`, which serves an app and stops it when the file's tests are done.
 */
export function browserSuite(
  onBrowser: (browser: Browser) => void,
  options: BrowserOptions = {},
): (app: Launchable) => Promise<string> {
  let browser: Browser | undefined;
  const servers: { close: () => Promise<void> }[] = [];
  before(async () => {
    await ensureFrontendBuilt();
    browser = await launchBrowser(options);
    onBrowser(browser);
  });
  after(async () => {
    await browser?.close();
    await Promise.all(servers.map((server) => server.close()));
  });
  return async (app) => {
    const served = await serve(app);
    servers.push(served);
    return served.url;
  };
}

/** Waits until the text field (input or textarea) labelled exactly `label` shows `value`. */
export async function fieldShows(page: Page, label: string, value: string): Promise<void> {
  await page.waitForFunction(
    ([name, wanted]) =>
      [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input, textarea")].some(
        (e) => e.labels?.[0]?.textContent === name && e.value === wanted,
      ),
    [label, value] as const,
  );
}
