/**
 * The access policy, table-driven: every rule of security-rules.md Part 1 (1.1–1.3) and every edge
 * case of the attack table that the pure decision sees. Paths here are invented; nothing touches disk.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  decideAccess,
  isInside,
  isMalformedRequestPath,
  type AccessPurpose,
  type FilePolicy,
} from "../src/files/access.js";

const policy: FilePolicy = {
  cacheDir: "/srv/cache/files",
  allowedPaths: ["/data/allowed", "/data/one-file.txt", "/work/app/.well-known"],
  blockedPaths: ["/data/allowed/blocked", "/data/allowed/secret.txt", "/work/app/blocked"],
  // The app's own data: the default flagging folder, a custom one (no dot, inside allowedPaths), tokens.
  privatePaths: [
    "/work/app/.gradio/flagged",
    "/work/app/flagged",
    "/data/allowed/flags",
    "/work/app/.gradio-ts/tokens.json",
  ],
  staticPaths: ["/srv/static"],
  workingDir: "/work/app",
  tempDir: "/tmp",
  caseInsensitive: false,
};
const ci: FilePolicy = { ...policy, caseInsensitive: true };

interface Row {
  name: string;
  purpose: AccessPurpose;
  requested: string;
  /** The path as asked, made absolute; defaults to `requested` when that is absolute. */
  lexical?: string;
  /** The real path; defaults to `lexical`. `null` = no such file. */
  real?: string | null;
  named?: boolean;
  policy?: FilePolicy;
  expect: string;
}

