/**
 * Encryption at rest for what the app stores (flagged samples): AES-256-GCM with a random 12-byte IV
 * per record and per file, the 16-byte tag checked on every read, and associated data binding each
 * record to its position and each file to its place, so records cannot be swapped or reordered
 * unnoticed.
 *
 * The key is 32 bytes (64 hex characters, or base64), or a passphrase stretched with scrypt and a
 * random salt. A small key file next to the data (`.gradio-ts-encryption.json`) holds the salt and a
 * key check value (never the key), so a wrong key fails at once and clearly.
 *
 * Formats:
 * - record (one CSV row): a line of base64(IV ‖ ciphertext ‖ tag), associated data `csv:<index>`;
 *   an encrypted CSV file starts with the line `gradio-ts-encrypted-csv v1`.
 * - file: `GTSENC01` ‖ IV ‖ ciphertext ‖ tag, the plaintext being (2-byte name length ‖ name ‖ bytes),
 *   so the original file name is not visible on disk either; associated data `file:<relative path>`.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  scrypt as scryptCallback,
  timingSafeEqual,
  type BinaryLike,
  type Hmac,
  type ScryptOptions,
} from "node:crypto";
import { createWriteStream } from "node:fs";
import { open, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { AppConfigError } from "../errors.js";

export type EncryptionKey = string | Uint8Array;

/** A key that does not fit, or data that does not decrypt: the message says which. */
export class EncryptionError extends Error {
  override readonly name = "EncryptionError";
}

const ALGORITHM = "aes-256-gcm";
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_FILE = ".gradio-ts-encryption.json";
export const ENCRYPTED_CSV_MAGIC = "gradio-ts-encrypted-csv v1";
const FILE_MAGIC = Buffer.from("GTSENC01", "ascii");
const CHECK_TEXT = "gradio-ts at-rest key check";
const FILE_ID_LABEL = "gradio-ts flagged file id v1";
const SCRYPT = { N: 1 << 15, r: 8, p: 1 } as const;
const MIN_PASSPHRASE = 16;

type ParsedKey = { kind: "raw"; key: Buffer } | { kind: "passphrase"; passphrase: string };

/** 32 bytes, 64 hex characters, 32 bytes of base64, or else a passphrase of at least 16 characters. */
export function parseEncryptionKey(spec: EncryptionKey): ParsedKey {
  if (spec instanceof Uint8Array) {
    if (spec.byteLength !== 32)
      throw new AppConfigError(`An encryption key given as bytes must be 32 bytes long, not ${spec.byteLength}.`);
    return { kind: "raw", key: Buffer.from(spec) };
  }
  const text = spec.trim();
  if (/^[0-9a-f]{64}$/i.test(text)) return { kind: "raw", key: Buffer.from(text, "hex") };
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const bytes = Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (bytes.byteLength === 32) return { kind: "raw", key: bytes };
  }
  if (text.length < MIN_PASSPHRASE) {
    throw new AppConfigError(
      `encryptionKey must be a 32-byte key (64 hex characters or base64) or a passphrase of at least ${MIN_PASSPHRASE} characters.`,
    );
  }
  return { kind: "passphrase", passphrase: text };
}

