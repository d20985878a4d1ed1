/**
 * Reading a flagging dataset back: `gr.readFlags(dir, key)` gives its rows (header first), decrypting
 * them when the dataset was written with an encryption key; `gr.readFlaggedFile(dir, cell, key)` gives
 * a file a row refers to. Every record and file is checked (AES-GCM tag): a wrong key or an altered
 * byte fails with an `EncryptionError`, never with garbage.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseCsv } from "../components/csv.js";
import { isInside } from "../files/access.js";
import { sanitizeFileName } from "../files/file-name.js";
import { AtRestCipher, ENCRYPTED_CSV_MAGIC, EncryptionError, type EncryptionKey } from "../security/encryption.js";

export interface ReadFlagsOptions {
  /** CSV file name inside `dir`; "dataset1.csv" by default, as `CSVLogger`. */
  fileName?: string;
}

const NO_LIMITS = {
  maxRows: Number.POSITIVE_INFINITY,
  maxColumns: Number.POSITIVE_INFINITY,
  maxCellLength: Number.POSITIVE_INFINITY,
  maxBytes: Number.POSITIVE_INFINITY,
};

/** The rows of a flagging dataset, header row first; `key` is needed (and checked) when it is encrypted. */
export async function readFlags(dir: string, key?: EncryptionKey, options: ReadFlagsOptions = {}): Promise<string[][]> {
  const root = path.resolve(dir);
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- the developer's flagging folder and a sanitized file name
  const text = await readFile(path.join(root, sanitizeFileName(options.fileName ?? "dataset1.csv")), "utf8");
  if (!text.startsWith(`${ENCRYPTED_CSV_MAGIC}\n`)) {
    if (key !== undefined) throw new EncryptionError(`The flags in ${root} are not encrypted.`);
    return parseCsv(text, NO_LIMITS, ",");
  }
  if (key === undefined) throw new EncryptionError(`The flags in ${root} are encrypted: pass the key to read them.`);
  const cipher = await AtRestCipher.forDir(root, key, { create: false });
  const lines = text.split("\n").slice(1);
  if (lines.at(-1) === "") lines.pop();
  const records = lines.map((line, index) => cipher.decryptRecord(line, index));
  return parseCsv(records.join(""), NO_LIMITS, ",");
}

/** A file a flagged row refers to (its cell text, relative to `dir`): its original name and bytes. */
export async function readFlaggedFile(
  dir: string,
  cell: string,
  key?: EncryptionKey,
): Promise<{ name: string; bytes: Buffer }> {
  const root = path.resolve(dir);
  const file = path.resolve(root, cell);
  if (!isInside(file, root) || file === root)
    throw new EncryptionError("That path is not inside the flagging directory.");
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- checked to be inside the developer's flagging folder just above
  if (key === undefined) return { name: path.basename(file), bytes: await readFile(file) };
  const cipher = await AtRestCipher.forDir(root, key, { create: false });
  return cipher.decryptFile(file, path.relative(root, file).split(path.sep).join("/"));
}
