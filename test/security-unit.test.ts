// Pure security decisions: origins, redirects, password compare, sessions, throttling, roles, CSP sources.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { constantTimeEqual, createCredentialChecker } from "../src/security/auth.js";
import { checkFrameAncestors, cspDirectives } from "../src/security/headers.js";
import { basePath } from "../src/security/login-routes.js";
import {
  canonicalOrigin,
  classifyOrigin,
  isForgedRequest,
  parseAllowedOrigins,
  requestOrigin,
} from "../src/security/origin.js";
import { safeRedirectPath } from "../src/security/redirect.js";
import { LocalRevocations } from "../src/security/revocations.js";
import { hasRequiredRole } from "../src/security/roles.js";
import { SessionStore } from "../src/security/session.js";
import { FailureThrottle } from "../src/security/throttle.js";

const SELF = ["http://127.0.0.1:7860"];

describe("origin checks (O01–O04)", () => {
  const allowed = parseAllowedOrigins(["https://app.example.com", "http://localhost:3000/"]);

  test("the app's own origin is same-origin, whatever the case or default port", () => {
    assert.equal(classifyOrigin({ origin: "http://127.0.0.1:7860", selfOrigins: SELF, allowed }), "same");
    assert.equal(
      classifyOrigin({ origin: "HTTP://EXAMPLE.COM:80", selfOrigins: ["http://example.com"], allowed }),
      "same",
    );
    assert.equal(requestOrigin("http", "example.com:80"), "http://example.com");
  });

  test("null, foreign, prefix and suffix tricks are foreign", () => {
    for (const origin of [
      "null",
      "http://evil.example",
      "http://localhost.evil.example",
      "http://127.0.0.1.evil.example",
      "http://127.0.0.1:7860.evil.example",
      "http://127.0.0.1:78600",
      "https://127.0.0.1:7860",
      "http://evil.example/http://127.0.0.1:7860",
      "http://user@127.0.0.1:7860",
      "file://",
      "javascript:alert(1)",
      "https://app.example.com.evil.example",
      "https://evilapp.example.com",
    ]) {
      assert.equal(classifyOrigin({ origin, selfOrigins: SELF, allowed }), "foreign", origin);
    }
  });

  test("allowedOrigins widen exactly", () => {
    assert.equal(classifyOrigin({ origin: "https://app.example.com", selfOrigins: SELF, allowed }), "allowed");
    assert.equal(classifyOrigin({ origin: "http://localhost:3000", selfOrigins: SELF, allowed }), "allowed");
    assert.equal(classifyOrigin({ origin: "http://localhost:3001", selfOrigins: SELF, allowed }), "foreign");
    assert.equal(classifyOrigin({ origin: undefined, selfOrigins: SELF, allowed }), "none");
  });

  test("bad allowedOrigins entries stop the launch", () => {
    for (const entry of ["*", "null", "example.com", "https://example.com/path", "ftp://example.com"]) {
      assert.throws(() => parseAllowedOrigins([entry]), /allowedOrigins/, entry);
    }
    assert.equal(canonicalOrigin("https://Example.COM:443"), "https://example.com");
  });

  test("origins give the same answer when asked again, and after a flood of distinct ones", () => {
    const cases: [string, string | null][] = [
      ["https://Example.COM:443", "https://example.com"],
      ["http://localhost.evil.example", "http://localhost.evil.example"],
      ["https://user:pw@example.com", null],
      ["null", null],
      [`https://${"a".repeat(2050)}.example`, null],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [value, expected] of cases) assert.equal(canonicalOrigin(value), expected, value);
      for (let i = 0; i < 300; i++)
        assert.equal(canonicalOrigin(`http://h${round}-${i}.example`), `http://h${round}-${i}.example`);
    }
  });

  test("state-changing requests from foreign origins are forgeries; reads and clients without Origin are not", () => {
    assert.equal(isForgedRequest("POST", "foreign", undefined), true);
    assert.equal(isForgedRequest("DELETE", "foreign", undefined), true);
    assert.equal(isForgedRequest("POST", "none", "cross-site"), true);
    assert.equal(isForgedRequest("POST", "none", undefined), false);
    assert.equal(isForgedRequest("POST", "same", "same-origin"), false);
    assert.equal(isForgedRequest("POST", "allowed", "cross-site"), false);
    assert.equal(isForgedRequest("GET", "foreign", "cross-site"), false);
  });
});

