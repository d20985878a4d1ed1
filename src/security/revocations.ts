/**
 * Where logouts are remembered, so that a logged-out cookie stays refused wherever sessions are shared:
 * - in this process only, when sessions die with it (no `sessionSecret`);
 * - in a file (mode 0600, next to the API token file) when `sessionSecret` lets cookies outlive the
 *   process: a restart, or another process on the same disk, still refuses them;
 * - in Redis when replicas share one (`redisUrl`): every replica refuses them at once.
 * Each entry lasts only as long as the sessions it voids could have lived, so the store never grows
 * past what the session lifetime allows.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/** What a revocation needs to know about one session (all times in ms since the epoch). */
export interface SessionRef {
  sid: string;
  user: string;
  issuedAt: number;
  expiresAt: number;
}

export interface RevocationStore {
  /** Ends one session. */
  revokeSession(session: SessionRef): Promise<void>;
  /** Ends every session of `user` issued at or before `cutoff`; remembered until `until`. */
  revokeUser(user: string, cutoff: number, until: number): Promise<void>;
  isRevoked(session: SessionRef): Promise<boolean>;
  /** The latest "log out everywhere" time of `user`, or null: a new session must be issued after it. */
  userCutoff(user: string): Promise<number | null>;
}

interface UserCutoff {
  cutoff: number;
  until: number;
}

interface RevocationFile {
  version: 1;
  /** Session id -> its expiry. */
  sessions: Record<string, number>;
  users: Record<string, UserCutoff>;
}

export interface LocalRevocationSettings {
  /** Kept in this file when given (shared by restarts and by processes on one disk); else in memory. */
  file?: string;
  now?: () => number;
  /**
   * Single-session revocations kept at most. Past it, a logout voids that user's sessions issued up to
   * the logged-out one instead, which takes one entry per user whatever the number of logouts.
   */
  maxSessions?: number;
}

const DEFAULT_MAX_SESSIONS = 50_000;

export class LocalRevocations implements RevocationStore {
  readonly file: string | null;
  readonly #now: () => number;
  readonly #maxSessions: number;
  #sessions = new Map<string, number>();
  #users = new Map<string, UserCutoff>();
  /** What the file looked like when last read: it is read again only when it changed. */
  #seen: { mtimeMs: number; size: number } | null = null;

  constructor(settings: LocalRevocationSettings = {}) {
    this.file = settings.file ?? null;
    this.#now = settings.now ?? Date.now;
    this.#maxSessions = settings.maxSessions ?? DEFAULT_MAX_SESSIONS;
  }

  async revokeSession(session: SessionRef): Promise<void> {
    this.#change(() => {
      if (this.#sessions.size < this.#maxSessions) this.#sessions.set(session.sid, session.expiresAt);
      else this.#raiseCutoff(session.user, session.issuedAt, session.expiresAt);
    });
  }

  async revokeUser(user: string, cutoff: number, until: number): Promise<void> {
    this.#change(() => this.#raiseCutoff(user, cutoff, until));
  }

  async isRevoked(session: SessionRef): Promise<boolean> {
    this.#refresh();
    if (this.#sessions.has(session.sid)) return true;
    const user = this.#users.get(userKey(session.user));
    return user !== undefined && session.issuedAt <= user.cutoff;
  }

  async userCutoff(user: string): Promise<number | null> {
    this.#refresh();
    return this.#users.get(userKey(user))?.cutoff ?? null;
  }

  #raiseCutoff(user: string, cutoff: number, until: number): void {
    const key = userKey(user);
    const known = this.#users.get(key);
    const kept = known ?? { cutoff, until };
    this.#users.set(key, { cutoff: Math.max(cutoff, kept.cutoff), until: Math.max(until, kept.until) });
  }

  /** Applies a change to the latest state (another process may have written since), pruned, then saves it. */
  #change(apply: () => void): void {
    this.#refresh();
    this.#prune();
    apply();
    this.#save();
  }

  #prune(): void {
    const now = this.#now();
    for (const [sid, expiresAt] of this.#sessions) if (expiresAt <= now) this.#sessions.delete(sid);
    for (const [user, entry] of this.#users) if (entry.until <= now) this.#users.delete(user);
  }

  /** Reads the file if it changed; throws if it cannot be read (callers then refuse, never accept). */
  #refresh(): void {
    if (this.file === null) return;
    let stats;
    try {
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- the revocation file the developer configured
      stats = statSync(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      this.#sessions.clear();
      this.#users.clear();
      this.#seen = null;
      return;
    }
    if (this.#seen && this.#seen.mtimeMs === stats.mtimeMs && this.#seen.size === stats.size) return;
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the revocation file the developer configured
    const parsed = parseFile(readFileSync(this.file, "utf8"));
    this.#sessions = parsed.sessions;
    this.#users = parsed.users;
    this.#seen = { mtimeMs: stats.mtimeMs, size: stats.size };
  }

  #save(): void {
    if (this.file === null) return;
    const sessions = Object.fromEntries(this.#sessions);
    const data: RevocationFile = { version: 1, sessions, users: Object.fromEntries(this.#users) };
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the folder of the revocation file the developer configured
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    // Written aside and renamed, so a reader never sees half a file.
    const temp = `${this.file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- a random sibling of the revocation file the developer configured
    writeFileSync(temp, `${JSON.stringify(data)}\n`, { mode: 0o600 });
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- a random sibling of the revocation file the developer configured
    renameSync(temp, this.file);
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the revocation file the developer configured
    const stats = statSync(this.file);
    this.#seen = { mtimeMs: stats.mtimeMs, size: stats.size };
  }
}

/** Users are kept by a hash of their name: the file then says who logged out to nobody who reads it. */
const userKey = (user: string) => createHash("sha256").update(user, "utf8").digest("base64url");

/** The file's content, checked entry by entry (a malformed file is an error, not an empty list). */
function parseFile(text: string): { sessions: Map<string, number>; users: Map<string, UserCutoff> } {
  const raw = JSON.parse(text) as Partial<RevocationFile> | null;
  if (!raw || typeof raw !== "object" || raw.version !== 1) {
    throw new Error("the session revocation file is not in the expected format");
  }
  const sessions = new Map<string, number>();
  for (const [sid, expiresAt] of Object.entries(raw.sessions ?? {})) {
    if (typeof expiresAt === "number") sessions.set(sid, expiresAt);
  }
  const users = new Map<string, UserCutoff>();
  for (const [user, entry] of Object.entries(raw.users ?? {})) {
    if (entry && typeof entry.cutoff === "number" && typeof entry.until === "number") {
      users.set(user, { cutoff: entry.cutoff, until: entry.until });
    }
  }
  return { sessions, users };
}
