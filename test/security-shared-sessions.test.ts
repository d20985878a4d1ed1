// Logouts hold wherever the session would be accepted: after a restart with the same `sessionSecret`
// (kept in a file), and on every replica sharing one Redis (R2-04). Replicas also count failed
// sign-ins together (R2-10).
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import * as gr from "gradio-ts";
import { connectRedis, RedisKeys } from "../src/queue/redis/connection.js";
import { RedisRevocations } from "../src/queue/redis/revocations.js";
import { SessionStore } from "../src/security/session.js";
import { ensureRedis, startRedis, type TestRedis } from "./helpers/redis.js";
import { startServer, type TestServer } from "./helpers/server.js";

const SECRET = "a-shared-session-secret-of-more-than-32-characters";
const USERS: [string, string][] = [
  ["alice", "alice-pw"],
  ["bob", "bob-pw"],
  ["carol", "carol-pw"],
];

function app() {
  return new gr.Blocks({ title: "logout" }, () => {
    const input = new gr.Textbox({ label: "In" });
    new gr.Button("Go").click({ fn: (s: string) => s, inputs: input, outputs: input, apiName: "echo" });
  });
}

async function login(url: string, username: string): Promise<string> {
  const password = USERS.find(([name]) => name === username)![1];
  const response = await fetch(`${url}/login`, { method: "POST", body: new URLSearchParams({ username, password }) });
  assert.equal(response.status, 200, `login of ${username}`);
  return (response.headers.get("set-cookie") ?? "").split(";")[0]!;
}

async function logout(url: string, cookie: string, everywhere: boolean): Promise<void> {
  const response = await fetch(`${url}/logout?all_session=${everywhere}`, { headers: { cookie }, redirect: "manual" });
  assert.equal(response.status, 302);
}

const configStatus = async (url: string, cookie: string) =>
  (await fetch(`${url}/config`, { headers: { cookie } })).status;

describe("R2-04: a logout outlives a restart with the same sessionSecret", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-logout-"));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  test("logged-out cookies are refused after the restart; other sessions stay valid", async () => {
    const options = { auth: USERS, sessionSecret: SECRET, tokenStore: path.join(dir, "tokens.json") };
    const first = await startServer(app(), options);
    let alice: string, aliceElsewhere: string, bob: string, carolEnded: string, carolKept: string;
    try {
      [alice, aliceElsewhere, bob, carolEnded, carolKept] = [
        await login(first.url, "alice"),
        await login(first.url, "alice"),
        await login(first.url, "bob"),
        await login(first.url, "carol"),
        await login(first.url, "carol"),
      ];
      await logout(first.url, alice, true);
      await logout(first.url, carolEnded, false);
      assert.equal(await configStatus(first.url, aliceElsewhere), 401);
      assert.equal(await configStatus(first.url, carolEnded), 401);
    } finally {
      await first.close();
    }

    const second = await startServer(app(), options);
    try {
      assert.equal(await configStatus(second.url, alice), 401, "alice logged out everywhere before the restart");
      assert.equal(await configStatus(second.url, aliceElsewhere), 401, "…including her other session");
      assert.equal(await configStatus(second.url, carolEnded), 401, "carol's ended session");
      const page = await fetch(`${second.url}/`, { headers: { cookie: alice } });
      assert.match(await page.text(), /<form/i, "the sign-in page, as for anyone signed out");
      assert.equal(await configStatus(second.url, carolKept), 200, "carol's other session is untouched");
      assert.equal(await configStatus(second.url, bob), 200, "bob is untouched");
      assert.equal(await configStatus(second.url, await login(second.url, "alice")), 200, "alice may sign in again");
    } finally {
      await second.close();
    }
    const files = (await readdir(dir)).filter((name) => name.startsWith("revoked-sessions-"));
    assert.equal(files.length, 1, "one revocation file, next to the token file");
    assert.equal((await stat(path.join(dir, files[0]!))).mode & 0o777, 0o600, "readable by its owner only");
  });
});

