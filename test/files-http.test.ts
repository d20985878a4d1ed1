/**
 * The attack table of security-rules.md (F01–F20, C01–C14, S01–S05) against a real server: every
 * refused request gets a 4xx and no byte of its target; allowed ones get the bytes.
 *
 * Layout (all under one mkdtemp folder): W = working dir (process.chdir), A = allowedPaths with B =
 * blockedPaths inside it, S = static path, X = a file outside every rule, T = the OS temp dir (TMPDIR
 * points there so that X is outside it).
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";

const marker = (name: string) => `SECRET-${name}-${Math.random().toString(36).slice(2)}`;
const SECRETS = {
  x: marker("X"),
  env: marker("ENV"),
  git: marker("GIT"),
  blocked: marker("BLOCKED"),
  passwdish: marker("LINKED"),
};
const PUBLIC = { a: "allowed file A", s: "static file S", w: "public file in W", t: "generated temp file" };

let root = "";
let W = "",
  A = "",
  B = "",
  S = "",
  X = "",
  T = "",
  cacheDir = "";
let app: gr.RunningApp;
let fnRuns = 0;
const previous = { cwd: process.cwd(), tmpdir: process.env.TMPDIR };

function rawRequest(
  rawPath: string,
  method = "GET",
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const { port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port, path: rawPath, method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString("latin1"),
          headers: response.headers,
        }),
      );
    });
    request.on("error", reject);
    request.end(body);
  });
}

const fileUrl = (target: string) => `/gradio_api/file=${target}`;

/** No secret of the fixture appears in the body. */
function assertNoSecret(body: string) {
  for (const secret of Object.values(SECRETS))
    assert.ok(!body.includes(secret), "a secret leaked into the response body");
}

async function assertRefused(rawPath: string): Promise<void> {
  const response = await rawRequest(rawPath);
  assert.ok(response.status >= 400 && response.status < 500, `${rawPath} answered ${response.status}`);
  assertNoSecret(response.body);
}

