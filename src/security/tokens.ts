/**
 * API tokens for programs: `gts_<id>_<secret>`, shown once when made and stored only as a SHA-256 hash
 * of the secret (tokens are 32 random bytes, so a fast hash is enough), in a JSON file readable by its
 * owner only (mode 0600). A token carries roles; `Authorization: Bearer <token>` then signs a request in
 * as `token:<name>` with those roles, so role checks and rate limits apply as to a session. Revoking
 * removes the record; a running server sees the change on its next request (the file is re-read when
 * its modification time changes).
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { registerPrivatePath } from "../files/private-paths.js";
import type { SessionUser } from "./auth.js";

export const TOKEN_PREFIX = "gts_";
const TOKEN_SHAPE = /^gts_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const ROLE = /^[\w.:-]{1,64}$/;
const NAME = /^[\w .:@-]{1,64}$/;

export interface TokenRecord {
  id: string;
  name: string;
  roles: string[];
  /** SHA-256 (hex) of the secret part. */
  hash: string;
  createdAt: string;
}

export interface TokenFile {
  version: 1;
  tokens: TokenRecord[];
}

const DEFAULT_TOKEN_DIR = ".gradio-ts";

/** Where tokens live: `tokenStore` option, else `GRADIO_TOKEN_STORE`, else `.gradio-ts/tokens.json` in the working directory. */
export function defaultTokenStorePath(explicit?: string | null, fromEnv?: string): string {
  return path.resolve(explicit ?? (fromEnv || path.join(DEFAULT_TOKEN_DIR, "tokens.json")));
}

const sha256 = (text: string) => createHash("sha256").update(text).digest();

export class TokenStore {
  readonly file: string;
  #cache: { mtimeMs: number; size: number; data: TokenFile } | null = null;

  constructor(file?: string | null) {
    this.file = defaultTokenStorePath(file);
    // Hashes only, but still never a file a fn may hand out; nor the default folder, whatever is in it.
    registerPrivatePath(this.file);
    registerPrivatePath(DEFAULT_TOKEN_DIR);
  }

  /** Makes a token; the returned `token` is the only time its secret exists outside the caller. */
  create(options: { roles?: readonly string[]; name?: string } = {}): { token: string; record: TokenRecord } {
    const roles = [...new Set(options.roles ?? [])];
    for (const role of roles)
      if (!ROLE.test(role)) throw new Error(`Invalid role "${role}": use letters, digits and _ . : - (at most 64).`);
    const id = randomBytes(6).toString("hex");
    const name = options.name ?? `token-${id}`;
    if (!NAME.test(name))
      throw new Error(`Invalid token name "${name}": use letters, digits, spaces and _ . : @ - (at most 64).`);
    const secret = randomBytes(32).toString("base64url");
    const record: TokenRecord = {
      id,
      name,
      roles,
      hash: sha256(secret).toString("hex"),
      createdAt: new Date().toISOString(),
    };
    const data = this.#read();
    data.tokens.push(record);
    this.#write(data);
    return { token: `${TOKEN_PREFIX}${id}_${secret}`, record };
  }

  list(): TokenRecord[] {
    return this.#read().tokens.map((t) => ({ ...t }));
  }

  /** Removes a token by id (or name); true when one was removed. */
  revoke(idOrName: string): boolean {
    const data = this.#read();
    const kept = data.tokens.filter((t) => t.id !== idOrName && t.name !== idOrName);
    if (kept.length === data.tokens.length) return false;
    this.#write({ ...data, tokens: kept });
    return true;
  }

  /** The identity a presented token stands for, or null (unknown, revoked or malformed). */
  verify(token: string): SessionUser | null {
    const match = TOKEN_SHAPE.exec(token);
    if (!match) return null;
    const [, id, secret] = match;
    const record = this.#read().tokens.find((t) => t.id === id);
    // Hash anyway, so an unknown id costs the same time as a wrong secret.
    const presented = sha256(secret!);
    const stored = Buffer.from(record?.hash ?? "00".repeat(32), "hex");
    if (!record || stored.length !== presented.length || !timingSafeEqual(stored, presented)) return null;
    return { username: `token:${record.name}`, roles: [...record.roles] };
  }

  #read(): TokenFile {
    let stats;
    try {
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- the token file the developer configured
      stats = statSync(this.file);
    } catch {
      this.#cache = null;
      return { version: 1, tokens: [] };
    }
    if (this.#cache && this.#cache.mtimeMs === stats.mtimeMs && this.#cache.size === stats.size)
      return this.#cache.data;
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the token file the developer configured
    const parsed = JSON.parse(readFileSync(this.file, "utf8")) as Partial<TokenFile>;
    const data: TokenFile = { version: 1, tokens: Array.isArray(parsed.tokens) ? parsed.tokens.filter(isRecord) : [] };
    this.#cache = { mtimeMs: stats.mtimeMs, size: stats.size, data };
    return data;
  }

  #write(data: TokenFile): void {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the folder of the token file the developer configured
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    // Written aside and renamed, so a reader never sees half a file.
    const temp = `${this.file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- a random sibling of the token file the developer configured
    writeFileSync(temp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- a random sibling of the token file the developer configured
    renameSync(temp, this.file);
    this.#cache = null;
  }
}

function isRecord(value: unknown): value is TokenRecord {
  const r = value as TokenRecord;
  return (
    typeof r === "object" &&
    r !== null &&
    typeof r.id === "string" &&
    typeof r.hash === "string" &&
    typeof r.name === "string" &&
    Array.isArray(r.roles)
  );
}

/** The token in `Authorization: Bearer gts_…`, if the header carries one of ours (other bearer tokens, e.g. a proxy's, are left alone). */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match && match[1]!.startsWith(TOKEN_PREFIX) ? match[1]! : null;
}