function scrypt(passphrase: BinaryLike, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(passphrase, salt, 32, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

interface KeyFile {
  format: "gradio-ts-at-rest";
  version: 1;
  kdf: "none" | "scrypt";
  salt?: string;
  N?: number;
  r?: number;
  p?: number;
  check: string;
}

/** An AES-256-GCM key bound to one storage directory. */
export class AtRestCipher {
  private constructor(readonly key: Buffer) {}

  /**
   * The cipher for `dir`: reads its key file (and checks the key against it), or — with `create` —
   * writes one on first use. Without a key file and without `create`, the directory is not encrypted.
   */
  static async forDir(dir: string, spec: EncryptionKey, options: { create: boolean }): Promise<AtRestCipher> {
    const parsed = parseEncryptionKey(spec);
    const keyPath = path.join(dir, KEY_FILE);
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the key file inside the developer's encrypted folder
    const existing = await readFile(keyPath, "utf8").then(
      (text) => JSON.parse(text) as KeyFile,
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return null;
        throw error;
      },
    );
    if (existing) {
      if (existing.format !== "gradio-ts-at-rest" || existing.version !== 1)
        throw new EncryptionError(`${keyPath} is not a gradio-ts key file this version can read.`);
      const key = await deriveKey(parsed, existing);
      const cipher = new AtRestCipher(key);
      let ok = false;
      try {
        ok = timingSafeEqual(cipher.decrypt(Buffer.from(existing.check, "base64"), "check"), Buffer.from(CHECK_TEXT));
      } catch {
        ok = false;
      }
      if (!ok)
        throw new EncryptionError(`Wrong encryption key: it is not the key the data in ${dir} was encrypted with.`);
      return cipher;
    }
    if (!options.create) throw new EncryptionError(`${dir} holds no encrypted data (no ${KEY_FILE}).`);
    const file: Omit<KeyFile, "check"> =
      parsed.kind === "raw"
        ? { format: "gradio-ts-at-rest", version: 1, kdf: "none" }
        : {
            format: "gradio-ts-at-rest",
            version: 1,
            kdf: "scrypt",
            salt: randomBytes(16).toString("base64"),
            ...SCRYPT,
          };
    const cipher = new AtRestCipher(await deriveKey(parsed, file));
    const complete: KeyFile = { ...file, check: cipher.encrypt(Buffer.from(CHECK_TEXT), "check").toString("base64") };
    try {
      // `wx`: two writers racing to create it never overwrite each other's salt.
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- the key file inside the developer's encrypted folder
      await writeFile(keyPath, `${JSON.stringify(complete, null, 2)}\n`, { flag: "wx", mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return AtRestCipher.forDir(dir, spec, options);
      throw error;
    }
    return cipher;
  }

  /**
   * A keyed digest for naming a stored file by its content (equal files share one sealed copy): keyed,
   * so without the key a name does not reveal which file it stands for. Its own key, derived from this
   * one, so the digest and the encryption never share a key.
   */
  fileIdDigest(): Hmac {
    return createHmac("sha256", createHmac("sha256", this.key).update(FILE_ID_LABEL).digest());
  }

  /** IV ‖ ciphertext ‖ tag. */
  encrypt(plaintext: Uint8Array, associated: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv);
    cipher.setAAD(Buffer.from(associated, "utf8"));
    return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  }

  decrypt(sealed: Uint8Array, associated: string): Buffer {
    if (sealed.byteLength < IV_BYTES + TAG_BYTES) throw new EncryptionError("Encrypted data is truncated.");
    const bytes = Buffer.from(sealed);
    const decipher = createDecipheriv(ALGORITHM, this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(associated, "utf8"));
    decipher.setAuthTag(bytes.subarray(bytes.byteLength - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.byteLength - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new EncryptionError("Encrypted data failed its integrity check: it was altered, or the key is wrong.");
    }
  }

  /** One CSV record as a line of base64 (without the newline). */
  encryptRecord(record: string, index: number): string {
    return this.encrypt(Buffer.from(record, "utf8"), `csv:${index}`).toString("base64");
  }

  decryptRecord(line: string, index: number): string {
    return this.decrypt(Buffer.from(line, "base64"), `csv:${index}`).toString("utf8");
  }

  /** Streams `source` into a new file `target` (never overwriting), encrypted; `relative` is its place in the dataset. */
  async encryptStreamToFile(
    source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    target: string,
    relative: string,
    name: string,
  ): Promise<void> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv);
    cipher.setAAD(Buffer.from(`file:${relative}`, "utf8"));
    const nameBytes = Buffer.from(name, "utf8").subarray(0, 0xffff);
    const header = Buffer.alloc(2);
    header.writeUInt16BE(nameBytes.byteLength);
    async function* sealed() {
      yield Buffer.concat([FILE_MAGIC, iv]);
      yield cipher.update(Buffer.concat([header, nameBytes]));
      for await (const chunk of source) yield cipher.update(chunk);
      yield cipher.final();
      yield cipher.getAuthTag();
    }
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the flagging store's own partial file
    await pipeline(sealed, createWriteStream(target, { flags: "wx", mode: 0o600 }));
  }

  /** The original name and bytes of an encrypted file; fails on any altered byte. */
  async decryptFile(file: string, relative: string): Promise<{ name: string; bytes: Buffer }> {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- a file of the developer's encrypted flagging folder
    const sealed = await readFile(file);
    if (sealed.byteLength < FILE_MAGIC.byteLength || !sealed.subarray(0, FILE_MAGIC.byteLength).equals(FILE_MAGIC))
      throw new EncryptionError(`${file} is not a gradio-ts encrypted file.`);
    const plain = this.decrypt(sealed.subarray(FILE_MAGIC.byteLength), `file:${relative}`);
    const length = plain.readUInt16BE(0);
    return { name: plain.subarray(2, 2 + length).toString("utf8"), bytes: plain.subarray(2 + length) };
  }
}

async function deriveKey(parsed: ParsedKey, file: Pick<KeyFile, "kdf" | "salt" | "N" | "r" | "p">): Promise<Buffer> {
  if (file.kdf === "none") {
    if (parsed.kind !== "raw")
      throw new EncryptionError("Wrong encryption key: this data was encrypted with a 32-byte key, not a passphrase.");
    return parsed.key;
  }
  if (parsed.kind !== "passphrase")
    throw new EncryptionError("Wrong encryption key: this data was encrypted with a passphrase, not a 32-byte key.");
  const N = file.N ?? SCRYPT.N;
  const r = file.r ?? SCRYPT.r;
  const p = file.p ?? SCRYPT.p;
  // Bounded, so a tampered key file cannot make reading it exhaust memory or time.
  if (!file.salt || N > 1 << 20 || r > 32 || p > 16)
    throw new EncryptionError("The key file's scrypt settings are not valid.");
  return scrypt(parsed.passphrase, Buffer.from(file.salt, "base64"), { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
}

/** Whether a CSV file (by its first bytes) was written encrypted; null when it does not exist. */
export async function isEncryptedCsv(file: string): Promise<boolean | null> {
  let handle;
  try {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the flagging CSV file the developer configured
    handle = await open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const buffer = Buffer.alloc(ENCRYPTED_CSV_MAGIC.length);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return bytesRead === buffer.length && buffer.toString("utf8") === ENCRYPTED_CSV_MAGIC;
  } finally {
    await handle.close();
  }
}