/** POST /gradio_api/call/<api> then read its SSE result. */
async function call(
  api: string,
  data: unknown[],
): Promise<{ status: number; event?: string; data?: unknown; body?: string }> {
  const post = await fetch(`${app.url}/gradio_api/call/${api}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ data }),
  });
  if (post.status !== 200) return { status: post.status, body: await post.text() };
  const { event_id: eventId } = (await post.json()) as { event_id: string };
  const text = await (await fetch(`${app.url}/gradio_api/call/${api}/${eventId}`)).text();
  const match = /event: (complete|error)\ndata: (.*)\n/.exec(text);
  assert.ok(match, `no result in ${text}`);
  return { status: 200, event: match[1], data: JSON.parse(match[2]!), body: text };
}

async function cacheContents(): Promise<string[]> {
  const files = path.join(cacheDir, "files");
  const folders = await readdir(files).catch(() => [] as string[]);
  const all: string[] = [];
  for (const folder of folders)
    for (const name of await readdir(path.join(files, folder))) all.push(path.join(files, folder, name));
  return all;
}

async function assertCacheHasNoSecret() {
  for (const file of await cacheContents()) assertNoSecret(await readFile(file, "latin1"));
}

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-files-http-"));
  [W, A, S, T, cacheDir] = ["work", "allowed", "static", "tmp", "cache"].map((name) => path.join(root, name)) as [
    string,
    string,
    string,
    string,
    string,
  ];
  B = path.join(A, "blocked");
  X = path.join(root, "outside", "secret.txt");
  for (const dir of [W, path.join(W, "sub", ".git"), A, B, S, T, path.dirname(X)])
    await mkdir(dir, { recursive: true });
  await writeFile(X, SECRETS.x);
  await writeFile(path.join(W, ".env"), SECRETS.env);
  await writeFile(path.join(W, "sub", ".git", "config"), SECRETS.git);
  await writeFile(path.join(W, "public.txt"), PUBLIC.w);
  await writeFile(path.join(A, "a.txt"), PUBLIC.a);
  await writeFile(path.join(B, "secret"), SECRETS.blocked);
  await symlink(X, path.join(A, "link"));
  await symlink(path.join(B, "secret"), path.join(A, "link-to-blocked"));
  await writeFile(path.join(S, "s.txt"), PUBLIC.s);
  await writeFile(path.join(T, "gen.txt"), PUBLIC.t);
  await writeFile(path.join(T, "never-cached.txt"), SECRETS.passwdish);

  process.chdir(W);
  process.env.TMPDIR = T;
  gr.setStaticPaths([S]);
  const demo = new gr.Blocks({}, () => {
    const text = new gr.Textbox({ label: "text" });
    const file = new gr.File({ label: "file" });
    const json = new gr.JSON({ label: "json" });
    const markdown = new gr.Markdown({ label: "md" });
    const fileIn = new gr.File({ label: "upload" });
    const out = new gr.Textbox({ label: "out" });
    // T2F: the documented dangerous pattern, a user's text returned as a file path.
    new gr.Button("t2f").click({ fn: (s: string) => s, inputs: [text], outputs: [file], apiName: "t2f" });
    new gr.Button("t2json").click({
      fn: (s: string) => JSON.stringify(s),
      inputs: [text],
      outputs: [json],
      apiName: "t2json",
    });
    new gr.Button("t2md").click({ fn: (s: string) => s, inputs: [text], outputs: [markdown], apiName: "t2md" });
    new gr.Button("file_in").click({
      fn: (p) => {
        fnRuns++;
        return String(p);
      },
      inputs: [fileIn],
      outputs: [out],
      apiName: "file_in",
    });
  });
  app = await demo.launch({
    serverPort: 0,
    quiet: true,
    logLevel: "silent",
    allowedPaths: [A],
    blockedPaths: [B],
    cacheDir,
  });
});

after(async () => {
  await app?.close();
  gr.setStaticPaths([]);
  process.chdir(previous.cwd);
  if (previous.tmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous.tmpdir;
  await rm(root, { recursive: true, force: true });
});

describe("GET /gradio_api/file= (F01–F20)", () => {
  test("F01 /etc/passwd", async () => {
    await assertRefused(fileUrl("/etc/passwd"));
    const response = await rawRequest(fileUrl("/etc/passwd"));
    assert.equal(response.status, 403);
    assert.ok(!response.body.includes("root:"), "passwd content leaked");
  });
  test("F02 raw ..", () => assertRefused(fileUrl(`${A}/../outside/secret.txt`)));
  test("F03 %2e%2e", () => assertRefused(fileUrl(`${A}/%2e%2e/outside/secret.txt`)));
  test("F04 double encoding %252e%252e", () => assertRefused(fileUrl(`${A}/%252e%252e/outside/secret.txt`)));
  test("F05 encoded separators ..%2f and ..%5c", async () => {
    await assertRefused(fileUrl(`${A}/..%2foutside%2fsecret.txt`));
    await assertRefused(fileUrl(`${A}/..%5coutside%5csecret.txt`));
    await assertRefused(fileUrl(`${A}%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd`));
  });
  test("F06 backslashes", async () => {
    await assertRefused(fileUrl(`${A}%5c..%5coutside%5csecret.txt`));
    // Raw backslashes: refused by the HTTP parser or by the route, either way a 4xx.
    await assertRefused(fileUrl(`${A}\\..\\outside\\secret.txt`)).catch((error: NodeJS.ErrnoException) =>
      assert.ok(error.code, String(error)),
    );
  });
  test("F07 a symlink in A pointing outside", () => assertRefused(fileUrl(`${A}/link`)));
  test("F07 a symlink in A pointing into B", () => assertRefused(fileUrl(`${A}/link-to-blocked`)));
  test("F08 null byte", () => assertRefused(fileUrl(`${A}/a.txt%00.png`)));
  test("F09 relative ../../etc/passwd", async () => {
    await assertRefused(fileUrl("../../etc/passwd"));
    await assertRefused(fileUrl("..%2f..%2fetc%2fpasswd"));
  });
  test("F10 W/.env and W/public.txt are not served directly", async () => {
    await assertRefused(fileUrl(`${W}/.env`));
    await assertRefused(fileUrl(`${W}/public.txt`));
    await assertRefused(fileUrl("public.txt"));
  });
  test("F11 B/secret, and case variants", async () => {
    await assertRefused(fileUrl(`${B}/secret`));
    await assertRefused(fileUrl(`${A}/BLOCKED/SECRET`));
    await assertRefused(fileUrl(`${A}/Blocked/secret`));
  });
  test("F12 a temp-dir file never cached", () => assertRefused(fileUrl(`${T}/never-cached.txt`)));
  test("F13 <cache>/../X", async () => {
    await assertRefused(fileUrl(`${cacheDir}/files/../../outside/secret.txt`));
    await assertRefused(fileUrl(`${cacheDir}/files/%2e%2e/%2e%2e/outside/secret.txt`));
  });
  test("F14 A/a.txt is served", async () => {
    const response = await rawRequest(fileUrl(`${A}/a.txt`));
    assert.equal(response.status, 200);
    assert.equal(response.body, PUBLIC.a);
    assert.equal(response.headers["x-content-type-options"], "nosniff");
  });
  test("F15 S/s.txt is served in place", async () => {
    const response = await rawRequest(fileUrl(`${S}/s.txt`));
    assert.equal(response.status, 200);
    assert.equal(response.body, PUBLIC.s);
  });
  test("F16 a URL is refused and nothing is fetched", async () => {
    await assertRefused(fileUrl("http://169.254.169.254/latest/meta-data/"));
    await assertRefused(fileUrl("http%3A%2F%2F127.0.0.1%3A1%2F"));
    await assertRefused(fileUrl(`${app.url}/gradio_api/file=${A}/a.txt`));
  });
  test("F17 traversal in the file route, and its deprecated alias", async () => {
    await assertRefused(`/gradio_api/file=${A}/../../../../../../../../etc/passwd`);
    await assertRefused(`/gradio_api/file/${A}/../outside/secret.txt`);
    await assertRefused(`/gradio_api/file=${A}/a.txt/../../outside/secret.txt`);
  });
  test("F18 UNC and //host paths", async () => {
    await assertRefused(fileUrl("%5c%5chost%5cshare%5cx"));
    await assertRefused(fileUrl("//host/x"));
    await assertRefused(fileUrl("%5c/host/x"));
  });
  test("F19 NTFS streams, trailing dots and spaces, 8.3 names, drives", async () => {
    await writeFile(path.join(A, "secret.txt"), "fine");
    for (const trick of [
      `${A}/secret.txt::$DATA`,
      `${A}/secret.txt.`,
      `${A}/secret.txt%20`,
      `${A}/SECRET~1.TXT`,
      "C:x",
      `${A}/a.txt:stream`,
    ]) {
      await assertRefused(fileUrl(trick));
    }
  });
  test("F20 the static-assets route with an absolute path or ..", async () => {
    await assertRefused("/assets/..%2f..%2f..%2f..%2fetc%2fpasswd");
    await assertRefused(`/assets/${encodeURIComponent(X)}`);
    await assertRefused("/assets/../../../etc/passwd");
    await assertRefused(`/assets//${X}`);
  });
  test("refusals look alike: a missing file and a forbidden one both answer 403", async () => {
    const missing = await rawRequest(fileUrl(`${A}/does-not-exist.txt`));
    const forbidden = await rawRequest(fileUrl(X));
    assert.equal(missing.status, 403);
    assert.equal(forbidden.status, 403);
  });
  test("the server still serves after every attack", async () => {
    const response = await rawRequest(fileUrl(`${A}/a.txt`));
    assert.equal(response.status, 200);
  });
});