const rows: Row[] = [
  // 1.2 serving: the cache, allowedPaths, static paths, and nothing else.
  { name: "serve: a cache file", purpose: "serve", requested: "/srv/cache/files/ab12/cat.png", expect: "allow:cache" },
  {
    name: "serve: a file in allowedPaths (F14)",
    purpose: "serve",
    requested: "/data/allowed/a.txt",
    expect: "allow:allowed-path",
  },
  {
    name: "serve: an allowedPaths entry that is a file",
    purpose: "serve",
    requested: "/data/one-file.txt",
    expect: "allow:allowed-path",
  },
  { name: "serve: a static path (F15)", purpose: "serve", requested: "/srv/static/s.txt", expect: "allow:static-path" },
  { name: "serve: /etc/passwd (F01)", purpose: "serve", requested: "/etc/passwd", expect: "deny:outside" },
  {
    name: "serve: the working dir is not served (F10)",
    purpose: "serve",
    requested: "/work/app/public.txt",
    expect: "deny:outside",
  },
  {
    name: "serve: a .env in the working dir (F10)",
    purpose: "serve",
    requested: "/work/app/.env",
    expect: "deny:outside",
  },
  { name: "serve: a temp file never cached (F12)", purpose: "serve", requested: "/tmp/x.txt", expect: "deny:outside" },
  {
    name: "serve: a sibling whose name extends an allowed dir",
    purpose: "serve",
    requested: "/data/allowedx/a.txt",
    expect: "deny:outside",
  },
  {
    name: "serve: the cache root's parent",
    purpose: "serve",
    requested: "/srv/cache/incoming/partial",
    expect: "deny:outside",
  },
  {
    name: "serve: a link in A pointing outside (F07)",
    purpose: "serve",
    requested: "/data/allowed/link",
    real: "/etc/passwd",
    expect: "deny:outside",
  },
  {
    name: "serve: a link outside pointing into A",
    purpose: "serve",
    requested: "/elsewhere/link",
    real: "/data/allowed/a.txt",
    expect: "allow:allowed-path",
  },
  {
    name: "serve: missing file",
    purpose: "serve",
    requested: "/data/allowed/none.txt",
    real: null,
    expect: "deny:missing",
  },
  // 1.3: blockedPaths beats everything, by real and by lexical path.
  {
    name: "serve: a blocked dir inside A (F11)",
    purpose: "serve",
    requested: "/data/allowed/blocked/secret",
    expect: "deny:blocked",
  },
  {
    name: "serve: a blocked file inside A",
    purpose: "serve",
    requested: "/data/allowed/secret.txt",
    expect: "deny:blocked",
  },
  {
    name: "serve: a link in A to a blocked file",
    purpose: "serve",
    requested: "/data/allowed/link",
    real: "/data/allowed/blocked/secret",
    expect: "deny:blocked",
  },
  {
    name: "serve: a link in a blocked dir to an allowed file",
    purpose: "serve",
    requested: "/data/allowed/blocked/link",
    real: "/data/allowed/a.txt",
    expect: "deny:blocked",
  },
  {
    name: "serve: case tricks on a case-sensitive fs do not match",
    purpose: "serve",
    requested: "/data/allowed/BLOCKED/secret",
    expect: "allow:allowed-path",
  },
  {
    name: "serve: case tricks on a case-insensitive fs (F11)",
    purpose: "serve",
    requested: "/data/allowed/BLOCKED/SECRET",
    policy: ci,
    expect: "deny:blocked",
  },
  {
    name: "serve: case-insensitive blocked file",
    purpose: "serve",
    requested: "/DATA/allowed/Secret.TXT",
    policy: ci,
    expect: "deny:blocked",
  },
  // Raw request forms refused on sight.
  {
    name: "serve: raw .. (F02)",
    purpose: "serve",
    requested: "/data/allowed/../x",
    lexical: "/data/x",
    expect: "deny:malformed",
  },
  {
    name: "serve: relative .. (F09)",
    purpose: "serve",
    requested: "../../etc/passwd",
    lexical: "/etc/passwd",
    expect: "deny:malformed",
  },
  {
    name: "serve: relative path",
    purpose: "serve",
    requested: "public.txt",
    lexical: "/work/app/public.txt",
    expect: "deny:malformed",
  },
  {
    name: "serve: encoded separator decoded once (F05)",
    purpose: "serve",
    requested: "/data/allowed/../x",
    lexical: "/data/x",
    expect: "deny:malformed",
  },
  { name: "serve: backslashes (F06)", purpose: "serve", requested: "/data/allowed\\..\\x", expect: "deny:malformed" },
  {
    name: "serve: null byte (F08)",
    purpose: "serve",
    requested: "/data/allowed/a.txt\0.png",
    lexical: "/data/allowed/a.txt",
    expect: "deny:malformed",
  },
  {
    name: "serve: cache/.. (F13)",
    purpose: "serve",
    requested: "/srv/cache/files/../../../etc/passwd",
    lexical: "/etc/passwd",
    expect: "deny:malformed",
  },
  {
    name: "serve: a URL (F16)",
    purpose: "serve",
    requested: "http://169.254.169.254/",
    lexical: "/work/app/http:/169.254.169.254",
    expect: "deny:url",
  },
  {
    name: "serve: UNC \\\\host\\share (F18)",
    purpose: "serve",
    requested: "\\\\host\\share\\x",
    lexical: "/work/app/x",
    expect: "deny:malformed",
  },
  {
    name: "serve: //host/x (F18)",
    purpose: "serve",
    requested: "//host/x",
    lexical: "/host/x",
    expect: "deny:malformed",
  },
  {
    name: "serve: \\/host/x (F18)",
    purpose: "serve",
    requested: "\\/host/x",
    lexical: "/work/app/x",
    expect: "deny:malformed",
  },
  {
    name: "serve: NTFS stream (F19)",
    purpose: "serve",
    requested: "/data/allowed/a.txt::$DATA",
    expect: "deny:malformed",
  },
  {
    name: "serve: single-colon stream (F19)",
    purpose: "serve",
    requested: "/data/allowed/a.txt:x",
    expect: "deny:malformed",
  },
  {
    name: "serve: trailing dot (F19)",
    purpose: "serve",
    requested: "/data/allowed/secret.txt.",
    expect: "deny:malformed",
  },
  {
    name: "serve: trailing space (F19)",
    purpose: "serve",
    requested: "/data/allowed/secret.txt ",
    expect: "deny:malformed",
  },
  {
    name: "serve: 8.3 short name (F19)",
    purpose: "serve",
    requested: "/data/allowed/SECRET~1.TXT",
    expect: "deny:malformed",
  },
  {
    name: "serve: drive letter (F19)",
    purpose: "serve",
    requested: "C:x",
    lexical: "/work/app/C:x",
    expect: "deny:malformed",
  },
  { name: "serve: empty", purpose: "serve", requested: "", lexical: "/work/app", expect: "deny:malformed" },
  {
    name: "serve: a '.' segment is harmless",
    purpose: "serve",
    requested: "/data/allowed/./a.txt",
    lexical: "/data/allowed/a.txt",
    expect: "allow:allowed-path",
  },
  // Inputs: only what users uploaded (the cache) or static paths (C09, C10, S01–S05).
  {
    name: "input: an uploaded file",
    purpose: "input",
    requested: "/srv/cache/files/ab12/cat.png",
    expect: "allow:cache",
  },
  { name: "input: a static path", purpose: "input", requested: "/srv/static/s.txt", expect: "allow:static-path" },
  { name: "input: /etc/passwd (C09)", purpose: "input", requested: "/etc/passwd", expect: "deny:not-uploaded" },
  { name: "input: W/.env (C10)", purpose: "input", requested: "/work/app/.env", expect: "deny:not-uploaded" },
  {
    name: "input: an allowedPaths file is not an upload",
    purpose: "input",
    requested: "/data/allowed/a.txt",
    expect: "deny:not-uploaded",
  },
  { name: "input: a temp file", purpose: "input", requested: "/tmp/x", expect: "deny:not-uploaded" },
  {
    name: "input: http://127.0.0.1 (S01)",
    purpose: "input",
    requested: "http://127.0.0.1:7860/x",
    lexical: "/work/app/x",
    expect: "deny:url",
  },
  {
    name: "input: metadata service (S02)",
    purpose: "input",
    requested: "http://169.254.169.254/latest/meta-data/",
    lexical: "/work/app/x",
    expect: "deny:url",
  },
  {
    name: "input: http://[::1]/ (S03)",
    purpose: "input",
    requested: "http://[::1]/",
    lexical: "/work/app/x",
    expect: "deny:url",
  },
  {
    name: "input: file:///etc/passwd (S05)",
    purpose: "input",
    requested: "file:///etc/passwd",
    lexical: "/etc/passwd",
    expect: "deny:url",
  },
  {
    name: "input: gopher:// (S05)",
    purpose: "input",
    requested: "gopher://x/",
    lexical: "/work/app/x",
    expect: "deny:url",
  },
  {
    name: "input: data: (S05)",
    purpose: "input",
    requested: "data:text/plain,hi",
    lexical: "/work/app/x",
    expect: "deny:malformed",
  },
  {
    name: "input: cache/../etc",
    purpose: "input",
    requested: "/srv/cache/files/../../../etc/passwd",
    lexical: "/etc/passwd",
    expect: "deny:malformed",
  },
  {
    name: "input: a blocked upload",
    purpose: "input",
    requested: "/srv/cache/files/x",
    policy: { ...policy, blockedPaths: ["/srv/cache/files/x"] },
    expect: "deny:blocked",
  },
  // 1.1: what a fn may return (or the developer name) to be copied into the cache.
  {
    name: "cache: an uploaded file (rule 1)",
    purpose: "cache",
    requested: "/srv/cache/files/ab/x.png",
    expect: "allow:cache",
  },
  {
    name: "cache: allowedPaths (rule 2)",
    purpose: "cache",
    requested: "/data/allowed/a.txt",
    expect: "allow:allowed-path",
  },
  {
    name: "cache: working dir, absolute (rule 3, C03)",
    purpose: "cache",
    requested: "/work/app/public.txt",
    expect: "allow:working-dir",
  },
  {
    name: "cache: working dir, relative (C03)",
    purpose: "cache",
    requested: "public.txt",
    lexical: "/work/app/public.txt",
    expect: "allow:working-dir",
  },
  {
    name: "cache: working dir, nested",
    purpose: "cache",
    requested: "out/sub/r.png",
    lexical: "/work/app/out/sub/r.png",
    expect: "allow:working-dir",
  },
  { name: "cache: W/.env (C02)", purpose: "cache", requested: "/work/app/.env", expect: "deny:dot-file" },
  {
    name: "cache: .env relative (C02)",
    purpose: "cache",
    requested: ".env",
    lexical: "/work/app/.env",
    expect: "deny:dot-file",
  },
  {
    name: "cache: W/sub/.git/config (C02)",
    purpose: "cache",
    requested: "/work/app/sub/.git/config",
    expect: "deny:dot-file",
  },
  {
    name: "cache: a link in W to .env",
    purpose: "cache",
    requested: "/work/app/nice.txt",
    real: "/work/app/.env",
    expect: "deny:dot-file",
  },
  {
    name: "cache: a dot-folder named in allowedPaths",
    purpose: "cache",
    requested: "/work/app/.well-known/x.txt",
    expect: "allow:allowed-path",
  },
  {
    name: "cache: a dot-file even when named by the developer",
    purpose: "cache",
    requested: "/work/app/.env",
    named: true,
    expect: "deny:dot-file",
  },
  {
    name: "cache: a dot in a name that is not first",
    purpose: "cache",
    requested: "/work/app/a.b/c.txt",
    expect: "allow:working-dir",
  },
  { name: "cache: temp dir (rule 4, C07)", purpose: "cache", requested: "/tmp/gen/out.png", expect: "allow:temp-dir" },
  {
    name: "cache: a dot-file in the temp dir (rule 4 has no dot rule)",
    purpose: "cache",
    requested: "/tmp/.x",
    expect: "allow:temp-dir",
  },
  {
    name: "cache: developer-named file (rule 5)",
    purpose: "cache",
    requested: "/opt/assets/logo.png",
    named: true,
    expect: "allow:named-by-developer",
  },
  { name: "cache: /etc/passwd (C01)", purpose: "cache", requested: "/etc/passwd", expect: "deny:outside" },
  {
    name: "cache: A/../X resolves outside (C04)",
    purpose: "cache",
    requested: "/data/allowed/../x",
    lexical: "/data/x",
    expect: "deny:outside",
  },
  {
    name: "cache: ../X resolves outside (C04)",
    purpose: "cache",
    requested: "../x",
    lexical: "/work/x",
    expect: "deny:outside",
  },
  {
    name: "cache: a link in A to X (C05)",
    purpose: "cache",
    requested: "/data/allowed/link",
    real: "/outside/x",
    expect: "deny:outside",
  },
  {
    name: "cache: B/secret (C06)",
    purpose: "cache",
    requested: "/data/allowed/blocked/secret",
    expect: "deny:blocked",
  },
  {
    name: "cache: blocked beats the working dir",
    purpose: "cache",
    requested: "/work/app/blocked/x",
    expect: "deny:blocked",
  },
  {
    name: "cache: blocked beats developer-named",
    purpose: "cache",
    requested: "/data/allowed/secret.txt",
    named: true,
    expect: "deny:blocked",
  },
  {
    name: "cache: a working-dir sibling with a shared prefix",
    purpose: "cache",
    requested: "/work/app2/x",
    expect: "deny:outside",
  },
  {
    name: "cache: a null byte",
    purpose: "cache",
    requested: "/work/app/a\0b",
    lexical: "/work/app/a",
    expect: "deny:malformed",
  },
  {
    name: "cache: file:// URL",
    purpose: "cache",
    requested: "file:///etc/passwd",
    lexical: "/work/app/file:/etc/passwd",
    expect: "deny:url",
  },
  {
    name: "cache: a UNC path",
    purpose: "cache",
    requested: "\\\\host\\share\\x",
    lexical: "/work/app/x",
    expect: "deny:malformed",
  },
  { name: "cache: missing", purpose: "cache", requested: "/work/app/none", real: null, expect: "deny:missing" },
  // The app's own data (flagged samples, key file, tokens): refused for every purpose, whatever its name.
  {
    name: "cache: a returned path into the default flagging folder",
    purpose: "cache",
    requested: ".gradio/flagged/f/x.png",
    lexical: "/work/app/.gradio/flagged/f/x.png",
    expect: "deny:private",
  },
  {
    name: "cache: a custom flagging folder without a dot",
    purpose: "cache",
    requested: "flagged/file/ab/x.png",
    lexical: "/work/app/flagged/file/ab/x.png",
    expect: "deny:private",
  },
  {
    name: "cache: the flagging CSV itself",
    purpose: "cache",
    requested: "/work/app/flagged/dataset1.csv",
    expect: "deny:private",
  },
  {
    name: "cache: the encryption key file in a flagging folder",
    purpose: "cache",
    requested: "/work/app/flagged/.gradio-ts-encryption.json",
    expect: "deny:private",
  },
  {
    name: "cache: .. into the flagging folder",
    purpose: "cache",
    requested: "out/../flagged/x.png",
    lexical: "/work/app/flagged/x.png",
    expect: "deny:private",
  },
  {
    name: "cache: a link in W pointing into the flagging folder",
    purpose: "cache",
    requested: "/work/app/nice.png",
    real: "/work/app/flagged/f/x.png",
    expect: "deny:private",
  },
  {
    name: "cache: a link inside the flagging folder pointing out",
    purpose: "cache",
    requested: "/work/app/flagged/link",
    real: "/work/app/public.txt",
    expect: "deny:private",
  },
  {
    name: "cache: a flagging folder inside allowedPaths",
    purpose: "cache",
    requested: "/data/allowed/flags/x.png",
    expect: "deny:private",
  },
  {
    name: "cache: a developer-named file in a flagging folder",
    purpose: "cache",
    requested: "/work/app/flagged/x.png",
    named: true,
    expect: "deny:private",
  },
  {
    name: "cache: the API token store",
    purpose: "cache",
    requested: "/work/app/.gradio-ts/tokens.json",
    expect: "deny:private",
  },
  {
    name: "cache: a sibling sharing the flagging folder's prefix",
    purpose: "cache",
    requested: "/work/app/flagged2/x.png",
    expect: "allow:working-dir",
  },
  {
    name: "cache: flagging folder, other case, case-insensitive fs",
    purpose: "cache",
    requested: "/work/app/FLAGGED/x.png",
    policy: ci,
    expect: "deny:private",
  },
  {
    name: "serve: a flagging folder inside allowedPaths",
    purpose: "serve",
    requested: "/data/allowed/flags/x.png",
    expect: "deny:private",
  },
  {
    name: "serve: a link in allowedPaths into a flagging folder",
    purpose: "serve",
    requested: "/data/allowed/l",
    real: "/work/app/flagged/x",
    expect: "deny:private",
  },
  {
    name: "input: a static path into a flagging folder",
    purpose: "input",
    requested: "/srv/static/l",
    real: "/data/allowed/flags/x",
    expect: "deny:private",
  },
  {
    name: "input: a cache folder made private wins over the cache",
    purpose: "input",
    requested: "/srv/cache/files/ab/x",
    policy: { ...policy, privatePaths: ["/srv/cache/files/ab"] },
    expect: "deny:private",
  },
];