// Two replicas as two servers in this process: each has its own session store and its own Redis
// connections, so only what goes through Redis is shared (as between processes).
describe(
  "two replicas on one Redis: shared logouts and sign-in throttling",
  { skip: ensureRedis() ? false : "redis-server is not installed" },
  () => {
    let redis: TestRedis;
    let dir: string;
    const replicas: TestServer[] = [];
    let A: string, B: string;

    before(async () => {
      redis = await startRedis();
      dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-logout-redis-"));
      const options = {
        auth: USERS,
        sessionSecret: SECRET,
        redisUrl: redis.url,
        redisKeyPrefix: "logout",
        tokenStore: path.join(dir, "tokens.json"),
      };
      for (let i = 0; i < 2; i++) replicas.push(await startServer(app(), options));
      [A, B] = replicas.map((r) => r.url) as [string, string];
    });

    after(async () => {
      for (const replica of replicas) await replica.close();
      await redis?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    test("R2-04: one session, then all of a user's, ended on A are refused on B, and the reverse; others stay valid", async () => {
      const alice = await login(A, "alice");
      const aliceElsewhere = await login(A, "alice");
      const bob = await login(B, "bob");
      assert.equal(await configStatus(B, alice), 200, "sessions are shared by the replicas");
      await logout(A, alice, false);
      assert.equal(await configStatus(B, alice), 401, "logged out on A, refused on B");
      assert.equal(await configStatus(A, alice), 401);
      assert.equal(await configStatus(B, aliceElsewhere), 200, "only that session ended");
      await logout(B, aliceElsewhere, true);
      assert.equal(await configStatus(A, aliceElsewhere), 401, "logged out everywhere on B, refused on A");
      assert.equal(await configStatus(A, bob), 200, "bob is untouched");
      assert.equal(await configStatus(B, bob), 200);
      const again = await login(B, "alice");
      assert.equal(await configStatus(A, again), 200, "alice may sign in again, on any replica");
      assert.equal(
        readdirSync(dir).some((name) => name.startsWith("revoked-sessions-")),
        false,
        "with Redis, no local file",
      );
    });

    test("R2-10: failed sign-ins are counted across replicas; the real user, from elsewhere, still signs in", async () => {
      const attempt = (url: string, ip: string, username: string, password: string) =>
        fetch(`${url}/login`, {
          method: "POST",
          headers: { "x-forwarded-for": ip },
          body: new URLSearchParams({ username, password }),
        });
      const attacker = "203.0.113.99";
      const statuses: number[] = [];
      // Alternating replicas, as a round-robin balancer would: still 5 free failures in all, not 5 each.
      for (let i = 0; i < 8; i++)
        statuses.push((await attempt(i % 2 === 0 ? A : B, attacker, "carol", `guess${i}`)).status);
      assert.deepEqual(statuses, [400, 400, 400, 400, 400, 400, 429, 429]);
      const slowed = await attempt(A, attacker, "carol", "carol-pw");
      assert.equal(slowed.status, 429);
      assert.ok(Number(slowed.headers.get("retry-after")) >= 1);
      assert.equal((await attempt(B, "198.51.100.20", "carol", "carol-pw")).status, 200, "carol from her own address");
      assert.equal((await attempt(A, "198.51.100.20", "carol", "carol-pw")).status, 200);
    });

    test("R2-04: fractional session lifetimes are kept in Redis too (whole-millisecond TTLs)", async () => {
      const connection = await connectRedis(redis.url, "revocation-test");
      try {
        const revocations = new RedisRevocations(connection, new RedisKeys("fractional"), "scope");
        const sessions = new SessionStore({ secret: SECRET, maxAgeSeconds: 30.0005, revocations });
        const one = await sessions.issue({ username: "alice", roles: [] });
        const all = await sessions.issue({ username: "bob", roles: [] });
        await sessions.revoke(one, false);
        await sessions.revoke(all, true);
        assert.equal(await sessions.verify(one), null);
        assert.equal(await sessions.verify(all), null);
        assert.ok(await sessions.verify(await sessions.issue({ username: "bob", roles: [] })));
      } finally {
        connection.disconnect();
      }
    });

    test(
      "R2-04: while Redis is down a session cookie gets 503 (never accepted unchecked); all recover with Redis",
      { timeout: 60_000 },
      async () => {
        const bob = await login(A, "bob");
        await redis.kill();
        try {
          const refused = await fetch(`${A}/config`, { headers: { cookie: bob } });
          assert.equal(refused.status, 503);
          const detail = ((await refused.json()) as { detail: string }).detail;
          assert.match(detail, /session store/);
          assert.doesNotMatch(detail, /\/tmp|\/home|redis:\/\//);
          assert.equal((await fetch(`${A}/`)).status, 200, "the sign-in page is still served");
          const signIn = await fetch(`${A}/login`, {
            method: "POST",
            body: new URLSearchParams({ username: "carol", password: "carol-pw" }),
          });
          assert.equal(signIn.status, 503, "sign-in waits for the shared throttle and session store");
        } finally {
          await redis.restart();
        }
        // The revocations were in the killed Redis (no persistence here): only availability is checked.
        let status = 0;
        for (let i = 0; i < 100 && status !== 200; i++) {
          status = await configStatus(A, bob);
          if (status !== 200) await sleep(100);
        }
        assert.equal(status, 200);
        assert.equal(await configStatus(B, bob), 200, "and on the other replica");
      },
    );
  },
);