describe("fn outputs through the cache rules (C01–C08)", () => {
  test("C01 T2F with /etc/passwd fails and caches nothing", async () => {
    const before = await cacheContents();
    const result = await call("t2f", ["/etc/passwd"]);
    assert.equal(result.event, "error");
    assert.ok(!String(result.body).includes("/etc/passwd"), "the end user must not see the path");
    assert.deepEqual(await cacheContents(), before);
  });
  test("C02 T2F with W/.env, .env, W/sub/.git/config fails", async () => {
    for (const target of [`${W}/.env`, ".env", "./.env", `${W}/sub/.git/config`, "sub/.git/config"]) {
      const result = await call("t2f", [target]);
      assert.equal(result.event, "error", target);
      assertNoSecret(String(result.body));
    }
    await assertCacheHasNoSecret();
  });
  test("C03 T2F with W/public.txt and public.txt is served from the cache", async () => {
    for (const target of [`${W}/public.txt`, "public.txt"]) {
      const result = await call("t2f", [target]);
      assert.equal(result.event, "complete", target);
      const [fileData] = result.data as [{ path: string; url: string; orig_name: string }];
      assert.ok(fileData.path.startsWith(path.join(cacheDir, "files") + path.sep), "copied into the cache");
      assert.equal(fileData.orig_name, "public.txt");
      const response = await fetch(fileData.url);
      assert.equal(response.status, 200);
      assert.equal(await response.text(), PUBLIC.w);
    }
  });
  test("C04 T2F with A/../X and ../X fails", async () => {
    for (const target of [`${A}/../outside/secret.txt`, "../outside/secret.txt", X]) {
      const result = await call("t2f", [target]);
      assert.equal(result.event, "error", target);
    }
    await assertCacheHasNoSecret();
  });
  test("C05 T2F with A/link → X fails", async () => {
    assert.equal((await call("t2f", [`${A}/link`])).event, "error");
    await assertCacheHasNoSecret();
  });
  test("C06 T2F with B/secret (direct and through a link) fails", async () => {
    assert.equal((await call("t2f", [`${B}/secret`])).event, "error");
    assert.equal((await call("t2f", [`${A}/link-to-blocked`])).event, "error");
    await assertCacheHasNoSecret();
  });
  test("C07 T2F with a temp-dir file is served (rule 4)", async () => {
    const result = await call("t2f", [path.join(T, "gen.txt")]);
    assert.equal(result.event, "complete");
    const [fileData] = result.data as [{ url: string }];
    assert.equal(await (await fetch(fileData.url)).text(), PUBLIC.t);
  });
  test("C07b T2F with an allowedPaths file is copied and served", async () => {
    const result = await call("t2f", [`${A}/a.txt`]);
    assert.equal(result.event, "complete");
  });
  test("C08 JSON and Markdown outputs echoing a path never read the file", async () => {
    const before = await cacheContents();
    for (const api of ["t2json", "t2md"]) {
      for (const target of [X, `${W}/.env`, "/etc/passwd"]) {
        const result = await call(api, [target]);
        assert.equal(result.event, "complete");
        assert.equal(result.data instanceof Array ? result.data[0] : null, target);
        assertNoSecret(String(result.body));
      }
    }
    assert.deepEqual(await cacheContents(), before);
  });
});

