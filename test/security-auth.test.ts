// Sign-in on a real server: the login routes, sessions, the routes they guard, and the official client (A01–A05, A07, O05).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "@gradio/client";
import * as gr from "gradio-ts";
import { startServer, type TestServer } from "./helpers/server.js";

function whoAmIApp() {
  return new gr.Blocks({ title: "auth test" }, () => {
    const input = new gr.Textbox({ label: "In" });
    const output = new gr.Textbox({ label: "Out" });
    new gr.Button("Go").click({
      fn: function whoami(s: string, context: gr.EventContext) {
        return `${s}:${context.request.username ?? "anonymous"}:${context.request.roles.join("+")}`;
      },
      inputs: input,
      outputs: output,
      apiName: "whoami",
    });
  });
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields);

async function login(url: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${url}/login`, { method: "POST", body: form({ username, password }) });
  assert.equal(response.status, 200, `login of ${username}`);
  const setCookie = response.headers.get("set-cookie") ?? "";
  return setCookie.split(";")[0] ?? "";
}

/** Joins the queue and reads the session stream to the end; returns the completed message. */
async function run(url: string, cookie: string, value: string): Promise<{ status: number; output?: unknown }> {
  const session = `s-${Math.random().toString(36).slice(2)}`;
  const joined = await fetch(`${url}/gradio_api/queue/join`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ data: [value], fn_index: 0, session_hash: session }),
  });
  if (joined.status !== 200) return { status: joined.status };
  const stream = await (
    await fetch(`${url}/gradio_api/queue/data?session_hash=${session}`, { headers: { cookie } })
  ).text();
  const completed = stream
    .split("\n\n")
    .filter((f) => f.startsWith("data: "))
    .map((f) => JSON.parse(f.slice(6)) as { msg: string; output?: { data: unknown[] } })
    .find((m) => m.msg === "process_completed");
  return { status: 200, output: completed?.output?.data?.[0] };
}

describe("sign-in with a list of users", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer(whoAmIApp(), {
      auth: [
        ["alice", "pw"],
        ["bob", "builder", ["admin"]],
      ],
      authMessage: "Staff only <b>please</b>",
    });
  });
  after(async () => server.close());

  test("A04: every API route refuses without a session, with Gradio's 401 body", async () => {
    const routes: [string, string, BodyInit?][] = [
      ["GET", "/config"],
      ["GET", "/config/"],
      ["GET", "/gradio_api/info"],
      ["GET", "/gradio_api/app_id"],
      ["POST", "/gradio_api/queue/join", JSON.stringify({ data: ["x"], fn_index: 0, session_hash: "s" })],
      ["GET", "/gradio_api/queue/data?session_hash=s"],
      ["GET", "/gradio_api/heartbeat/s"],
      ["POST", "/gradio_api/call/whoami", JSON.stringify({ data: ["x"] })],
      ["POST", "/gradio_api/upload", new FormData()],
      ["GET", "/gradio_api/file=/etc/hostname"],
      ["POST", "/gradio_api/cancel", JSON.stringify({ session_hash: "s", fn_index: 0, event_id: "e" })],
      ["GET", "/assets/index.js"],
      ["GET", "/no/such/route"],
    ];
    for (const [method, route, body] of routes) {
      const response = await fetch(`${server.url}${route}`, {
        method,
        body,
        headers: typeof body === "string" ? { "content-type": "application/json" } : {},
      });
      assert.equal(response.status, 401, `${method} ${route}`);
      assert.deepEqual(
        await response.json(),
        { detail: { error: "Not authenticated", auth_message: "Staff only <b>please</b>" } },
        route,
      );
    }
  });

  test("GET / is a script-free sign-in form that posts to login, with the message escaped", async () => {
    const response = await fetch(`${server.url}/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /text\/html/);
    const html = await response.text();
    assert.match(html, /<form method="post" action="login"/);
    assert.match(html, /name="username"/);
    assert.match(html, /name="password" type="password"/);
    assert.ok(!/<script/i.test(html));
    assert.ok(html.includes("Staff only &lt;b&gt;please&lt;/b&gt;"));
    assert.deepEqual(await (await fetch(`${server.url}/gradio_api/login_check`)).json(), {
      detail: { error: "Not authenticated", auth_message: "Staff only <b>please</b>" },
    });
  });

  test("A01: a wrong password or unknown user gets 400 and no cookie", async () => {
    for (const [username, password] of [
      ["alice", "wrong"],
      ["mallory", "pw"],
      ["alice", ""],
      ["", ""],
    ] as const) {
      const response = await fetch(`${server.url}/login`, { method: "POST", body: form({ username, password }) });
      assert.equal(response.status, 400, `${username}/${password}`);
      assert.deepEqual(await response.json(), { detail: "Incorrect credentials." });
      assert.equal(response.headers.get("set-cookie"), null);
    }
  });

  test("urlencoded and multipart sign-ins set an HttpOnly SameSite cookie named as Gradio names it", async () => {
    const urlencoded = await fetch(`${server.url}/login/`, {
      method: "POST",
      body: form({ username: " alice ", password: "pw" }),
    });
    assert.equal(urlencoded.status, 200);
    assert.deepEqual(await urlencoded.json(), { success: true });
    const cookie = urlencoded.headers.get("set-cookie") ?? "";
    assert.match(cookie, /^access-token-unsecure-[A-Za-z0-9_-]{43}=[A-Za-z0-9_.-]+;/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Max-Age=86400/);
    assert.doesNotMatch(cookie, /Secure/, "plain HTTP: no Secure flag, or clients would drop it");

    const multipart = new FormData();
    multipart.append("username", "bob");
    multipart.append("password", "builder");
    const response = await fetch(`${server.url}/login`, { method: "POST", body: multipart });
    assert.equal(response.status, 200);
    const session = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const config = (await (await fetch(`${server.url}/config`, { headers: { cookie: session } })).json()) as {
      username: string;
    };
    assert.equal(config.username, "bob");
    assert.equal(await (await fetch(`${server.url}/gradio_api/user`, { headers: { cookie: session } })).json(), "bob");
    assert.equal(
      await (await fetch(`${server.url}/gradio_api/login_check`, { headers: { cookie: session } })).json(),
      null,
    );
  });

  test("gr.Request carries the signed-in user and roles into the fn", async () => {
    assert.deepEqual(await run(server.url, await login(server.url, "alice", "pw"), "hi"), {
      status: 200,
      output: "hi:alice:",
    });
    assert.deepEqual(await run(server.url, await login(server.url, "bob", "builder"), "yo"), {
      status: 200,
      output: "yo:bob:admin",
    });
  });

  test("A03: tampered, foreign and made-up cookies are refused", async () => {
    const cookie = await login(server.url, "alice", "pw");
    const [name, token] = cookie.split("=") as [string, string];
    const [body, mac] = token.split(".") as [string, string];
    const payload = JSON.parse(Buffer.from(body, "base64url").toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...payload, u: "bob", r: ["admin"] })).toString("base64url");
    for (const bad of [
      `${name}=${forged}.${mac}`,
      `${name}=${token}x`,
      `${name}=${body}`,
      `${name}=null`,
      `access-token-unsecure-other=${token}`,
    ]) {
      assert.equal((await fetch(`${server.url}/config`, { headers: { cookie: bad } })).status, 401, bad);
    }
    // A cookie another process signed (each has its own random secret) is refused here.
    const other = await startServer(whoAmIApp(), { auth: [["alice", "pw"]] });
    try {
      const otherCookie = await login(other.url, "alice", "pw");
      const otherToken = otherCookie.split("=")[1];
      assert.equal((await fetch(`${server.url}/config`, { headers: { cookie: `${name}=${otherToken}` } })).status, 401);
    } finally {
      await other.close();
    }
  });

  test("logout ends the session and redirects only to a same-origin path (O05)", async () => {
    const cookie = await login(server.url, "alice", "pw");
    const spare = await login(server.url, "alice", "pw");
    const other = await login(server.url, "bob", "builder");
    assert.equal((await fetch(`${server.url}/config`, { headers: { cookie } })).status, 200);
    const out = await fetch(`${server.url}/logout?_target_url=${encodeURIComponent("//evil.example")}`, {
      headers: { cookie },
      redirect: "manual",
    });
    assert.equal(out.status, 302);
    assert.equal(out.headers.get("location"), "/");
    assert.match(out.headers.get("set-cookie") ?? "", /access-token-unsecure-[^=]+=;/);
    assert.equal((await fetch(`${server.url}/config`, { headers: { cookie } })).status, 401);
    assert.equal(
      (await fetch(`${server.url}/config`, { headers: { cookie: spare } })).status,
      401,
      "all of alice's sessions end by default",
    );
    assert.equal(
      (await fetch(`${server.url}/config`, { headers: { cookie: other } })).status,
      200,
      "bob stays signed in",
    );
    for (const target of ["https://evil.example", "/\\evil.example", "%2F%2Fevil.example", "////evil.example"]) {
      const response = await fetch(`${server.url}/logout?_target_url=${encodeURIComponent(target)}`, {
        redirect: "manual",
      });
      assert.equal(response.headers.get("location"), "/", target);
    }
    const inside = await fetch(`${server.url}/logout?_target_url=${encodeURIComponent("/?bye=1")}`, {
      redirect: "manual",
    });
    assert.equal(inside.headers.get("location"), "/?bye=1");
  });

  test("the sign-in form (browser) is redirected, to a same-origin target only", async () => {
    const ok = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { accept: "text/html,application/xhtml+xml" },
      body: form({ username: "alice", password: "pw", _target_url: "https://evil.example/" }),
      redirect: "manual",
    });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get("location"), "/");
    assert.ok(ok.headers.get("set-cookie"));
    const bad = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { accept: "text/html" },
      body: form({ username: "alice", password: "nope" }),
      redirect: "manual",
    });
    assert.equal(bad.status, 303);
    assert.equal(bad.headers.get("location"), "/?login_error=1");
    assert.match(await (await fetch(`${server.url}/?login_error=1`)).text(), /Incorrect username or password/);
  });

  test("the official JS client signs in and calls; wrong credentials fail to connect", async () => {
    const client = await Client.connect(server.url, { auth: ["alice", "pw"] });
    const result = await client.predict("/whoami", { s: "js" });
    assert.deepEqual(result.data, ["js:alice:"]);
    client.close();
    await assert.rejects(Client.connect(server.url, { auth: ["alice", "nope"] }));
    await assert.rejects(Client.connect(server.url));
  });
});

