/**
 * The cache's life: where it lives, content-hashed folders, files the developer names, static paths
 * served in place, `deleteCache: [frequency, age]`, and removal on close. Real servers, real files.
 */
import assert from "node:assert/strict";
import { access, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import * as gr from "gradio-ts";
import { defaultCacheRoot } from "../src/files/cache.js";
import { displayFileName, sanitizeFileName } from "../src/files/file-name.js";

let root = "";
const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );
const echoFile = () => new gr.Interface({ fn: (p: string) => p, inputs: "text", outputs: "file" });
const launch = (demo: gr.Blocks, options: gr.LaunchOptions) =>
  demo.launch({ serverPort: 0, quiet: true, logLevel: "silent", ...options });

async function upload(app: gr.RunningApp, name: string, content: string): Promise<string> {
  const form = new FormData();
  form.append("files", new Blob([content]), name);
  const [stored] = (await (await fetch(`${app.url}/gradio_api/upload`, { method: "POST", body: form })).json()) as [
    string,
  ];
  return stored;
}

async function call(app: gr.RunningApp, data: unknown[]): Promise<{ event: string; data: unknown }> {
  const post = await fetch(`${app.url}/gradio_api/call/lambda`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ data }),
  });
  const { event_id: eventId } = (await post.json()) as { event_id: string };
  const text = await (await fetch(`${app.url}/gradio_api/call/lambda/${eventId}`)).text();
  const match = /event: (complete|error)\ndata: (.*)\n/.exec(text)!;
  return { event: match[1]!, data: JSON.parse(match[2]!) };
}

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-files-cache-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("where the cache lives", () => {
  test("GRADIO_TEMP_DIR (absolute) is used; a relative one is ignored; else <tmp>/gradio-ts", async () => {
    const saved = process.env.GRADIO_TEMP_DIR;
    try {
      process.env.GRADIO_TEMP_DIR = path.join(root, "from-env");
      assert.equal(defaultCacheRoot(process.env.GRADIO_TEMP_DIR), path.join(root, "from-env"));
      const app = await launch(echoFile(), {});
      try {
        const stored = await upload(app, "a.txt", "env cache");
        assert.equal(path.dirname(path.dirname(stored)), path.join(root, "from-env", "files"));
      } finally {
        await app.close();
      }
      process.env.GRADIO_TEMP_DIR = "relative/dir";
      assert.equal(defaultCacheRoot(process.env.GRADIO_TEMP_DIR), path.join(os.tmpdir(), "gradio-ts"));
      delete process.env.GRADIO_TEMP_DIR;
      assert.equal(defaultCacheRoot(process.env.GRADIO_TEMP_DIR), path.join(os.tmpdir(), "gradio-ts"));
    } finally {
      if (saved === undefined) delete process.env.GRADIO_TEMP_DIR;
      else process.env.GRADIO_TEMP_DIR = saved;
    }
  });

  test("content-hashed folders: same bytes share a folder, other bytes do not", async () => {
    const app = await launch(echoFile(), { cacheDir: path.join(root, "hashed") });
    try {
      const first = await upload(app, "same.txt", "identical");
      const second = await upload(app, "same.txt", "identical");
      const other = await upload(app, "same.txt", "different");
      assert.equal(first, second);
      assert.notEqual(path.dirname(first), path.dirname(other));
      assert.match(path.basename(path.dirname(first)), /^[0-9a-f]{64}$/);
    } finally {
      await app.close();
    }
  });

  test("an identical upload keeps the stored file, so a request reading it meanwhile still finds it", async () => {
    const app = await launch(echoFile(), { cacheDir: path.join(root, "kept") });
    try {
      const first = await upload(app, "digit.png", "the same picture");
      const before = await stat(first);
      await Promise.all(Array.from({ length: 4 }, () => upload(app, "digit.png", "the same picture")));
      // Replaced (a new inode), the file another request had opened would read as deleted, and be refused.
      assert.equal((await stat(first)).ino, before.ino);
      assert.equal(await readFile(first, "utf8"), "the same picture");
    } finally {
      await app.close();
    }
  });
});