describe("redirect targets (O05)", () => {
  test("only same-origin paths pass", () => {
    for (const target of ["/", "/app/", "/page?x=1#y", "/a/b%20c"]) assert.equal(safeRedirectPath(target), target);
    for (const target of [
      "https://evil.example",
      "//evil.example",
      "////evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "%2F%2Fevil.example",
      "/%2F%2Fevil.example",
      "/%5Cevil.example",
      "/%252F%252Fevil.example",
      "/\tevil",
      "/\n/evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      "/%zz",
      42,
      null,
    ]) {
      assert.equal(safeRedirectPath(target), null, String(target));
    }
  });

  test("the app's base path comes from rootPath only", () => {
    assert.equal(basePath(undefined), "");
    assert.equal(basePath("/app/"), "/app");
    assert.equal(basePath("https://host.example/sub/"), "/sub");
    assert.equal(basePath("app"), "/app");
  });
});

describe("credentials (A01, A02)", () => {
  test("constantTimeEqual compares whole values of any length", () => {
    assert.equal(constantTimeEqual("pw", "pw"), true);
    assert.equal(constantTimeEqual("pw", "pW"), false);
    assert.equal(constantTimeEqual("pw", "pw "), false);
    assert.equal(constantTimeEqual("", ""), true);
    assert.equal(constantTimeEqual("a".repeat(10_000), "a".repeat(9_999)), false);
  });

  test("a list of pairs, with optional roles", async () => {
    const checker = createCredentialChecker([
      ["alice", "pw"],
      ["bob", "hunter2", ["admin"]],
    ]);
    assert.deepEqual(await checker.verify("alice", "pw"), { username: "alice", roles: [] });
    assert.deepEqual(await checker.verify("bob", "hunter2"), { username: "bob", roles: ["admin"] });
    assert.equal(await checker.verify("alice", "hunter2"), null);
    assert.equal(await checker.verify("carol", "pw"), null);
    assert.equal(await checker.verify("alice", ""), null);
    assert.equal(await checker.verify("", "pw"), null);
    assert.equal(await checker.verify("alice", "x".repeat(5000)), null);
    const single = createCredentialChecker(["solo", "pw"]);
    assert.deepEqual(await single.verify("solo", "pw"), { username: "solo", roles: [] });
  });

  test("a function, which may give roles, and whose failures refuse", async () => {
    const errors: unknown[] = [];
    const checker = createCredentialChecker(
      async (u, p) => {
        if (u === "boom") throw new Error("db down");
        if (u === "root" && p === "x") return { roles: ["admin", "ops"] };
        return u === p;
      },
      (e) => errors.push(e),
    );
    assert.deepEqual(await checker.verify("root", "x"), { username: "root", roles: ["admin", "ops"] });
    assert.deepEqual(await checker.verify("same", "same"), { username: "same", roles: [] });
    assert.equal(await checker.verify("same", "other"), null);
    assert.equal(await checker.verify("boom", "x"), null);
    assert.equal(errors.length, 1);
  });

  test("bad auth settings are refused at launch", () => {
    assert.throws(() => createCredentialChecker([]), /empty/);
    assert.throws(() => createCredentialChecker([["alice", ""]]), /non-empty/);
    assert.throws(() => createCredentialChecker([["alice", "pw", ["bad role!"]]]), /roles/);
  });
});

