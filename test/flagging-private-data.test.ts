/**
 * Flagged data is the app's own: a fn that hands back whatever path it is given (`(p) => p` with a File
 * output) must never give one user the flagged samples of others, whatever the flagging folder is
 * called, however the path reaches it (`..`, a link), and even when allowedPaths lists the working
 * directory. Likewise the encryption key file, the API token store, the TLS private key and uploads
 * still arriving in the cache. Real servers, real HTTP(S).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { DEFAULT_FLAGGING_DIR } from "../src/flagging/csv-logger.js";
import { TokenStore } from "../src/security/tokens.js";
import { startServer, type TestServer } from "./helpers/server.js";

const SECRET = `FLAGGED-SECRET-${Math.random().toString(36).slice(2)}`;
const previousCwd = process.cwd();
let work = "";
let server: TestServer;
let custom: gr.CSVLogger;
let byDefault: gr.CSVLogger;

/** POST /gradio_api/call/<api>, then the SSE result: `complete` with data, or `error`. */
async function call(api: string, data: unknown[]): Promise<{ event: string; data: unknown; raw: string }> {
  const post = await fetch(`${server.url}/gradio_api/call/${api}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ data }),
  });
  assert.equal(post.status, 200, await post.clone().text());
  const { event_id: eventId } = (await post.json()) as { event_id: string };
  const raw = await (await fetch(`${server.url}/gradio_api/call/${api}/${eventId}`)).text();
  const match = /event: (complete|error)\ndata: (.*)\n/.exec(raw);
  assert.ok(match, `no result in ${raw}`);
  return { event: match[1]!, data: JSON.parse(match[2]!) as unknown, raw };
}

async function upload(bytes: string, name: string): Promise<string> {
  const form = new FormData();
  form.append("files", new Blob([bytes]), name);
  const response = await fetch(`${server.url}/gradio_api/upload`, { method: "POST", body: form });
  assert.equal(response.status, 200);
  return ((await response.json()) as string[])[0]!;
}

/** The echo fn must refuse `requested`, and its answer must not carry the secret or a host path. */
async function assertEchoRefused(requested: string): Promise<void> {
  const result = await call("echo", [requested]);
  assert.equal(result.event, "error", `${requested} was handed out: ${result.raw}`);
  assert.ok(!result.raw.includes(SECRET), "flagged content leaked");
  assert.ok(!result.raw.includes(work), "a host path leaked");
}

before(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-private-"));
  process.chdir(work);
  await mkdir("sub");
  await writeFile("public.txt", "public content");
  const demo = new gr.Blocks({}, () => {
    const text = new gr.Textbox({ label: "path" });
    const file = new gr.File({ label: "file" });
    new gr.Button({ value: "echo" }).click({ fn: (p: string) => p, inputs: text, outputs: file, apiName: "echo" });
    // A custom folder without a dot, the default one, and an encrypted one.
    custom = new gr.CSVLogger({ dir: "flagged" });
    gr.flagButton(custom, [text, file], { apiName: "flag_custom" });
    byDefault = new gr.CSVLogger();
    gr.flagButton(byDefault, [text, file], { apiName: "flag_default" });
    gr.flagButton(new gr.CSVLogger({ dir: "sealed", encryptionKey: "a passphrase long enough" }), [text], {
      apiName: "flag_sealed",
    });
  });
  new TokenStore("tokens.json").create({ roles: ["admin"] });
  // allowedPaths lists the whole working directory: the dot-file rule no longer applies there.
  server = await startServer(demo, {
    allowedPaths: [work],
    tokenStore: "tokens.json",
    cacheDir: path.join(work, "cache"),
  });
  const uploaded = await upload(`upload ${SECRET}`, "secret.txt");
  for (const api of ["flag_custom", "flag_default"]) {
    assert.equal((await call(api, [SECRET, { path: uploaded, meta: { _type: "gradio.FileData" } }])).event, "complete");
  }
  assert.equal((await call("flag_sealed", [SECRET])).event, "complete");
});

after(async () => {
  await server.close();
  process.chdir(previousCwd);
  await rm(work, { recursive: true, force: true });
});

describe("flagged data is never a fn's file (R2-06)", () => {
  test("the default flagging folder is a dot folder, as in Gradio 5+", () => {
    assert.equal(DEFAULT_FLAGGING_DIR, path.join(".gradio", "flagged"));
    assert.equal(byDefault.dir, path.join(work, ".gradio", "flagged"));
  });

  test("flagging still works: rows and files are on disk and readable", async () => {
    for (const logger of [custom, byDefault]) {
      const rows = await gr.readFlags(logger.dir);
      assert.equal(rows.length, 2);
      assert.equal(rows[1]![0], SECRET);
      assert.equal((await gr.readFlaggedFile(logger.dir, rows[1]![1]!)).bytes.toString(), `upload ${SECRET}`);
    }
    assert.equal((await gr.readFlags(path.join(work, "sealed"), "a passphrase long enough"))[1]![0], SECRET);
  });

  test("a custom folder without a dot: its CSV and its files, relative and absolute", async () => {
    const cell = (await gr.readFlags(custom.dir))[1]![1]!;
    for (const requested of [
      "flagged/dataset1.csv",
      `flagged/${cell}`,
      path.join(work, "flagged", "dataset1.csv"),
      path.join(work, "flagged", cell),
    ]) {
      await assertEchoRefused(requested);
    }
  });

  test("the default folder, even with the working directory in allowedPaths", async () => {
    await assertEchoRefused(".gradio/flagged/dataset1.csv");
    await assertEchoRefused(path.join(work, ".gradio", "flagged", "dataset1.csv"));
  });

  test("a path with .. into it, and a link into it", async () => {
    await assertEchoRefused("sub/../flagged/dataset1.csv");
    await assertEchoRefused(`${work}/sub/../flagged/dataset1.csv`);
    await symlink(path.join(work, "flagged", "dataset1.csv"), path.join(work, "innocent.csv"));
    await symlink(path.join(work, "flagged"), path.join(work, "linked-dir"));
    await assertEchoRefused("innocent.csv");
    await assertEchoRefused("linked-dir/dataset1.csv");
  });

  test("the encryption key file (its salt) and the API token store", async () => {
    await assertEchoRefused("sealed/.gradio-ts-encryption.json");
    await assertEchoRefused("sealed/dataset1.csv");
    await assertEchoRefused("tokens.json");
  });

  test("another user's upload still arriving in the cache (the cache inside the working directory)", async () => {
    await mkdir(path.join(work, "cache", "incoming"), { recursive: true });
    await writeFile(path.join(work, "cache", "incoming", "partial-upload"), `partial ${SECRET}`);
    await assertEchoRefused("cache/incoming/partial-upload");
  });

  test("the file route refuses them too, with 403", async () => {
    for (const target of [
      path.join(work, "flagged", "dataset1.csv"),
      path.join(work, "innocent.csv"),
      path.join(work, "tokens.json"),
    ]) {
      const response = await fetch(`${server.url}/gradio_api/file=${target}`);
      assert.equal(response.status, 403);
      assert.ok(!(await response.text()).includes(SECRET));
    }
  });

  test("the server still serves others: a public file in the working directory is returned", async () => {
    const result = await call("echo", ["public.txt"]);
    assert.equal(result.event, "complete", result.raw);
    const [file] = result.data as [{ url: string }];
    const response = await fetch(file.url);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "public content");
    assert.equal(await readFile(path.join(work, "public.txt"), "utf8"), "public content");
  });
});

describe("the TLS private key is never a fn's file (R2-06)", () => {
  let app: gr.RunningApp;
  let ca: Buffer;
  const key = () => path.join(work, "tls", "key.pem");

  /** The echo fn over HTTPS: the event and its data. */
  function httpsCall(data: unknown[]): Promise<string> {
    const send = (url: string, body?: string) =>
      new Promise<string>((resolve, reject) => {
        const headers = body === undefined ? {} : { "content-type": "application/json" };
        const req = https.request(url, { method: body === undefined ? "GET" : "POST", headers, ca }, (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => resolve(text));
        });
        req.on("error", reject);
        req.end(body);
      });
    return send(`${app.url}/gradio_api/call/echo`, JSON.stringify({ data })).then((posted) =>
      send(`${app.url}/gradio_api/call/echo/${(JSON.parse(posted) as { event_id: string }).event_id}`),
    );
  }

  before(async () => {
    await mkdir(path.join(work, "tls"), { recursive: true });
    const cert = path.join(work, "tls", "cert.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key(),
        "-out",
        cert,
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
      ],
      { stdio: "ignore" },
    );
    ca = await readFile(cert);
    const demo = new gr.Blocks({}, () => {
      const text = new gr.Textbox();
      new gr.Button({ value: "echo" }).click({
        fn: (p: string) => p,
        inputs: text,
        outputs: new gr.File(),
        apiName: "echo",
      });
    });
    app = await demo.launch({ serverPort: 0, quiet: true, logLevel: "silent", sslKeyfile: key(), sslCertfile: cert });
  });
  after(() => app.close());

  test("the key file, by relative and absolute path, is refused; the certificate is public", async () => {
    const pem = await readFile(key(), "utf8");
    for (const requested of ["tls/key.pem", key()]) {
      const answer = await httpsCall([requested]);
      assert.match(answer, /event: error/, `${requested} was handed out`);
      assert.ok(!answer.includes(work) && !answer.includes(pem.slice(40, 80)));
    }
    assert.match(await httpsCall(["tls/cert.pem"]), /event: complete/);
  });
});
