/**
 * Encryption at rest (security-rules.md Part 3): flagged rows and files are sealed with AES-256-GCM;
 * nothing readable is left on disk, `gr.readFlags` gives the rows back, and a wrong key or an altered
 * byte fails clearly.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Client, handle_file } from "@gradio/client";
import * as gr from "gradio-ts";
import { AppConfigError } from "../src/errors.js";
import { EncryptionError, KEY_FILE, parseEncryptionKey } from "../src/security/encryption.js";
import { startServer } from "./helpers/server.js";

const marker = (name: string) => `PLAIN-${name}-${Math.random().toString(36).slice(2)}`;

/** Every byte under `dir`, file by file, and every name in it. */
async function everything(dir: string): Promise<{ names: string[]; contents: Buffer[] }> {
  const names: string[] = [];
  const contents: Buffer[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    names.push(path.relative(dir, full));
    if (entry.isFile()) contents.push(await readFile(full));
  }
  return { names, contents };
}

async function assertNoPlaintext(dir: string, secrets: string[]) {
  const { names, contents } = await everything(dir);
  for (const secret of secrets) {
    for (const name of names) assert.ok(!name.includes(secret), `a file name on disk reveals ${secret}: ${name}`);
    for (const bytes of contents) {
      assert.ok(!bytes.includes(Buffer.from(secret)), `plaintext ${secret} found on disk`);
      assert.ok(!bytes.includes(Buffer.from(secret, "utf16le")), `plaintext ${secret} found on disk (utf-16)`);
    }
  }
}

/** A logger over a Textbox and a File, set up inside a Blocks so the components are real. */
function makeLogger(dir: string, encryptionKey?: gr.EncryptionKey): gr.CSVLogger {
  let logger!: gr.CSVLogger;
  new gr.Blocks({}, () => {
    const text = new gr.Textbox({ label: "text" });
    const file = new gr.File({ label: "attachment" });
    logger = new gr.CSVLogger({ dir, encryptionKey }).setup([text, file]);
  });
  return logger;
}

let root = "";
before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-encryption-"));
});
after(() => rm(root, { recursive: true, force: true }));

describe("keys", () => {
  test("a 32-byte key as hex, base64, base64url or bytes; else a passphrase of at least 16 characters", () => {
    const bytes = randomBytes(32);
    for (const spec of [
      bytes.toString("hex"),
      bytes.toString("hex").toUpperCase(),
      bytes.toString("base64"),
      bytes.toString("base64url"),
      bytes,
    ]) {
      const parsed = parseEncryptionKey(spec);
      assert.equal(parsed.kind, "raw");
      assert.ok(parsed.kind === "raw" && parsed.key.equals(bytes));
    }
    assert.equal(parseEncryptionKey("correct horse battery staple").kind, "passphrase");
    assert.throws(() => parseEncryptionKey("short"), AppConfigError);
    assert.throws(() => parseEncryptionKey(randomBytes(16)), AppConfigError);
  });
});

