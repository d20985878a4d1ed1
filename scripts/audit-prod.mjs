#!/usr/bin/env node
// `npm run audit:prod`: known vulnerabilities in the production dependencies (what the image ships).
// Fails (exit 1) on any of high or critical severity. When the registry's audit endpoint cannot be
// reached, says so loudly and exits 0, since that is the network's doing, not the code's; set
// AUDIT_STRICT=1 to fail then too. (`--audit` is explicit because an .npmrc may set audit=false.)
import { execFile } from "node:child_process";

const args = ["audit", "--omit=dev", "--audit-level=high", "--audit", "--json"];
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function banner(lines) {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const bar = "!".repeat(width);
  console.error(["", bar, ...lines.map((l) => `! ${l.padEnd(width - 4)} !`), bar, ""].join("\n"));
}

const { stdout, stderr } = await new Promise((resolve) => {
  // A non-zero exit is expected when vulnerabilities are found: read the JSON either way.
  execFile(npm, args, { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (error, out, err) =>
    resolve({ stdout: out, stderr: err, error }),
  );
});

let report = null;
try {
  report = JSON.parse(stdout);
} catch {
  report = null;
}

const counts = report?.metadata?.vulnerabilities;
if (!counts) {
  const reason = report?.message ?? (stderr.split("\n").find((line) => /error|ERR/.test(line)) || "no answer");
  banner([
    "npm audit could NOT check the production dependencies:",
    `the registry's audit endpoint is unreachable (${String(reason).slice(0, 100)}).`,
    "Nothing was checked. Run `npm run audit:prod` where the registry's audit API answers.",
  ]);
  process.exit(process.env.AUDIT_STRICT === "1" ? 1 : 0);
}

const total = report.metadata.dependencies?.prod ?? report.metadata.dependencies?.total ?? "?";
const summary = ["critical", "high", "moderate", "low", "info"]
  .map((level) => `${counts[level] ?? 0} ${level}`)
  .join(", ");
const serious = (counts.critical ?? 0) + (counts.high ?? 0);
if (serious > 0) {
  console.error(`npm audit (production dependencies: ${total}): ${summary}`);
  for (const [name, vulnerability] of Object.entries(report.vulnerabilities ?? {})) {
    if (vulnerability.severity !== "high" && vulnerability.severity !== "critical") continue;
    const via = (vulnerability.via ?? []).map((v) => (typeof v === "string" ? v : `${v.title} (${v.url})`)).join("; ");
    console.error(
      `  ${vulnerability.severity.toUpperCase()} ${name} ${vulnerability.range ?? ""}: ${via}${vulnerability.fixAvailable ? " [fix available]" : ""}`,
    );
  }
  process.exit(1);
}
console.log(`npm audit (production dependencies: ${total}): ${summary}. No high or critical vulnerability.`);