describe("sign-in protections", () => {
  test("A05: repeated failures are slowed per user and per IP, and the route is rate-limited", async () => {
    const server = await startServer(whoAmIApp(), {
      auth: [
        ["alice", "pw"],
        ["carol", "pw2"],
      ],
    });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 12; i++) {
        const response = await fetch(`${server.url}/login`, {
          method: "POST",
          body: form({ username: "alice", password: `guess${i}` }),
        });
        statuses.push(response.status);
        if (response.status === 429) {
          retryAfter = response.headers.get("retry-after");
          assert.match(((await response.json()) as { detail: string }).detail, /Too many requests/);
        }
      }
      assert.deepEqual(statuses.slice(0, 5), [400, 400, 400, 400, 400]);
      assert.ok(statuses.slice(5).every((s) => s === 429 || s === 400) && statuses.includes(429), statuses.join(","));
      assert.ok(Number(retryAfter) >= 1);
      // Even the right password waits while alice's attempts are throttled…
      assert.equal(
        (await fetch(`${server.url}/login`, { method: "POST", body: form({ username: "alice", password: "pw" }) }))
          .status,
        429,
      );
      // …but another user is not locked out by alice's attacker (until the per-IP budget runs out).
      assert.equal(
        (await fetch(`${server.url}/login`, { method: "POST", body: form({ username: "carol", password: "pw2" }) }))
          .status,
        200,
      );
      // Past 30 attempts a minute from one IP, every attempt gets 429 from the rate limiter.
      let last = 0;
      for (let i = 0; i < 30; i++)
        last = (
          await fetch(`${server.url}/login`, { method: "POST", body: form({ username: `u${i}`, password: "x" }) })
        ).status;
      assert.equal(last, 429);
      assert.equal(
        (await fetch(`${server.url}/login`, { method: "POST", body: form({ username: "carol", password: "pw2" }) }))
          .status,
        429,
      );
    } finally {
      await server.close();
    }
  });

  test(
    "R2-10: a stranger's wrong guesses slow only their own (user, IP); the real user still signs in; one IP spraying is capped",
    { timeout: 60_000 },
    async () => {
      const server = await startServer(whoAmIApp(), {
        auth: [
          ["alice", "pw"],
          ["carol", "pw2"],
        ],
      });
      // Loopback is a trusted proxy by default: X-Forwarded-For then names the client, as behind nginx.
      const from = (ip: string, username: string, password: string) =>
        fetch(`${server.url}/login`, {
          method: "POST",
          headers: { "x-forwarded-for": ip },
          body: form({ username, password }),
        });
      const attacker = "203.0.113.66";
      const realUser = "198.51.100.7";
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 8; i++) statuses.push((await from(attacker, "alice", `guess${i}`)).status);
        assert.deepEqual(
          statuses,
          [400, 400, 400, 400, 400, 400, 429, 429],
          "the attacker's pair is slowed after 5 free failures",
        );
        // The real user, from their own address, signs in while the attacker keeps trying.
        assert.equal((await from(realUser, "alice", "pw")).status, 200);
        assert.equal((await from(attacker, "alice", "guess-again")).status, 429);
        assert.equal((await from(realUser, "alice", "pw")).status, 200);
        // The attacker's own pair waits, even with the right password, and each wait is longer.
        const slowed = await from(attacker, "alice", "pw");
        assert.equal(slowed.status, 429);
        assert.match(((await slowed.json()) as { detail: string }).detail, /Too many requests: retry in \d+ second/);
        const waits: number[] = [];
        for (let round = 0; round < 3; round++) {
          let response = await from(attacker, "alice", `round${round}`);
          while (response.status === 429) {
            await sleep(Number(response.headers.get("retry-after")) * 1000);
            response = await from(attacker, "alice", `round${round}`);
          }
          assert.equal(response.status, 400);
          const blocked = await from(attacker, "alice", "pw");
          assert.equal(blocked.status, 429);
          waits.push(Number(blocked.headers.get("retry-after")));
        }
        assert.ok(waits[0]! >= 1 && waits[2]! > waits[0]!, `growing waits: ${waits.join(", ")}`);
        // One address trying many usernames is capped per IP (20 free failures, then waiting), whoever it names next.
        const sprayer = "192.0.2.9";
        for (let i = 0; i < 21; i++) assert.equal((await from(sprayer, `user${i}`, "x")).status, 400);
        const capped = await from(sprayer, "carol", "pw2");
        assert.equal(capped.status, 429);
        assert.ok(Number(capped.headers.get("retry-after")) >= 1);
        // …and everyone else is still served.
        assert.equal((await from(realUser, "carol", "pw2")).status, 200);
        assert.equal(
          (await fetch(`${server.url}/config`, { headers: { cookie: await login(server.url, "alice", "pw") } })).status,
          200,
        );
      } finally {
        await server.close();
      }
    },
  );

  test("an auth function may give roles; sessions expire; a launch without auth has open routes", async () => {
    const server = await startServer(whoAmIApp(), {
      auth: async (username, password) => (username === "root" && password === "toor" ? { roles: ["admin"] } : false),
      sessionMaxAgeSeconds: 1,
    });
    try {
      const cookie = await login(server.url, "root", "toor");
      assert.deepEqual(await run(server.url, cookie, "x"), { status: 200, output: "x:root:admin" });
      await sleep(1100);
      assert.equal((await fetch(`${server.url}/config`, { headers: { cookie } })).status, 401, "expired");
    } finally {
      await server.close();
    }
    const open = await startServer(whoAmIApp());
    try {
      assert.equal((await fetch(`${open.url}/config`)).status, 200);
      assert.equal(await (await fetch(`${open.url}/gradio_api/login_check`)).json(), null);
      const login = await fetch(`${open.url}/login`, {
        method: "POST",
        body: form({ username: "a", password: "b" }),
        redirect: "manual",
      });
      assert.equal(login.status, 302);
      assert.deepEqual(await run(open.url, "", "x"), { status: 200, output: "x:anonymous:" });
    } finally {
      await open.close();
    }
  });

  test("A07: a configured sessionSecret shares sessions between processes; a short one is refused", async () => {
    const secret = "s".repeat(16) + "e".repeat(16);
    const a = await startServer(whoAmIApp(), { auth: [["alice", "pw"]], sessionSecret: secret });
    const b = await startServer(whoAmIApp(), { auth: [["alice", "pw"]], sessionSecret: secret });
    try {
      const cookie = await login(a.url, "alice", "pw");
      assert.equal((await fetch(`${b.url}/config`, { headers: { cookie } })).status, 200);
    } finally {
      await a.close();
      await b.close();
    }
    await assert.rejects(
      whoAmIApp().launch({
        serverPort: 0,
        quiet: true,
        logLevel: "silent",
        auth: [["a", "b"]],
        sessionSecret: "changeme",
      }),
      /sessionSecret/,
    );
  });
});

