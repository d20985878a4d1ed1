/**
 * Flagging the same upload again adds a row, never another copy (R2-16): a real server, uploads and
 * flags over HTTP, the flag folder measured on disk. Plain and encrypted datasets; rows written in the
 * older layout (`<column>/<random id>/…`) stay readable next to the new ones.
 */
import assert from "node:assert/strict";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { csvRow } from "../src/flagging/csv-logger.js";
import { AtRestCipher, ENCRYPTED_CSV_MAGIC } from "../src/security/encryption.js";
import { startServer, type TestServer } from "./helpers/server.js";

const SIZE = 5 * 1024 * 1024;
const KEY = randomBytes(32).toString("hex");
let root = "";

/** Bytes on disk under `dir`, each file counted once however many names (hard links) it has. */
async function diskUsage(dir: string): Promise<{ bytes: number; files: number; names: number }> {
  const seen = new Set<string>();
  let bytes = 0;
  let names = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    names++;
    const info = await stat(path.join(entry.parentPath, entry.name));
    const id = `${info.dev}:${info.ino}`;
    if (seen.has(id)) continue;
    seen.add(id);
    bytes += info.size;
  }
  return { bytes, files: seen.size, names };
}

/** An Interface with a File input, flagged to `dir`, on a real server. */
async function flaggingServer(dir: string, options: gr.LaunchOptions = {}): Promise<TestServer> {
  const demo = new gr.Interface({
    fn: (file: string | string[] | null) => (file ? "got a file" : "no file"),
    inputs: new gr.File({ label: "attachment" }),
    outputs: new gr.Textbox({ label: "result" }),
    flaggingMode: "manual",
    flaggingDir: dir,
  });
  return startServer(demo, options);
}