describe("CSVLogger with an encryption key", () => {
  const key = randomBytes(32).toString("hex");
  let dir = "";
  let logger: gr.CSVLogger;
  const secrets = { text: marker("TEXT"), second: marker("SECOND"), file: marker("FILEBYTES"), name: marker("NAME") };

  before(async () => {
    dir = path.join(root, "flags");
    const source = path.join(root, `${secrets.name}.txt`);
    await writeFile(source, `file body ${secrets.file}`);
    logger = makeLogger(dir, key);
    assert.equal(await logger.flag([`hello ${secrets.text}`, source], { flagOption: "wrong" }), 1);
    assert.equal(await logger.flag([`=cmd ${secrets.second}`, null]), 2);
  });

  test("no plaintext on disk: not the cells, the headers, the file's bytes or its name", async () => {
    await assertNoPlaintext(dir, [
      secrets.text,
      secrets.second,
      secrets.file,
      secrets.name,
      "attachment,",
      "hello",
      "file body",
    ]);
    const keyFile = JSON.parse(await readFile(path.join(dir, KEY_FILE), "utf8")) as Record<string, unknown>;
    assert.equal(keyFile.kdf, "none");
    assert.ok(
      !JSON.stringify(keyFile).includes(key) &&
        !JSON.stringify(keyFile).includes(Buffer.from(key, "hex").toString("base64")),
      "the key is never stored",
    );
  });

  test("gr.readFlags gives the rows back, and gr.readFlaggedFile the file", async () => {
    const rows = await gr.readFlags(dir, key);
    assert.deepEqual(rows[0], ["text", "attachment", "flag", "username", "timestamp"]);
    assert.equal(rows.length, 3);
    assert.equal(rows[1]![0], `hello ${secrets.text}`);
    assert.equal(rows[1]![2], "wrong");
    assert.equal(rows[2]![0], `'=cmd ${secrets.second}`, "formulas are still neutralised (X01)");
    assert.equal(rows[2]![1], "");
    assert.match(rows[1]![1]!, /^attachment\/[0-9a-f-]+\/file\.enc$/);
    const file = await gr.readFlaggedFile(dir, rows[1]![1]!, key);
    assert.equal(file.name, `${secrets.name}.txt`);
    assert.equal(file.bytes.toString(), `file body ${secrets.file}`);
    // The same key in another encoding works too.
    assert.equal((await gr.readFlags(dir, Buffer.from(key, "hex").toString("base64"))).length, 3);
  });

  test("a wrong key, a passphrase for a raw key, or no key fails clearly", async () => {
    await assert.rejects(
      gr.readFlags(dir, randomBytes(32).toString("hex")),
      (error: unknown) => error instanceof gr.EncryptionError && /Wrong encryption key/.test(error.message),
    );
    await assert.rejects(gr.readFlags(dir, "a passphrase of some length"), /Wrong encryption key/);
    await assert.rejects(gr.readFlags(dir), /encrypted: pass the key/);
    await assert.rejects(makeLogger(dir, randomBytes(32)).flag(["x", null]), /Wrong encryption key/);
  });

  test("an altered byte, a swapped record or a moved file fails the integrity check", async () => {
    const csv = logger.csvPath;
    const original = await readFile(csv, "utf8");
    const lines = original.split("\n");
    try {
      // Flip one base64 character inside the first data record.
      const line = lines[2]!;
      const at = Math.floor(line.length / 2);
      lines[2] = line.slice(0, at) + (line[at] === "A" ? "B" : "A") + line.slice(at + 1);
      await writeFile(csv, lines.join("\n"));
      await assert.rejects(
        gr.readFlags(dir, key),
        (error: unknown) => error instanceof EncryptionError && /integrity/.test(error.message),
      );
      // Records are bound to their position.
      const swapped = original.split("\n");
      [swapped[2], swapped[3]] = [swapped[3]!, swapped[2]!];
      await writeFile(csv, swapped.join("\n"));
      await assert.rejects(gr.readFlags(dir, key), /integrity/);
    } finally {
      await writeFile(csv, original);
    }
    const cell = (await gr.readFlags(dir, key))[1]![1]!;
    const filePath = path.join(dir, cell);
    const sealed = await readFile(filePath);
    try {
      const altered = Buffer.from(sealed);
      altered[altered.length - 20]! ^= 0x01;
      await writeFile(filePath, altered);
      await assert.rejects(gr.readFlaggedFile(dir, cell, key), /integrity/);
    } finally {
      await writeFile(filePath, sealed);
    }
    assert.equal((await gr.readFlaggedFile(dir, cell, key)).bytes.toString(), `file body ${secrets.file}`);
    await assert.rejects(gr.readFlaggedFile(dir, "../outside", key), /not inside/);
  });

  test("plain and encrypted rows are never mixed in one file", async () => {
    await assert.rejects(
      makeLogger(dir).flag(["x", null]),
      (error: unknown) => error instanceof AppConfigError && /is encrypted/.test(error.message),
    );
    const plainDir = path.join(root, "plain");
    await makeLogger(plainDir).flag(["plain row", null]);
    await assert.rejects(makeLogger(plainDir, key).flag(["x", null]), /holds unencrypted flags/);
    const rows = await gr.readFlags(plainDir);
    assert.equal(rows[1]![0], "plain row");
    await assert.rejects(gr.readFlags(plainDir, key), /not encrypted/);
  });
});

describe("a passphrase goes through scrypt with a stored salt", () => {
  test("written, read back, and a wrong passphrase fails", async () => {
    const dir = path.join(root, "passphrase");
    const secret = marker("PASS");
    await makeLogger(dir, "a long enough passphrase").flag([secret, null]);
    await assertNoPlaintext(dir, [secret]);
    const keyFile = JSON.parse(await readFile(path.join(dir, KEY_FILE), "utf8")) as { kdf: string; salt: string };
    assert.equal(keyFile.kdf, "scrypt");
    assert.equal(Buffer.from(keyFile.salt, "base64").length, 16);
    assert.equal((await gr.readFlags(dir, "a long enough passphrase"))[1]![0], secret);
    await assert.rejects(gr.readFlags(dir, "another long passphrase"), /Wrong encryption key/);
    await assert.rejects(gr.readFlags(dir, randomBytes(32)), /Wrong encryption key/);
  });
});

describe("launch({ encryptionKey }) encrypts an Interface's flags", () => {
  test("flagged through the API: encrypted on disk, readable with the key; the key is withdrawn on close", async () => {
    const dir = path.join(root, "launched");
    const key = randomBytes(32).toString("base64");
    const secret = marker("API");
    const fileSecret = marker("UPLOAD");
    const demo = new gr.Interface({
      fn: (text: string) => `echo ${text}`,
      inputs: [new gr.Textbox({ label: "text" }), new gr.File({ label: "attachment" })],
      outputs: new gr.Textbox({ label: "result" }),
      flaggingMode: "never",
    });
    gr.addFlagging(demo, { dir });
    const server = await startServer(demo, { encryptionKey: key });
    try {
      const config = (await (await fetch(`${server.url}/config`)).json()) as {
        dependencies: { id: number; api_name: string }[];
      };
      const flagId = config.dependencies.find((d) => d.api_name === "flag")!.id;
      const client = await Client.connect(server.url);
      await client.predict(flagId, [secret, handle_file(Buffer.from(fileSecret)), `echo ${secret}`]);
      await assertNoPlaintext(dir, [secret, fileSecret]);
      const rows = await gr.readFlags(dir, key);
      assert.deepEqual(rows[0], ["text", "attachment", "result", "flag", "username", "timestamp"]);
      assert.equal(rows[1]![0], secret);
      assert.equal(rows[1]![2], `echo ${secret}`);
      assert.equal((await gr.readFlaggedFile(dir, rows[1]![1]!, key)).bytes.toString(), fileSecret);
    } finally {
      await server.close();
    }
    assert.equal(demo.encryptionKey, undefined);
  });

  test("an unusable key fails the launch", async () => {
    const demo = new gr.Interface({ fn: (s: string) => s, inputs: "text", outputs: "text" });
    await assert.rejects(
      startServer(demo, { encryptionKey: "too short", cacheDir: path.join(root, "cache-bad-key") }),
      AppConfigError,
    );
  });
});