describe("decideAccess: one row per rule and edge case", () => {
  for (const row of rows) {
    test(row.name, () => {
      const lexical = row.lexical ?? row.requested;
      const real = row.real === undefined ? lexical : row.real;
      const decision = decideAccess(
        { purpose: row.purpose, requested: row.requested, lexical, real, namedByDeveloper: row.named },
        row.policy ?? policy,
      );
      assert.equal(`${decision.allowed ? "allow" : "deny"}:${decision.reason}`, row.expect);
    });
  }
});

describe("isInside compares whole components", () => {
  const cases: [string, string, boolean, boolean][] = [
    ["/a/b", "/a/b", false, true],
    ["/a/b/c", "/a/b", false, true],
    ["/a/bc", "/a/b", false, false],
    ["/a", "/a/b", false, false],
    ["/A/B/c", "/a/b", false, false],
    ["/A/B/c", "/a/b", true, true],
    ["/a/b/c", "/a/b/", false, true],
  ];
  for (const [child, parent, caseInsensitive, expected] of cases) {
    test(`${child} in ${parent}${caseInsensitive ? " (ci)" : ""} → ${expected}`, () =>
      assert.equal(isInside(child, parent, caseInsensitive), expected));
  }
});

describe("isMalformedRequestPath", () => {
  const bad = [
    "",
    "a\0b",
    "/a/../b",
    "..",
    "/a/..",
    "\\\\h\\s",
    "//h/x",
    "/a\\b",
    "/a:b",
    "C:/x",
    "/a/b.",
    "/a/b ",
    "/a/PROGRA~1/x",
    "x".repeat(5000),
  ];
  const good = ["/a/b", "/a/./b", "/a/.hidden", "/a/b.c", "/a/b c/d", "/a/%2e%2e/b"];
  for (const raw of bad)
    test(`refuses ${JSON.stringify(raw.slice(0, 30))}`, () => assert.equal(isMalformedRequestPath(raw), true));
  for (const raw of good)
    test(`accepts ${JSON.stringify(raw)}`, () => assert.equal(isMalformedRequestPath(raw), false));
});