describe("sessions (A03, A07)", () => {
  test("a token verifies, survives JS's cookie parser and carries user and roles", async () => {
    const store = new SessionStore();
    const token = await store.issue({ username: "alice", roles: ["admin"] });
    assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    assert.deepEqual(await store.verify(token), { username: "alice", roles: ["admin"] });
    assert.match(store.cookieId, /^[A-Za-z0-9_-]{43}$/);
  });

  test("tampered, truncated, foreign-key and garbage tokens are refused", async () => {
    const store = new SessionStore();
    const token = await store.issue({ username: "alice", roles: [] });
    const [body, mac] = token.split(".") as [string, string];
    const forgedBody = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, "base64url").toString()), u: "admin", r: ["admin"] }),
    ).toString("base64url");
    assert.equal(await store.verify(`${forgedBody}.${mac}`), null);
    assert.equal(await store.verify(`${body}.${mac.slice(0, -2)}`), null);
    assert.equal(await store.verify(`${body}.`), null);
    assert.equal(await store.verify(body), null);
    assert.equal(await store.verify(""), null);
    assert.equal(await store.verify("a.b.c"), null);
    assert.equal(await store.verify(undefined), null);
    assert.equal(await new SessionStore().verify(token), null, "another process's random secret");
    // A token signed with a well-known secret is worthless to a process with its own secret.
    const known = await new SessionStore({ secret: "x".repeat(32) }).issue({ username: "alice", roles: [] });
    assert.equal(await store.verify(known), null);
    assert.deepEqual(
      await new SessionStore({ secret: "x".repeat(32) }).verify(known),
      { username: "alice", roles: [] },
      "same configured secret: shared across processes",
    );
    assert.throws(() => new SessionStore({ secret: "short" }), /32 characters/);
  });

  test("tokens expire", async () => {
    let now = 1_000_000;
    const store = new SessionStore({ maxAgeSeconds: 60, now: () => now });
    const token = await store.issue({ username: "alice", roles: [] });
    now += 59_000;
    assert.ok(await store.verify(token));
    now += 1_000;
    assert.equal(await store.verify(token), null);
  });

  test("logout ends one session, or all of the user's", async () => {
    let now = 1_000_000;
    const store = new SessionStore({ now: () => now });
    const a = await store.issue({ username: "alice", roles: [] });
    const b = await store.issue({ username: "alice", roles: [] });
    const c = await store.issue({ username: "carol", roles: [] });
    assert.equal(await store.revoke(a, false), "alice");
    assert.equal(await store.verify(a), null);
    assert.ok(await store.verify(b));
    await store.revoke(b, true);
    assert.equal(await store.verify(b), null);
    assert.ok(await store.verify(c));
    const fresh = await store.issue({ username: "alice", roles: [] });
    assert.ok(await store.verify(fresh), "a sign-in after logout works, even in the same millisecond");
    now += 1;
    assert.ok(await store.verify(fresh));
  });

  test("R2-04: with a revocation file, logouts outlive the process; entries expire; the file stays bounded", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-revoked-"));
    try {
      let now = 1_000_000;
      const file = path.join(dir, "sub", "revoked.json");
      const settings = (maxSessions?: number) => ({
        secret: "s".repeat(32),
        maxAgeSeconds: 60,
        now: () => now,
        revocations: new LocalRevocations({ file, now: () => now, maxSessions }),
      });
      const first = new SessionStore(settings());
      const ended = await first.issue({ username: "alice", roles: [] });
      const everywhere = await first.issue({ username: "bob", roles: [] });
      const kept = await first.issue({ username: "carol", roles: [] });
      await first.revoke(ended, false);
      await first.revoke(everywhere, true);
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      assert.doesNotMatch(await readFile(file, "utf8"), /bob|alice/, "no user name in clear");
      const restarted = new SessionStore(settings());
      assert.equal(await restarted.verify(ended), null, "one session ended before the restart");
      assert.equal(await restarted.verify(everywhere), null, "all of bob's sessions ended before the restart");
      assert.ok(await restarted.verify(kept), "carol is still signed in");
      assert.ok(await restarted.verify(await restarted.issue({ username: "bob", roles: [] })), "bob may sign in again");
      // Entries go once the sessions they void have expired.
      now += 61_000;
      await restarted.revoke(await restarted.issue({ username: "dave", roles: [] }), false);
      const saved = JSON.parse(await readFile(file, "utf8")) as { sessions: object; users: object };
      assert.equal(Object.keys(saved.sessions).length, 1);
      assert.equal(Object.keys(saved.users).length, 0);
      // Past the cap, a logout voids that user's older sessions instead of adding an entry.
      const capped = new SessionStore(settings(1));
      const older = await capped.issue({ username: "erin", roles: [] });
      now += 1;
      const logout = await capped.issue({ username: "erin", roles: [] });
      now += 1;
      const newer = await capped.issue({ username: "erin", roles: [] });
      await capped.revoke(logout, false);
      assert.equal(await capped.verify(logout), null);
      assert.equal(await capped.verify(older), null);
      assert.ok(await capped.verify(newer));
      const bounded = JSON.parse(await readFile(file, "utf8")) as { sessions: object; users: object };
      assert.equal(Object.keys(bounded.sessions).length, 1);
      // A file that cannot be read refuses sessions (the server answers 503), never accepts them.
      await writeFile(file, "not json");
      await assert.rejects(capped.verify(newer));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("sign-in throttling (A05)", () => {
  test("waiting starts after the free failures and doubles, capped; success clears", () => {
    let now = 0;
    const throttle = new FailureThrottle({ freeFailures: 3, maxDelayMs: 8_000, now: () => now });
    for (let i = 0; i < 3; i++) throttle.fail("user:alice");
    assert.equal(throttle.retryAfterSeconds("user:alice"), 0);
    throttle.fail("user:alice");
    assert.equal(throttle.retryAfterSeconds("user:alice"), 1);
    throttle.fail("user:alice");
    assert.equal(throttle.retryAfterSeconds("user:alice"), 2);
    for (let i = 0; i < 10; i++) throttle.fail("user:alice");
    assert.equal(throttle.retryAfterSeconds("user:alice"), 8);
    assert.equal(throttle.retryAfterSeconds("user:bob"), 0);
    now += 8_000;
    assert.equal(throttle.retryAfterSeconds("user:alice"), 0);
    throttle.succeed("user:alice");
    throttle.fail("user:alice");
    assert.equal(throttle.retryAfterSeconds("user:alice"), 0);
  });

  test("memory stays bounded", () => {
    const throttle = new FailureThrottle({ freeFailures: 0, maxEntries: 100 });
    for (let i = 0; i < 1000; i++) throttle.fail(`ip:${i}`);
    assert.equal(throttle.retryAfterSeconds("ip:0"), 0, "oldest forgotten");
    assert.equal(throttle.retryAfterSeconds("ip:999"), 1);
  });
});

describe("roles and CSP sources", () => {
  test("an endpoint with roles needs one of them", () => {
    assert.equal(hasRequiredRole(undefined, null), true);
    assert.equal(hasRequiredRole([], null), true);
    assert.equal(hasRequiredRole(["admin"], null), false);
    assert.equal(hasRequiredRole(["admin"], { username: "a", roles: [] }), false);
    assert.equal(hasRequiredRole(["admin", "ops"], { username: "a", roles: ["ops"] }), true);
  });

  test("frame-ancestors accepts sources only, and the CSP has no inline script", () => {
    assert.deepEqual(checkFrameAncestors(undefined), ["'self'"]);
    assert.deepEqual(checkFrameAncestors(["https://example.com", "'self'"]), ["https://example.com", "'self'"]);
    for (const bad of ["*", "https://a.example; script-src *", "'unsafe-inline'", "data:"])
      assert.throws(() => checkFrameAncestors([bad]), /frameAncestors/, bad);
    const csp = cspDirectives(["'self'"]);
    assert.deepEqual(csp["script-src"], ["'self'"]);
    // The page may fetch only its own origin and the blob: URLs it made itself, never another origin.
    assert.deepEqual(csp["connect-src"], ["'self'", "blob:"]);
    assert.ok(!Object.values(csp).flat().includes("'unsafe-eval'"));
  });
});