describe("identity-aware proxy", () => {
  test("a trusted proxy's user and roles headers sign the user in; without them nothing is served", async () => {
    const server = await startServer(whoAmIApp(), {
      identityProxy: { userHeader: "x-forwarded-user", rolesHeader: "x-forwarded-groups" },
    });
    try {
      assert.equal((await fetch(`${server.url}/config`)).status, 401);
      const headers = { "x-forwarded-user": "dana", "x-forwarded-groups": "admin, ops bad!role" };
      const config = (await (await fetch(`${server.url}/config`, { headers })).json()) as { username: string };
      assert.equal(config.username, "dana");
      const session = "p1";
      await fetch(`${server.url}/gradio_api/queue/join`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ data: ["x"], fn_index: 0, session_hash: session }),
      });
      const stream = await (
        await fetch(`${server.url}/gradio_api/queue/data?session_hash=${session}`, { headers })
      ).text();
      assert.match(stream, /x:dana:admin\+ops/);
    } finally {
      await server.close();
    }
    // From an address that is not a trusted proxy, the header means nothing.
    const strict = await startServer(whoAmIApp(), {
      identityProxy: { userHeader: "x-forwarded-user" },
      trustedProxies: ["10.9.9.9"],
    });
    try {
      assert.equal((await fetch(`${strict.url}/config`, { headers: { "x-forwarded-user": "dana" } })).status, 401);
    } finally {
      await strict.close();
    }
  });
});

describe("Python gradio_client sign-in", () => {
  test("logs in with auth=(user, password), calls, and reports wrong credentials", async (t) => {
    const { pythonWithGradioClient, runPython } = await import("./helpers/python.js");
    const python = await pythonWithGradioClient();
    if (python === null) return t.skip("Python or PyPI unavailable");
    const server = await startServer(whoAmIApp(), { auth: [["alice", "pw"]] });
    try {
      const result = await runPython(
        python,
        `
import json
from gradio_client import Client
c = Client(${JSON.stringify(server.url)}, auth=("alice", "pw"), verbose=False)
out = c.predict("py", api_name="/whoami")
try:
    Client(${JSON.stringify(server.url)}, auth=("alice", "nope"), verbose=False)
    bad = "connected"
except Exception as e:
    bad = type(e).__name__
print(json.dumps([out, bad]))
`,
      );
      assert.deepEqual(result, ["py:alice:", "ValueError"]);
    } finally {
      await server.close();
    }
  });
});