async function upload(server: TestServer, bytes: Buffer, name: string): Promise<string> {
  const form = new FormData();
  form.append("files", new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${server.url}/gradio_api/upload`, { method: "POST", body: form });
  assert.equal(response.status, 200);
  return ((await response.json()) as string[])[0]!;
}

async function flag(server: TestServer, uploaded: string, name: string): Promise<void> {
  const file = { path: uploaded, orig_name: name, meta: { _type: "gradio.FileData" } };
  const post = await fetch(`${server.url}/gradio_api/call/Flag`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ data: [file, "got a file"] }),
  });
  assert.equal(post.status, 200);
  const { event_id: eventId } = (await post.json()) as { event_id: string };
  const text = await (await fetch(`${server.url}/gradio_api/call/Flag/${eventId}`)).text();
  assert.match(text, /event: complete/, text);
}

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-flag-dedupe-"));
});
after(() => rm(root, { recursive: true, force: true }));

describe("flagged files are stored once per content (R2-16)", () => {
  const content = randomBytes(SIZE);

  test("plain: the same 5 MB upload flagged 10 times is one copy; every row reads it back", async () => {
    const dir = path.join(root, "plain");
    const server = await flaggingServer(dir);
    try {
      const uploaded = await upload(server, content, "video.bin");
      for (let i = 0; i < 10; i++) await flag(server, uploaded, "video.bin");
      const usage = await diskUsage(path.join(dir, "attachment"));
      assert.equal(usage.files, 1, "one copy of the content");
      assert.equal(usage.bytes, SIZE);
      const rows = await gr.readFlags(dir);
      assert.equal(rows.length, 11);
      for (const row of rows.slice(1)) {
        assert.match(row[0]!, /^attachment\/[0-9a-f]{64}\/video\.bin$/);
        const file = await gr.readFlaggedFile(dir, row[0]!);
        assert.equal(file.name, "video.bin");
        assert.ok(file.bytes.equals(content));
      }
    } finally {
      await server.close();
    }
  });

  test("plain: the same bytes uploaded under other names share the data; each row keeps its name", async () => {
    const dir = path.join(root, "renamed");
    const server = await flaggingServer(dir);
    try {
      for (let i = 0; i < 5; i++) await flag(server, await upload(server, content, `copy-${i}.bin`), `copy-${i}.bin`);
      const usage = await diskUsage(path.join(dir, "attachment"));
      assert.equal(usage.names, 5);
      assert.equal(usage.bytes, SIZE, "one copy of the data, linked under five names");
      const rows = (await gr.readFlags(dir)).slice(1);
      for (const [i, row] of rows.entries()) {
        const file = await gr.readFlaggedFile(dir, row[0]!);
        assert.equal(file.name, `copy-${i}.bin`);
        assert.ok(file.bytes.equals(content));
      }
      // Different content is a different file, and the server still flags it.
      await flag(server, await upload(server, Buffer.from("other content"), "other.txt"), "other.txt");
      assert.equal((await diskUsage(path.join(dir, "attachment"))).files, 2);
    } finally {
      await server.close();
    }
  });

  test("encrypted: 10 flags of the same upload are one sealed copy, named by a keyed digest", async () => {
    const dir = path.join(root, "sealed");
    const server = await flaggingServer(dir, { encryptionKey: KEY });
    try {
      const uploaded = await upload(server, content, "video.bin");
      for (let i = 0; i < 10; i++) await flag(server, uploaded, "video.bin");
      const usage = await diskUsage(path.join(dir, "attachment"));
      assert.equal(usage.files, 1);
      assert.ok(usage.bytes > SIZE && usage.bytes < SIZE + 1024, `${usage.bytes} bytes for one sealed copy`);
      const rows = await gr.readFlags(dir, KEY);
      assert.equal(rows.length, 11);
      const cells = new Set(rows.slice(1).map((row) => row[0]!));
      assert.equal(cells.size, 1);
      const [cell] = [...cells];
      assert.match(cell!, /^attachment\/[0-9a-f]{64}\/file\.enc$/);
      assert.ok(
        !cell!.includes(createHash("sha256").update(content).digest("hex")),
        "the folder is not the plain SHA-256 of the content",
      );
      const file = await gr.readFlaggedFile(dir, cell!, KEY);
      assert.equal(file.name, "video.bin");
      assert.ok(file.bytes.equals(content));
    } finally {
      await server.close();
    }
  });
});

describe("rows in the older layout stay readable", () => {
  test("plain: an old `<column>/<random id>/<name>` row next to new rows", async () => {
    const dir = path.join(root, "old-plain");
    const oldCell = `attachment/${randomUUID()}/old.txt`;
    await mkdir(path.join(dir, path.dirname(oldCell)), { recursive: true });
    await writeFile(path.join(dir, oldCell), "old bytes");
    await writeFile(
      path.join(dir, "dataset1.csv"),
      csvRow(["attachment", "result", "flag", "username", "timestamp"]) + csvRow([oldCell, "r", "", "", "t"]),
    );
    const server = await flaggingServer(dir);
    try {
      await flag(server, await upload(server, Buffer.from("new bytes"), "new.txt"), "new.txt");
    } finally {
      await server.close();
    }
    const rows = await gr.readFlags(dir);
    assert.equal(rows.length, 3);
    assert.equal((await gr.readFlaggedFile(dir, rows[1]![0]!)).bytes.toString(), "old bytes");
    assert.equal((await gr.readFlaggedFile(dir, rows[2]![0]!)).bytes.toString(), "new bytes");
  });

  test("encrypted: an old `<column>/<random id>/file.enc` row next to new rows", async () => {
    const dir = path.join(root, "old-sealed");
    await mkdir(dir, { recursive: true });
    const cipher = await AtRestCipher.forDir(dir, KEY, { create: true });
    const oldCell = `attachment/${randomUUID()}/file.enc`;
    await mkdir(path.join(dir, path.dirname(oldCell)), { recursive: true });
    await cipher.encryptStreamToFile([Buffer.from("old sealed bytes")], path.join(dir, oldCell), oldCell, "old.txt");
    const records = [
      cipher.encryptRecord(csvRow(["attachment", "result", "flag", "username", "timestamp"]), 0),
      cipher.encryptRecord(csvRow([oldCell, "r", "", "", "t"]), 1),
    ];
    await writeFile(
      path.join(dir, "dataset1.csv"),
      [ENCRYPTED_CSV_MAGIC, ...records].map((line) => `${line}\n`).join(""),
    );
    const server = await flaggingServer(dir, { encryptionKey: KEY });
    try {
      await flag(server, await upload(server, Buffer.from("new sealed bytes"), "new.txt"), "new.txt");
    } finally {
      await server.close();
    }
    const rows = await gr.readFlags(dir, KEY);
    assert.equal(rows.length, 3);
    assert.deepEqual(await gr.readFlaggedFile(dir, rows[1]![0]!, KEY), {
      name: "old.txt",
      bytes: Buffer.from("old sealed bytes"),
    });
    assert.deepEqual(await gr.readFlaggedFile(dir, rows[2]![0]!, KEY), {
      name: "new.txt",
      bytes: Buffer.from("new sealed bytes"),
    });
  });
});
