// Prints the JS + CSS bytes a hello-world page really transfers, as headless Chromium's network log
// reports them (the encoded body the server sent, after content negotiation), against a real gradio-ts
// server, and fails above the budget.
// Run with `npm run size` (node --conditions=source --import tsx scripts/size.mjs).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const BUDGET_BYTES = 25 * 1024;
const repoRoot = fileURLToPath(new URL("..", import.meta.url));

if (!existsSync(path.join(repoRoot, "frontend", "dist", "index.html"))) {
  const { build } = await import("vite");
  await build({ configFile: path.join(repoRoot, "frontend", "vite.config.ts"), logLevel: "warn" });
}

const gr = await import("gradio-ts");
const { launchBrowser } = await import("../frontend/e2e/harness.ts");

const demo = new gr.Interface({
  fn: (name, times) => `Hello ${name}` + "!".repeat(times),
  inputs: ["text", new gr.Slider({ minimum: 1, maximum: 5, step: 1, value: 1 })],
  outputs: "text",
  title: "Hello",
  examples: [
    ["Ada", 3],
    ["Grace", 1],
  ],
});
const app = await demo.launch({ serverPort: 0, serverName: "127.0.0.1", quiet: true, logLevel: "silent" });
const browser = await launchBrowser();
const assets = [];
try {
  const page = await browser.newPage();
  page.on("response", async (response) => {
    const type = response.request().resourceType();
    if (type !== "script" && type !== "stylesheet") return;
    const url = new URL(response.url()).pathname;
    const encoding = response.headers()["content-encoding"] ?? "identity";
    assets.push(
      Promise.all([response.request().sizes(), response.body()]).then(([sizes, body]) => ({
        url,
        encoding,
        wire: sizes.responseBodySize,
        raw: body.length,
      })),
    );
  });
  await page.goto(app.url, { waitUntil: "networkidle" });
  await page.getByRole("heading", { name: "Hello" }).waitFor();
} finally {
  await browser.close();
  await app.close();
}

const rows = await Promise.all(assets);
const total = rows.reduce((sum, row) => sum + row.wire, 0);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
for (const row of rows)
  console.log(
    `${kb(row.wire).padStart(9)} on the wire (${row.encoding}) ${kb(row.raw).padStart(9)} decoded  ${row.url}`,
  );
console.log(
  `${kb(total).padStart(9)} on the wire in all (JS + CSS of a hello-world page, from Chromium's network log; budget ${kb(BUDGET_BYTES)})`,
);
if (total > BUDGET_BYTES) {
  console.error("Over budget.");
  process.exitCode = 1;
}
