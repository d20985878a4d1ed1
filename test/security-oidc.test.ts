// Single sign-on through OpenID Connect against a real provider (oidc-provider) on 127.0.0.1: the full
// authorization-code flow with PKCE, state and nonce, driven over real HTTP with a cookie jar (A03, A07, O05).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import * as gr from "gradio-ts";
import Provider from "oidc-provider";
import { startServer, type TestServer } from "./helpers/server.js";

const CLIENT_ID = "gradio-ts-test";
const CLIENT_SECRET = "a-client-secret-for-the-test-only-0123456789";

/** The provider's accounts; the interaction below signs in whichever `nextAccount` names. */
const ACCOUNTS: Record<string, { preferred_username: string; email: string; roles: string[] }> = {
  "sub-alice": { preferred_username: "alice", email: "alice@example.test", roles: ["admin", "staff"] },
  "sub-bob": { preferred_username: "bob", email: "bob@example.test", roles: ["staff"] },
};
let nextAccount = "sub-alice";

interface OidcTestProvider {
  issuer: string;
  server: Server;
  provider?: Provider;
}

/** Listens first (so the issuer URL, with its port, is known), and takes the provider once the app's URL is known. */
async function listenProvider(): Promise<OidcTestProvider> {
  const holder: OidcTestProvider = { issuer: "", server: createServer() };
  await new Promise<void>((resolve) => holder.server.listen(0, "127.0.0.1", resolve));
  holder.issuer = `http://127.0.0.1:${(holder.server.address() as AddressInfo).port}`;
  return holder;
}

