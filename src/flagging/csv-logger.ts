/**
 * Flagging: samples (inputs, outputs and their files) appended to a CSV file in a chosen directory.
 *
 * - Durable: a row is written, the file fsynced (and the directory, when the file is new) before
 *   `flag()` resolves, so a click is acknowledged only once the sample is on disk. Flags are written one
 *   at a time, in order.
 * - Spreadsheet-safe (X01): a cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`, so a
 *   spreadsheet shows it as text instead of running it as a formula; every cell is quoted.
 * - Files (C14): only values of file components are copied, and those values are paths the file rules
 *   already accepted when the event's inputs were preprocessed (uploaded or cached files); text values are
 *   never read as paths (C08). A copy source must also be a regular file (never a device or a folder).
 *   Files are stored once per distinct content (src/flagging/file-store.ts), under
 *   `<dir>/<column>/<content digest>/<name>`, and the CSV holds that relative path.
 * - Encrypted at rest when a key is given (`encryptionKey` here, else `launch({ encryptionKey })`, read
 *   at each write): every CSV record and every copied file is sealed with AES-256-GCM
 *   (src/security/encryption.ts); files are then stored as `<column>/<keyed content digest>/file.enc`,
 *   their names inside the ciphertext. `gr.readFlags(dir, key)` reads such a dataset back. Plain and
 *   encrypted rows are never mixed in one file: a write that would mix them fails.
 */
