// HTTPS with a certificate made for the test, and the audit log as the server really writes it.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import * as gr from "gradio-ts";
import { selfSignedCert } from "./helpers/tls.js";

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function echoApp() {
  return new gr.Blocks({ title: "tls" }, () => {
    const input = new gr.Textbox({ label: "In" });
    const output = new gr.Textbox({ label: "Out" });
    new gr.Button("Go").click({
      fn: function echo(s: string) {
        return s;
      },
      inputs: input,
      outputs: output,
      apiName: "echo",
    });
  });
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function request(
  url: string,
  ca: Buffer,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: options.method ?? "GET", headers: options.headers, ca }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

describe("HTTPS", () => {
  let dir: string;
  let ca: Buffer;
  let app: gr.RunningApp;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-tls-"));
    const { key, cert } = await selfSignedCert(dir);
    ca = await readFile(cert);
    app = await echoApp().launch({
      serverPort: 0,
      quiet: true,
      logLevel: "silent",
      sslKeyfile: key,
      sslCertfile: cert,
      auth: [["alice", "pw"]],
    });
  });
  after(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("serves TLS with HSTS, and the session cookie is Secure", async () => {
    assert.match(app.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const page = await request(`${app.url}/`, ca);
    assert.equal(page.status, 200);
    assert.equal(page.headers["strict-transport-security"], "max-age=31536000; includeSubDomains");
    const login = await request(`${app.url}/login`, ca, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "username=alice&password=pw",
    });
    assert.equal(login.status, 200);
    const cookie = String(login.headers["set-cookie"]);
    assert.match(cookie, /^access-token-[A-Za-z0-9_-]{43}=/);
    assert.doesNotMatch(cookie, /unsecure/);
    assert.match(cookie, /; Secure/);
    const config = await request(`${app.url}/config`, ca, { headers: { cookie: cookie.split(";")[0] ?? "" } });
    assert.equal(config.status, 200);
    assert.equal((JSON.parse(config.body) as { root: string }).root, app.url);
  });

  test("plain HTTP to the TLS port gets no page", async () => {
    const response = await fetch(app.url.replace("https:", "http:") + "/config").catch(() => null);
    assert.ok(response === null || response.status >= 400);
  });

  test("sslKeyfilePassword opens an encrypted private key; a wrong one stops the launch, saying why", async () => {
    const encrypted = path.join(dir, "key-encrypted.pem");
    await run("openssl", [
      "pkey",
      "-in",
      path.join(dir, "key.pem"),
      "-aes256",
      "-passout",
      "pass:correct horse",
      "-out",
      encrypted,
    ]);
    const cert = path.join(dir, "cert.pem");
    const base = { serverPort: 0, quiet: true, logLevel: "silent", sslKeyfile: encrypted, sslCertfile: cert } as const;
    const locked = await echoApp().launch({ ...base, sslKeyfilePassword: "correct horse" });
    try {
      assert.equal((await request(`${locked.url}/config`, ca)).status, 200);
    } finally {
      await locked.close();
    }
    await assert.rejects(echoApp().launch({ ...base, sslKeyfilePassword: "wrong" }), /sslKeyfilePassword/);
    await assert.rejects(echoApp().launch(base), /sslKeyfilePassword/);
  });

  test("a missing certificate file stops the launch", async () => {
    await assert.rejects(
      echoApp().launch({ serverPort: 0, quiet: true, logLevel: "silent", sslKeyfile: path.join(dir, "key.pem") }),
      /sslCertfile/,
    );
  });
});

describe("audit log", () => {
  test("one JSON line per login, logout, denial, upload and event; never a password, cookie or token", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-audit-"));
    const script = path.join(dir, "child.mts");
    const password = "s3cret-Passw0rd";
    await writeFile(
      script,
      `import * as gr from ${JSON.stringify(pathToFileURL(path.join(repoRoot, "src", "index.ts")).href)};
const demo = new gr.Blocks({}, () => {
  const i = new gr.Textbox({ label: "In" });
  const o = new gr.Textbox({ label: "Out" });
  new gr.Button("Go").click({ fn: function echo(s) { return s; }, inputs: i, outputs: o, apiName: "echo" });
});
const app = await demo.launch({ serverPort: 0, quiet: true, logLevel: "info", cacheDir: ${JSON.stringify(path.join(dir, "cache"))}, auth: [["alice", ${JSON.stringify(password)}]] });
const post = (p, body, headers = {}) => fetch(app.url + p, { method: "POST", body, headers });
await post("/login", new URLSearchParams({ username: "alice", password: "wrong-guess" }));
const ok = await post("/login", new URLSearchParams({ username: "alice", password: ${JSON.stringify(password)} }));
const cookie = ok.headers.get("set-cookie").split(";")[0];
await fetch(app.url + "/config");
const files = new FormData();
files.append("files", new Blob(["hello"]), "a.txt");
await post("/gradio_api/upload", files, { cookie });
await post("/gradio_api/call/echo", JSON.stringify({ data: ["x"] }), { cookie, "content-type": "application/json" });
await post("/gradio_api/call/echo", JSON.stringify({ data: ["x"] }), { cookie, "content-type": "application/json", origin: "http://evil.example" });
await fetch(app.url + "/logout", { headers: { cookie }, redirect: "manual" });
process.stderr.write("COOKIE " + cookie + "\\n");
await app.close();
`,
    );
    try {
      const { stdout, stderr } = await run(process.execPath, ["--conditions=source", "--import", "tsx", script], {
        cwd: repoRoot,
        timeout: 30_000,
      });
      const cookie = /COOKIE (\S+)/.exec(stderr)?.[1] ?? "";
      const token = cookie.split("=")[1] ?? "";
      assert.ok(token.length > 20);
      assert.ok(!stdout.includes(password), "password never logged");
      assert.ok(!stdout.includes("wrong-guess"), "failed password never logged");
      assert.ok(!stdout.includes(token), "session token never logged");
      const lines = stdout
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.audit !== undefined);
      const summary = lines.map((l) => [l.audit, l.user, l.status, l.endpoint]);
      assert.deepEqual(summary, [
        ["login", null, 400, "/login"],
        ["login", "alice", 200, "/login"],
        ["denied", null, 401, "/config"],
        ["upload", "alice", 200, "/gradio_api/upload"],
        ["event", "alice", 200, "/echo"],
        ["denied", "alice", 403, "/gradio_api/call/:api_name"],
        ["logout", "alice", 302, "/logout"],
      ]);
      for (const line of lines) assert.equal(typeof line.ip, "string");
      assert.equal(lines[0]?.outcome, "failure");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