function startProvider(holder: OidcTestProvider, appUrl: string): void {
  const provider = new Provider(holder.issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${appUrl}/login/callback`],
        post_logout_redirect_uris: [`${appUrl}/`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: { openid: ["sub"], profile: ["preferred_username", "roles"], email: ["email"] },
    cookies: { keys: ["oidc-provider-test-cookie-key-0123456789"] },
    jwks: {
      keys: [
        {
          ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }),
          kid: "test",
          use: "sig",
          alg: "RS256",
        },
      ] as never,
    },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const account = ACCOUNTS[sub];
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...account }) };
    },
  });
  const handler = provider.callback();
  // The interaction (normally a login and consent page) signs in `nextAccount` at once and grants the
  // scopes asked for, through the provider's documented interaction API.
  const interaction = async (req: IncomingMessage, res: ServerResponse) => {
    const details = await provider.interactionDetails(req, res);
    const grant = new provider.Grant({ accountId: nextAccount, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: nextAccount }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  };
  holder.server.on("request", (req, res) => {
    if (req.url?.startsWith("/interaction/")) {
      interaction(req, res).catch(() => {
        res.statusCode = 500;
        res.end();
      });
    } else handler(req, res);
  });
  holder.provider = provider;
}

/** A browser's cookies, enough of one: by name, for every host on 127.0.0.1 (browsers ignore the port). */
class Browser {
  readonly cookies = new Map<string, string>();

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  async get(url: string, accept = "text/html"): Promise<Response> {
    const response = await fetch(url, { redirect: "manual", headers: { cookie: this.cookieHeader(), accept } });
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some(
        (a) =>
          /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split("=")[1] ?? "") < Date.now()),
      );
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Follows redirects until `stop` says so (or a non-redirect answer), returning every hop. */
  async follow(start: string, stop: (url: URL) => boolean = () => false): Promise<{ url: URL; response: Response }[]> {
    const hops: { url: URL; response: Response }[] = [];
    let url = new URL(start);
    for (let i = 0; i < 20; i++) {
      const response = await this.get(url.href);
      hops.push({ url, response });
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location) return hops;
      url = new URL(location, url);
      if (stop(url)) {
        hops.push({ url, response: new Response(null, { status: 599 }) });
        return hops;
      }
    }
    throw new Error("too many redirects");
  }
}

function rolesApp() {
  return new gr.Blocks({ title: "oidc test" }, () => {
    const input = new gr.Textbox({ label: "In" });
    const output = new gr.Textbox({ label: "Out" });
    const go = new gr.Button("Go");
    go.click({
      fn: function whoami(s: string, context: gr.EventContext) {
        return `${s}:${context.request.username ?? "anonymous"}:${context.request.roles.join("+")}`;
      },
      inputs: input,
      outputs: output,
      apiName: "whoami",
    });
    go.click({
      fn: function wipe(s: string) {
        return `wiped ${s}`;
      },
      inputs: input,
      outputs: output,
      apiName: "wipe",
      roles: ["admin"],
    });
  });
}

/** Runs an endpoint through the queue, as the browser app does; returns the status and the output. */
async function run(
  url: string,
  cookie: string,
  fnIndex: number,
  value: string,
): Promise<{ status: number; output?: unknown }> {
  const session = `s-${Math.random().toString(36).slice(2)}`;
  const joined = await fetch(`${url}/gradio_api/queue/join`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ data: [value], fn_index: fnIndex, session_hash: session }),
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

describe("OpenID Connect sign-in against a real provider", () => {
  let idp: OidcTestProvider;
  let app: TestServer;

  before(async () => {
    idp = await listenProvider();
    app = await startServer(rolesApp(), {
      auth: gr.oidc({
        issuer: idp.issuer,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        scopes: ["profile", "email"],
        providerName: "Test IdP",
        logoutAtProvider: true,
      }),
    });
    startProvider(idp, app.url);
  });
  after(async () => {
    await app.close();
    const closed = new Promise<void>((resolve) => idp.server.close(() => resolve()));
    idp.server.closeAllConnections();
    await closed;
  });

  /** The whole flow for one account; returns the browser (holding the session) and the last redirect. */
  async function signIn(
    account: string,
    query = "",
  ): Promise<{ browser: Browser; landing: URL; hops: { url: URL; response: Response }[] }> {
    nextAccount = account;
    const browser = new Browser();
    const hops = await browser.follow(
      `${app.url}/login${query}`,
      (url) => url.origin === app.url && !url.pathname.startsWith("/login"),
    );
    const landing = hops[hops.length - 1]!.url;
    return { browser, landing, hops };
  }

  const sessionCookie = (browser: Browser) => [...browser.cookies].find(([name]) => name.startsWith("access-token"));

  test("without a session, /config is refused and / shows a sign-in button for the provider", async () => {
    assert.equal((await fetch(`${app.url}/config`)).status, 401);
    const page = await (await fetch(`${app.url}/`, { headers: { accept: "text/html" } })).text();
    assert.match(page, /<a class="button" href="login">Sign in with Test IdP<\/a>/);
    assert.doesNotMatch(page, /type="password"/);
  });

  test("the full flow signs the user in; /config answers and the fn sees the username and roles", async () => {
    const { browser, landing, hops } = await signIn("sub-alice");
    const toProvider = new URL(hops[0]!.response.headers.get("location")!);
    assert.equal(toProvider.origin, idp.issuer);
    assert.equal(toProvider.searchParams.get("code_challenge_method"), "S256");
    assert.ok(
      toProvider.searchParams.get("state") &&
        toProvider.searchParams.get("nonce") &&
        toProvider.searchParams.get("code_challenge"),
    );
    assert.equal(toProvider.searchParams.get("redirect_uri"), `${app.url}/login/callback`);
    assert.equal(landing.href, `${app.url}/`);
    const session = sessionCookie(browser);
    assert.ok(session, "a session cookie was set");
    assert.ok(
      ![...browser.cookies.keys()].some((name) => name.startsWith("gradio-oidc-")),
      "the sign-in-in-progress cookie is cleared",
    );
    const cookie = `${session[0]}=${session[1]}`;
    assert.equal((await fetch(`${app.url}/config`, { headers: { cookie } })).status, 200);
    assert.deepEqual(await (await fetch(`${app.url}/gradio_api/user`, { headers: { cookie } })).json(), "alice");
    assert.deepEqual(await run(app.url, cookie, 0, "hi"), { status: 200, output: "hi:alice:admin+staff" });
    assert.deepEqual(await run(app.url, cookie, 1, "db"), { status: 200, output: "wiped db" });
  });

  test("a role-restricted event is refused to a user without the role", async () => {
    const { browser } = await signIn("sub-bob");
    const session = sessionCookie(browser);
    assert.ok(session);
    const cookie = `${session[0]}=${session[1]}`;
    assert.deepEqual(await run(app.url, cookie, 0, "hi"), { status: 200, output: "hi:bob:staff" });
    assert.equal((await run(app.url, cookie, 1, "db")).status, 403);
    const byName = await fetch(`${app.url}/gradio_api/call/wipe`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ data: ["x"] }),
    });
    assert.equal(byName.status, 403);
  });

  test("O05: a target on another origin is ignored; a same-origin path is kept", async () => {
    for (const target of [
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "%2F%2Fevil.example",
      "////evil.example",
    ]) {
      for (const name of ["_target_url", "next"]) {
        const { landing } = await signIn("sub-bob", `?${name}=${encodeURIComponent(target)}`);
        assert.equal(landing.href, `${app.url}/`, `${name}=${target}`);
      }
    }
    const { landing } = await signIn("sub-bob", `?_target_url=${encodeURIComponent("/?view=2")}`);
    assert.equal(landing.href, `${app.url}/?view=2`);
  });

  test("a tampered state is refused, and the real code is then useless in that browser", async () => {
    nextAccount = "sub-alice";
    const browser = new Browser();
    const hops = await browser.follow(
      `${app.url}/login`,
      (url) => url.origin === app.url && url.pathname === "/login/callback",
    );
    const callback = hops[hops.length - 1]!.url;
    assert.ok(callback.searchParams.get("code"));
    const tampered = new URL(callback);
    tampered.searchParams.set("state", `${callback.searchParams.get("state")}x`);
    const refused = await browser.get(tampered.href);
    assert.equal(refused.status, 400);
    const page = await refused.text();
    assert.match(page, /Sign-in failed/);
    assert.doesNotMatch(page, /at \w+ \(|node_modules|Error:/);
    assert.equal(sessionCookie(browser), undefined);
    // The state cookie went with the refusal, so replaying the genuine answer is refused as well.
    assert.equal((await browser.get(callback.href)).status, 400);
    assert.equal(sessionCookie(browser), undefined);
  });

  test("a callback without a sign-in started in this browser is refused (login CSRF)", async () => {
    nextAccount = "sub-alice";
    const attacker = new Browser();
    const hops = await attacker.follow(
      `${app.url}/login`,
      (url) => url.origin === app.url && url.pathname === "/login/callback",
    );
    const callback = hops[hops.length - 1]!.url;
    const victim = new Browser();
    const response = await victim.get(callback.href, "application/json");
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      detail: "This sign-in was not started here, or has expired. Please sign in again.",
    });
    assert.equal(sessionCookie(victim), undefined);
    assert.equal((await victim.get(`${app.url}/login/callback?code=abc&state=def`)).status, 400);
  });

  test("malformed or hostile callback parameters are bounded and answered without detail", async () => {
    const browser = new Browser();
    await browser.get(`${app.url}/login`);
    const cases = [
      `?code=${"a".repeat(5000)}&state=x`,
      `?code=a&code=b&state=x`,
      `?state=${"s".repeat(600)}&code=a`,
      `?code=a&state=x%0d%0aSet-Cookie:%20x=1`,
      `?x=${"y".repeat(9000)}`,
    ];
    for (const query of cases) {
      const response = await browser.get(`${app.url}/login/callback${query}`, "application/json");
      assert.equal(response.status, 400, query.slice(0, 40));
      const body = (await response.json()) as { detail: string };
      assert.equal(typeof body.detail, "string");
      assert.equal(response.headers.get("set-cookie")?.includes("x=1") ?? false, false);
    }
    const denied = await browser.get(
      `${app.url}/login/callback?error=access_denied&error_description=${encodeURIComponent("<script>alert(1)</script>")}`,
    );
    assert.equal(denied.status, 401);
    const page = await denied.text();
    assert.doesNotMatch(page, /<script>/);
    assert.equal(sessionCookie(browser), undefined);
  });

  test("a forged or expired session cookie still counts for nothing (A03)", async () => {
    const { browser } = await signIn("sub-alice");
    const [name, value] = sessionCookie(browser)!;
    const forged = `${value.slice(0, -2)}${value.endsWith("AA") ? "BB" : "AA"}`;
    assert.equal((await fetch(`${app.url}/config`, { headers: { cookie: `${name}=${forged}` } })).status, 401);
  });

  test("logout clears the session and goes on to the provider's end-session endpoint", async () => {
    const { browser } = await signIn("sub-alice");
    const [name, value] = sessionCookie(browser)!;
    const response = await browser.get(`${app.url}/logout`);
    assert.equal(response.status, 302);
    const location = new URL(response.headers.get("location")!);
    assert.equal(location.origin, idp.issuer);
    assert.equal(location.searchParams.get("post_logout_redirect_uri"), `${app.url}/`);
    assert.equal(sessionCookie(browser), undefined);
    assert.equal((await fetch(`${app.url}/config`, { headers: { cookie: `${name}=${value}` } })).status, 401);
  });

  test("the callback URL comes from rootPath when it is a full URL", async () => {
    const proxied = await startServer(rolesApp(), {
      rootPath: "https://apps.example.test/demo/",
      auth: gr.oidc({ issuer: idp.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }),
    });
    try {
      const response = await fetch(`${proxied.url}/login`, { redirect: "manual" });
      assert.equal(response.status, 302);
      const location = new URL(response.headers.get("location")!);
      assert.equal(location.searchParams.get("redirect_uri"), "https://apps.example.test/demo/login/callback");
      assert.equal(location.searchParams.get("scope"), "openid profile email");
    } finally {
      await proxied.close();
    }
  });

  test("password sign-in is not offered: POST /login answers 404", async () => {
    const response = await fetch(`${app.url}/login`, {
      method: "POST",
      body: new URLSearchParams({ username: "alice", password: "x" }),
    });
    assert.equal(response.status, 404);
  });
});

describe("gr.oidc settings", () => {
  test("plain http is accepted only for a provider on this machine (A07)", () => {
    assert.throws(() => gr.oidc({ issuer: "http://idp.example.com", clientId: "x" }), /https/);
    assert.throws(() => gr.oidc({ issuer: "http://10.0.0.5:8080", clientId: "x" }), /https/);
    assert.throws(() => gr.oidc({ issuer: "ftp://idp.example.com", clientId: "x" }), /https/);
    assert.throws(() => gr.oidc({ issuer: "not a url", clientId: "x" }), /full URL/);
    assert.throws(() => gr.oidc({ issuer: "https://idp.example.com", clientId: "" }), /clientId/);
    assert.throws(
      () => gr.oidc({ issuer: "https://idp.example.com", clientId: "x", rolesClaim: "bad claim!" }),
      /rolesClaim/,
    );
    for (const issuer of [
      "http://127.0.0.1:9000",
      "http://localhost:9000/realms/x",
      "http://[::1]:9000",
      "https://idp.example.com",
    ]) {
      assert.equal(gr.oidc({ issuer, clientId: "x" }).kind, "oidc", issuer);
    }
    assert.deepEqual(gr.oidc({ issuer: "https://idp.example.com", clientId: "x", scopes: ["email"] }).scopes, [
      "openid",
      "email",
    ]);
  });
});

describe("OpenID Connect failures in the audit log", () => {
  test("each refusal is one audit line with a short reason, never the attacker's text or a stack", async () => {
    const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
    const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-oidc-audit-"));
    const script = path.join(dir, "child.mts");
    // Nothing listens on port 9 of 127.0.0.1: discovery fails, as with a provider that is down.
    await writeFile(
      script,
      `import * as gr from ${JSON.stringify(pathToFileURL(path.join(repoRoot, "src", "index.ts")).href)};
const demo = new gr.Blocks({}, () => { new gr.Textbox({ label: "In" }); });
const app = await demo.launch({ serverPort: 0, quiet: true, logLevel: "info", handleSignals: false, cacheDir: ${JSON.stringify(path.join(dir, "cache"))}, auth: gr.oidc({ issuer: "http://127.0.0.1:9", clientId: "c", clientSecret: "s" }) });
const statuses = [];
for (const p of ["/login", "/login/callback?code=a&state=b", "/login/callback?error=access_denied%3Cscript%3E", "/login/callback?error=access_denied"]) {
  const r = await fetch(app.url + p, { redirect: "manual", headers: { accept: "text/html" } });
  const body = await r.text();
  if (/node_modules|\\bat \\w+ \\(/.test(body)) throw new Error("stack trace in the answer to " + p);
  statuses.push(r.status);
}
process.stderr.write("STATUSES " + JSON.stringify(statuses) + "\\n");
await app.close();
`,
    );
    try {
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        ["--conditions=source", "--import", "tsx", script],
        { cwd: repoRoot, timeout: 30_000 },
      );
      assert.deepEqual(JSON.parse(/STATUSES (\S+)/.exec(stderr)?.[1] ?? "null"), [502, 400, 401, 401]);
      const lines = stdout
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.audit === "login");
      assert.deepEqual(
        lines.map((l) => [l.status, l.outcome, l.method, l.reason]),
        [
          [502, "failure", "oidc", "discovery failed"],
          [400, "failure", "oidc", "no sign-in in progress"],
          [401, "failure", "oidc", "provider error malformed"],
          [401, "failure", "oidc", "provider error access_denied"],
        ],
      );
      assert.ok(!stdout.includes("<script>"));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
