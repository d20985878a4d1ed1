/**
 * Who may sign in: a fixed list of username/password pairs, or the developer's own function.
 * Passwords are never compared as strings: both sides are hashed (HMAC with a per-process key) and the
 * digests compared with `crypto.timingSafeEqual`, and an unknown username costs the same work as a
 * known one, so response time says nothing about either.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { SecurityConfigError } from "./errors.js";

/** A user as the server knows them after sign-in. */
export interface SessionUser {
  username: string;
  roles: string[];
}

/** `true` lets the user in; `{ roles }` lets them in with those roles; anything else refuses. */
export type AuthCallbackResult = boolean | { roles?: readonly string[] };
export type AuthCallback = (username: string, password: string) => AuthCallbackResult | Promise<AuthCallbackResult>;
/** `["alice", "pw"]`, or `["alice", "pw", ["admin"]]` to give roles. */
export type AuthCredential =
  | readonly [username: string, password: string]
  | readonly [username: string, password: string, roles: readonly string[]];
export type AuthOption = AuthCredential | readonly AuthCredential[] | AuthCallback;

/** Compares two secrets in time that depends on neither (both are hashed to a fixed length first). */
export function constantTimeEqual(a: string, b: string): boolean {
  const digestA = createHash("sha256").update(a, "utf8").digest();
  const digestB = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(digestA, digestB);
}

const MAX_USERNAME = 256;
const MAX_PASSWORD = 1024;
const ROLE = /^[\w.:-]{1,64}$/;

function checkRoles(roles: unknown, where: string): string[] {
  if (roles === undefined) return [];
  if (!Array.isArray(roles) || roles.some((r) => typeof r !== "string" || !ROLE.test(r))) {
    throw new SecurityConfigError(
      `${where}: roles must be a list of names made of letters, digits, "_", ".", ":" or "-".`,
    );
  }
  return [...new Set(roles as string[])];
}

function isCredential(value: unknown): value is AuthCredential {
  return Array.isArray(value) && typeof value[0] === "string";
}

export interface CredentialChecker {
  /** The signed-in user, or null when the username or password is wrong. Never throws for bad input. */
  verify(username: string, password: string): Promise<SessionUser | null>;
}

export function createCredentialChecker(
  auth: AuthOption,
  onError: (error: unknown) => void = () => {},
): CredentialChecker {
  if (typeof auth === "function") {
    return {
      async verify(username, password) {
        if (!validInput(username, password)) return null;
        let result: AuthCallbackResult;
        try {
          result = await auth(username, password);
        } catch (error) {
          onError(error);
          return null;
        }
        if (result === true) return { username, roles: [] };
        if (result && typeof result === "object") {
          try {
            return { username, roles: checkRoles(result.roles, "auth function result") };
          } catch (error) {
            onError(error);
            return null;
          }
        }
        return null;
      },
    };
  }

  if (!Array.isArray(auth))
    throw new SecurityConfigError(
      "auth must be a [username, password] pair, a list of them, or a function (username, password) => boolean | { roles }.",
    );
  const list: readonly AuthCredential[] = isCredential(auth) ? [auth] : (auth as readonly AuthCredential[]);
  if (list.length === 0) throw new SecurityConfigError("auth is an empty list: nobody could sign in.");
  const key = randomBytes(32);
  const digest = (password: string) => createHmac("sha256", key).update(password, "utf8").digest();
  const users = new Map<string, { digest: Buffer; roles: string[] }>();
  for (const entry of list) {
    if (!isCredential(entry) || typeof entry[1] !== "string" || entry[0].trim() === "" || entry[1] === "") {
      throw new SecurityConfigError(
        "auth: each entry must be [username, password] (or [username, password, roles]) with non-empty strings.",
      );
    }
    const username = entry[0].trim();
    if (username.length > MAX_USERNAME || entry[1].length > MAX_PASSWORD)
      throw new SecurityConfigError("auth: username or password too long.");
    users.set(username, { digest: digest(entry[1]), roles: checkRoles(entry[2], `auth entry for "${username}"`) });
  }
  // Compared against when the username is unknown, so that case costs the same as a wrong password.
  const decoy = { digest: digest(randomBytes(32).toString("hex")), roles: [] as string[] };

  return {
    async verify(username, password) {
      if (!validInput(username, password)) return null;
      const found = users.get(username);
      const entry = found ?? decoy;
      const match = timingSafeEqual(digest(password), entry.digest);
      return match && found ? { username, roles: [...found.roles] } : null;
    },
  };
}

function validInput(username: string, password: string): boolean {
  return (
    typeof username === "string" &&
    typeof password === "string" &&
    username.length > 0 &&
    username.length <= MAX_USERNAME &&
    password.length <= MAX_PASSWORD
  );
}