describe("what enters the cache", () => {
  const saved = { cwd: process.cwd() };
  let work = "";
  before(async () => {
    work = path.join(root, "work");
    await mkdir(work, { recursive: true });
    await writeFile(path.join(work, "result.txt"), "from the working dir");
    process.chdir(work);
  });
  after(() => process.chdir(saved.cwd));

  test("a returned working-dir file is copied: the original is not what is served", async () => {
    const cacheDir = path.join(root, "copy");
    const app = await launch(echoFile(), { cacheDir });
    try {
      const result = await call(app, ["result.txt"]);
      assert.equal(result.event, "complete");
      const [fileData] = result.data as [{ path: string; url: string }];
      assert.notEqual(fileData.path, path.join(work, "result.txt"));
      assert.ok(fileData.path.startsWith(path.join(cacheDir, "files")));
      await writeFile(path.join(work, "result.txt"), "changed later");
      assert.equal(await (await fetch(fileData.url)).text(), "from the working dir");
    } finally {
      await writeFile(path.join(work, "result.txt"), "from the working dir");
      await app.close();
    }
  });

  test("a returned static-path file is served in place, not copied", async () => {
    const staticDir = path.join(root, "static-dir");
    await mkdir(staticDir, { recursive: true });
    await writeFile(path.join(staticDir, "logo.txt"), "static bytes");
    gr.setStaticPaths([staticDir]);
    const app = await launch(echoFile(), { cacheDir: path.join(root, "static-cache") });
    try {
      const result = await call(app, [path.join(staticDir, "logo.txt")]);
      const [fileData] = result.data as [{ path: string; url: string }];
      assert.equal(fileData.path, path.join(staticDir, "logo.txt"));
      assert.equal(await (await fetch(fileData.url)).text(), "static bytes");
      assert.deepEqual(await readdir(path.join(root, "static-cache", "files")), []);
    } finally {
      gr.setStaticPaths([]);
      await app.close();
    }
  });

  test("a default value the developer named outside every rule is cached and served (rule 1.1.5)", async () => {
    const assets = path.join(root, "assets-outside-rules");
    await mkdir(assets, { recursive: true });
    await writeFile(path.join(assets, "default.txt"), "developer default");
    // Outside the working dir, temp dir and allowedPaths: only rule 1.1.5 lets it in.
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = path.join(root, "other-tmp");
    const demo = new gr.Blocks({}, () => {
      new gr.File({ value: path.join(assets, "default.txt") });
    });
    const app = await launch(demo, { cacheDir: path.join(root, "named") });
    try {
      const config = (await (await fetch(`${app.url}/config`)).json()) as {
        components: { props: { value: { url?: string } | null } }[];
      };
      const value = config.components
        .map((c) => c.props.value)
        .find((v) => v && typeof v === "object" && "url" in v) as { url: string };
      assert.equal(await (await fetch(value.url)).text(), "developer default");
      const direct = await fetch(`${app.url}/gradio_api/file=${path.join(assets, "default.txt")}`);
      assert.equal(direct.status, 403, "the original stays unreachable");
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      await app.close();
    }
  });
});

describe("cache lifecycle", () => {
  test("deleteCache [frequency, age] removes files older than age, with a timer", async () => {
    const cacheDir = path.join(root, "sweep");
    const app = await launch(echoFile(), { cacheDir, deleteCache: [0.1, 0.3] });
    try {
      const stored = await upload(app, "old.txt", "old bytes");
      assert.ok(await exists(stored));
      assert.equal((await fetch(`${app.url}/gradio_api/file=${stored}`)).status, 200);
      await sleep(900);
      assert.equal(await exists(stored), false, "swept after ageSeconds");
      assert.equal((await fetch(`${app.url}/gradio_api/file=${stored}`)).status, 403);
      const fresh = await upload(app, "new.txt", "new bytes");
      assert.ok(await exists(fresh), "a fresh file is kept until it is old enough");
    } finally {
      await app.close();
    }
    assert.equal(await exists(cacheDir), false, "deleteCache also clears the app's files on close, as in Gradio");
  });

  test("deleteCache must be [frequency > 0, age >= 0]", async () => {
    await assert.rejects(launch(echoFile(), { cacheDir: path.join(root, "bad"), deleteCache: [0, 10] }), RangeError);
    await assert.rejects(launch(echoFile(), { cacheDir: path.join(root, "bad"), deleteCache: [10, -1] }), RangeError);
  });

  test("deleteCacheOnClose removes everything the app cached; without it files stay", async () => {
    const kept = path.join(root, "kept");
    const keepApp = await launch(echoFile(), { cacheDir: kept });
    const keptFile = await upload(keepApp, "k.txt", "kept");
    await keepApp.close();
    assert.ok(await exists(keptFile));

    const removed = path.join(root, "removed");
    const app = await launch(echoFile(), { cacheDir: removed, deleteCacheOnClose: true });
    const file = await upload(app, "r.txt", "removed");
    assert.ok(await exists(file));
    await app.close();
    assert.equal(await exists(file), false);
    assert.equal(await exists(removed), false);
  });

  test("closing one app never deletes another app's files in a shared cache", async () => {
    const shared = path.join(root, "shared");
    const first = await launch(echoFile(), { cacheDir: shared });
    const second = await launch(echoFile(), { cacheDir: shared, deleteCacheOnClose: true });
    try {
      const firstFile = await upload(first, "first.txt", "same content");
      const secondFile = await upload(second, "second.txt", "same content");
      await second.close();
      assert.equal(await exists(secondFile), false);
      assert.ok(await exists(firstFile), "the other app's file survives");
      assert.equal((await fetch(`${first.url}/gradio_api/file=${firstFile}`)).status, 200);
    } finally {
      await first.close();
    }
  });
});

describe("names shown to people carry nothing invisible", () => {
  const cases: [string, string][] = [
    ["invoice\u202egnp.exe", "invoicegnp.exe"],
    ["a\u202ab\u202bc\u202cd\u202de.txt", "abcde.txt"],
    ["\u2066x\u2067y\u2068z\u2069.txt", "xyz.txt"],
    ["l\u200er\u200fa\u061cb.txt", "lrab.txt"],
    ["zero\u200bwidth\u200c\u200d\u2060\ufeff.txt", "zerowidth.txt"],
    ["c1\u0085\u009b.txt", "c1.txt"],
    ["line\u2028para\u2029.txt", "linepara.txt"],
    ["tab\tnew\nline.txt", "tabnewline.txt"],
  ];
  for (const [raw, expected] of cases) {
    test(`${JSON.stringify(raw)} → ${expected}`, () => {
      assert.equal(sanitizeFileName(raw), expected);
      assert.equal(displayFileName(raw, "fallback"), expected);
    });
  }
  test("a display name keeps visible characters a path would drop, and only its last segment", () => {
    assert.equal(displayFileName("../dir/a#b?.txt", "x"), "a#b?.txt");
    assert.equal(displayFileName("\u202e\u200f", "real.txt"), "real.txt");
    assert.equal(displayFileName(null, "real\u202e.txt"), "real.txt");
  });
});