import { constants } from "node:fs";
import { mkdir, open, realpath, stat, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { AnnotatedImage } from "../components/annotated-image.js";
import { Audio, isAudioSamples } from "../components/audio.js";
import { Chatbot, type ChatMessage } from "../components/chatbot.js";
import type { Component } from "../components/component.js";
import { Dataset } from "../components/dataset.js";
import { Gallery } from "../components/gallery.js";
import { ImageEditor } from "../components/image-editor.js";
import { encodePixels, Image, isImagePixels } from "../components/image.js";
import { File } from "../components/file.js";
import { MultimodalTextbox } from "../components/multimodal-textbox.js";
import { State } from "../components/state.js";
import { Video } from "../components/video.js";
import { encodeWav } from "../components/wav.js";
import { sanitizeFileName } from "../files/file-name.js";
import { registerPrivatePath } from "../files/private-paths.js";
import { openExactly } from "../files/resolve.js";
import { AppConfigError } from "../errors.js";
import { contentOfBytes, contentOfOpenFile, storeFlaggedFile, syncPath } from "./file-store.js";
import { AtRestCipher, ENCRYPTED_CSV_MAGIC, isEncryptedCsv, type EncryptionKey } from "../security/encryption.js";

export interface CSVLoggerOptions {
  /**
   * Directory of the dataset (created if missing). Default ".gradio/flagged" in the working directory,
   * as Gradio 5+. Whatever its name, no fn may return a path inside it (see src/files/private-paths.ts).
   */
  dir?: string;
  /** CSV file name inside `dir`. Default "dataset1.csv". */
  fileName?: string;
  /**
   * Encrypt rows and files with this key (see `launch({ encryptionKey })`, which is used when this is
   * not given). A 32-byte key as hex or base64, 32 bytes, or a passphrase of at least 16 characters.
   */
  encryptionKey?: EncryptionKey;
}

export interface FlagOptions {
  /** The reason chosen (Gradio's flagging options), stored in the "flag" column. */
  flagOption?: string;
  username?: string | null;
  /** The key of the app this flag comes from (`launch({ encryptionKey })`); the logger's own key wins. */
  appEncryptionKey?: EncryptionKey;
}

/** A dot folder, as in Gradio 5+: out of sight in listings; private whatever it is called (private-paths.ts). */
export const DEFAULT_FLAGGING_DIR = path.join(".gradio", "flagged");

const DANGEROUS_START = new Set(["=", "+", "-", "@", "\t", "\r"]);

/** One CSV cell: formula starts neutralised, quoted, quotes doubled. */
export function csvCell(value: string): string {
  const safe = value.length > 0 && DANGEROUS_START.has(value[0]!) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvRow(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export class CSVLogger {
  readonly dir: string;
  readonly fileName: string;
  #components: Component[] = [];
  #headers: string[] = [];
  #extraHeaders: string[] = [];
  #chain: Promise<unknown> = Promise.resolve();
  readonly #encryptionKey: EncryptionKey | undefined;
  #cipher: { key: EncryptionKey; cipher: AtRestCipher } | null = null;

  constructor(options: CSVLoggerOptions = {}) {
    this.dir = path.resolve(options.dir ?? DEFAULT_FLAGGING_DIR);
    registerPrivatePath(this.dir);
    this.fileName = sanitizeFileName(options.fileName ?? "dataset1.csv");
    this.#encryptionKey = options.encryptionKey;
  }

  /** The cipher for this write: the logger's own key, else the flagging app's; null when neither is set. */
  async #currentCipher(appKey: EncryptionKey | undefined): Promise<AtRestCipher | null> {
    const key = this.#encryptionKey ?? appKey;
    if (key === undefined) return null;
    if (this.#cipher?.key !== key)
      this.#cipher = { key, cipher: await AtRestCipher.forDir(this.dir, key, { create: true }) };
    return this.#cipher.cipher;
  }

  get csvPath(): string {
    return path.join(this.dir, this.fileName);
  }

  /**
   * Names the columns: one per component (State and Dataset are left out), then the `extra` text columns
   * (their values follow the components' in `flag`), then flag, username, timestamp.
   */
  setup(components: readonly Component[], extra: readonly string[] = []): this {
    this.#extraHeaders = [...extra];
    this.#components = components.filter((c) => !(c instanceof State) && !(c instanceof Dataset));
    const seen = new Map<string, number>();
    this.#headers = this.#components.map((c) => {
      const base = c.label ?? `${c.type} ${c.id}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      return n === 0 ? base : `${base} ${n}`;
    });
    return this;
  }

  get components(): readonly Component[] {
    return this.#components;
  }

  /** Appends one sample; resolves with the number of data rows once it is on disk. */
  flag(values: readonly unknown[], options: FlagOptions = {}): Promise<number> {
    const run = this.#chain.then(() => this.#write(values, options));
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async #write(values: readonly unknown[], options: FlagOptions): Promise<number> {
    if (this.#components.length === 0)
      throw new AppConfigError("CSVLogger.flag() was called before setup(components).");
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the flagging folder the developer configured
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // Again now that it exists: if it was made a link since, its real place is private too.
    registerPrivatePath(this.dir);
    const cipher = await this.#currentCipher(options.appEncryptionKey);
    const encrypted = await isEncryptedCsv(this.csvPath);
    if (cipher && encrypted === false)
      throw new AppConfigError(
        `${this.csvPath} holds unencrypted flags; flag to a new directory (or move the file away) to store flags encrypted.`,
      );
    if (!cipher && encrypted === true)
      throw new AppConfigError(`${this.csvPath} is encrypted: give the same encryptionKey to add flags to it.`);
    const cells: string[] = [];
    for (const [i, component] of this.#components.entries())
      cells.push(await this.#cell(component, values[i], this.#headers[i]!, cipher));
    for (const [j] of this.#extraHeaders.entries()) cells.push(String(values[this.#components.length + j] ?? ""));
    cells.push(options.flagOption ?? "", options.username ?? "", new Date().toISOString());
    if (cipher) return this.#appendEncrypted(cipher, cells, encrypted === null);
    let isNew = false;
    try {
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- the flagging CSV file the developer configured
      await stat(this.csvPath);
    } catch {
      isNew = true;
    }
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the flagging CSV file the developer configured
    const handle = await open(this.csvPath, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600);
    try {
      if (isNew) await handle.write(csvRow([...this.#headers, ...this.#extraHeaders, "flag", "username", "timestamp"]));
      await handle.write(csvRow(cells));
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (isNew) await syncPath(this.dir);
    const { readFile } = await import("node:fs/promises");
    const text = await readFile(this.csvPath, "utf8");
    return countRows(text) - 1;
  }

  /** One sealed record per line, after the magic line; resolves with the number of data rows. */
  async #appendEncrypted(cipher: AtRestCipher, cells: string[], isNew: boolean): Promise<number> {
    const { readFile } = await import("node:fs/promises");
    // Records are numbered (the number is bound into each one), so they cannot be reordered unnoticed.
    const records = isNew ? 0 : countLines(await readFile(this.csvPath, "utf8")) - 1;
    const lines = isNew
      ? [
          ENCRYPTED_CSV_MAGIC,
          cipher.encryptRecord(csvRow([...this.#headers, ...this.#extraHeaders, "flag", "username", "timestamp"]), 0),
        ]
      : [];
    lines.push(cipher.encryptRecord(csvRow(cells), isNew ? 1 : records));
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the flagging CSV file the developer configured
    const handle = await open(this.csvPath, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600);
    try {
      await handle.write(lines.map((line) => `${line}\n`).join(""));
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (isNew) await syncPath(this.dir);
    return isNew ? 1 : records;
  }

  /** A value as CSV text; files of file components are copied in first. */
  async #cell(component: Component, value: unknown, header: string, cipher: AtRestCipher | null): Promise<string> {
    if (value === null || value === undefined) return "";
    const save = (source: unknown, fallbackName: string) => this.#save(source, header, fallbackName, cipher);
    if (
      component instanceof Image ||
      component instanceof Audio ||
      component instanceof Video ||
      component instanceof File
    ) {
      if (Array.isArray(value)) return JSON.stringify(await Promise.all(value.map((v) => save(v, "file"))));
      return save(value, component instanceof Audio ? "audio.wav" : "image.png");
    }
    if (component instanceof Gallery) {
      const items = value as [string, string | null][];
      return JSON.stringify(
        await Promise.all(items.map(async ([file, caption]) => ({ image: await save(file, "image.png"), caption }))),
      );
    }
    if (component instanceof MultimodalTextbox) {
      const v = value as { text: string; files: string[] };
      return JSON.stringify({ text: v.text, files: await Promise.all(v.files.map((f) => save(f, "file"))) });
    }
    if (component instanceof Chatbot) {
      const messages = value as ChatMessage[];
      return JSON.stringify(
        await Promise.all(
          messages.map(async (m) =>
            typeof m.content === "object" && "path" in m.content
              ? { ...m, content: { path: await save(m.content.path, "file") } }
              : m,
          ),
        ),
      );
    }
    if (component instanceof AnnotatedImage) {
      const [image, annotations] = value as [string, [string, string][]];
      return JSON.stringify({
        image: await save(image, "image.png"),
        annotations: await Promise.all(
          annotations.map(async ([mask, label]) => ({ image: await save(mask, "mask.png"), label })),
        ),
      });
    }
    if (component instanceof ImageEditor) {
      const v = value as { background: string | null; layers: string[]; composite: string | null };
      const one = (p: string | null) => (p === null ? null : save(p, "image.png"));
      return JSON.stringify({
        background: await one(v.background),
        layers: await Promise.all(v.layers.map((l) => save(l, "layer.png"))),
        composite: await one(v.composite),
      });
    }
    return typeof value === "string" ? value : JSON.stringify(value);
  }

  /** Stores (or encodes) one file value, once per distinct content; returns its path relative to `dir`. */
  async #save(source: unknown, column: string, fallbackName: string, cipher: AtRestCipher | null): Promise<string> {
    if (typeof source !== "string") {
      const [bytes, name] = await this.#encode(source, fallbackName);
      return storeFlaggedFile(this.dir, column, contentOfBytes(bytes, name), cipher);
    }
    const { real, handle } = await openSource(source);
    try {
      return await storeFlaggedFile(this.dir, column, contentOfOpenFile(handle, path.basename(real)), cipher);
    } finally {
      await handle.close();
    }
  }

  /** The bytes (and a name) of a file value that is not a path: pixels, samples or raw bytes. */
  async #encode(source: unknown, fallbackName: string): Promise<[Uint8Array, string]> {
    if (isImagePixels(source)) return [await encodePixels(source, "png"), "image.png"];
    if (isAudioSamples(source))
      return [encodeWav(source.data, source.sampleRate, (source as { channels?: number }).channels ?? 1), "audio.wav"];
    if (source instanceof Uint8Array) return [source, sanitizeFileName(fallbackName)];
    throw new AppConfigError("Flagging got a file value it cannot store.");
  }
}

/** Lines of an encrypted CSV (base64 never holds a newline). */
function countLines(text: string): number {
  let lines = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines++;
  return lines;
}

/** Counts CSV records (newlines outside quotes). */
function countRows(text: string): number {
  let rows = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === "\n" && !quoted) rows++;
  }
  return rows;
}

/**
 * Opens a file value for copying: its real path, opened only if the descriptor is that very file (a
 * folder swapped for a link after the value was accepted cannot redirect the copy). Devices, sockets
 * and folders are never copied, whatever path reached here.
 */
async function openSource(source: string): Promise<{ real: string; handle: FileHandle }> {
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- a file value the file access policy accepted when the input was processed
  const real = await realpath(source).catch(() => null);
  const opened = real === null ? null : await openExactly(real);
  if (real === null || opened === null) {
    throw new AppConfigError("Flagging refused a value that is not a regular file.");
  }
  return { real, handle: opened.handle };
}