describe("file inputs (C09–C14, S01–S05)", () => {
  const fileData = (p: string, extra: object = {}) => ({ path: p, meta: { _type: "gradio.FileData" }, ...extra });

  async function assertInputRefused(payload: unknown) {
    const runsBefore = fnRuns;
    const result = await call("file_in", [payload]);
    assert.ok(result.status >= 400 && result.status < 500, `answered ${result.status}`);
    assertNoSecret(String(result.body));
    assert.equal(fnRuns, runsBefore, "the fn must not run");
  }

  test("C09 a FileData whose path is /etc/passwd", () => assertInputRefused(fileData("/etc/passwd")));
  test("C10 a FileData whose path is W/.env or X", async () => {
    await assertInputRefused(fileData(`${W}/.env`));
    await assertInputRefused(fileData(X));
    await assertInputRefused(fileData(`${A}/a.txt`));
    await assertInputRefused(fileData(`${cacheDir}/files/../../outside/secret.txt`));
  });
  test("C11 component_server-style routes are absent", async () => {
    for (const route of ["/gradio_api/component_server", "/gradio_api/component_server/", "/component_server"]) {
      const response = await rawRequest(
        route,
        "POST",
        { "content-type": "application/json" },
        JSON.stringify({ fn_name: "ls", data: "/etc" }),
      );
      assert.equal(response.status, 404, route);
    }
  });
  test("C12 a path-bearing object without meta is still checked as a path", async () => {
    await assertInputRefused({ path: X });
    await assertInputRefused({ path: X, meta: { _type: "something.else" } });
    await assertInputRefused({ url: X, meta: { _type: "gradio.FileData" } });
    await assertInputRefused({ name: X });
  });
  test("C14 a flag request is absent", async () => {
    const response = await rawRequest(
      "/gradio_api/flag",
      "POST",
      { "content-type": "application/json" },
      JSON.stringify({ data: [fileData("/etc/passwd")] }),
    );
    assert.equal(response.status, 404);
  });
  test("an uploaded file is accepted and reaches the fn", async () => {
    const form = new FormData();
    form.append("files", new Blob(["hello upload"]), "hello.txt");
    const [uploaded] = (await (await fetch(`${app.url}/gradio_api/upload`, { method: "POST", body: form })).json()) as [
      string,
    ];
    const result = await call("file_in", [fileData(uploaded)]);
    assert.equal(result.event, "complete");
    assert.equal(await readFile((result.data as [string])[0], "utf8"), "hello upload");
  });

  describe("URL file inputs: downloaded only from public addresses, so every row here is refused (S01–S05)", () => {
    // URL inputs are fetched by default now (launch({ fetchUrlInputs })), through the guarded fetcher:
    // these are refused by its address or scheme check, and nothing is requested. The allow path and
    // redirects (S04) are tested in files-url-fetch.test.ts with an injected resolver.
    let probe: http.Server;
    let probeHits = 0;
    let probePort = 0;
    before(async () => {
      probe = http.createServer((_request, response) => {
        probeHits++;
        response.end(SECRETS.x);
      });
      await new Promise<void>((done) => probe.listen(0, "127.0.0.1", done));
      probePort = (probe.address() as { port: number }).port;
    });
    after(() => new Promise((done) => probe.close(done)));

    const urls = [
      ["S01 loopback", () => `http://127.0.0.1:${probePort}/gradio_api/file=/etc/passwd`],
      ["S01 this app's own file route", () => `${app.url}/gradio_api/file=${A}/a.txt`],
      ["S02 metadata service", () => "http://169.254.169.254/latest/meta-data/"],
      ["S02 private range", () => "http://10.0.0.1/"],
      ["S02 CGNAT", () => "http://100.64.0.1/"],
      ["S03 [::1]", () => `http://[::1]:${probePort}/`],
      ["S03 IPv4-mapped", () => `http://[::ffff:127.0.0.1]:${probePort}/`],
      ["S03 decimal", () => `http://2130706433:${probePort}/`],
      ["S03 hex", () => `http://0x7f.1:${probePort}/`],
      ["S03 octal", () => `http://017700000001:${probePort}/`],
      ["S03 unspecified", () => `http://0:${probePort}/`],
      ["S04 a name for 127.0.0.1", () => `http://localhost:${probePort}/`],
      ["S05 file:", () => "file:///etc/passwd"],
      ["S05 ftp:", () => "ftp://127.0.0.1/x"],
      ["S05 gopher:", () => "gopher://127.0.0.1:1/_x"],
      ["S05 data:", () => "data:text/plain;base64,aGk="],
    ] as const;
    for (const [name, makeUrl] of urls) {
      test(name, async () => {
        const url = makeUrl();
        await assertInputRefused(fileData(url));
        await assertInputRefused(fileData(url, { url }));
        await assertInputRefused({ url, meta: { _type: "gradio.FileData" } });
        if (/^https?:/.test(url)) {
          const refused = await call("file_in", [fileData(url)]);
          assert.match(String(refused.body), /only files at public http\(s\) addresses are downloaded/);
          assert.ok(
            !String(refused.body).includes("127.0.0.1") || url.includes("127.0.0.1"),
            "the refusal must not reveal what a name resolved to",
          );
        }
        assert.equal(probeHits, 0, "nothing was fetched");
      });
    }
  });
});
