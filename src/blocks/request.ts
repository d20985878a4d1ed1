/**
 * `gr.Request`: who made the call (user, roles, client IP, session, headers and query without
 * credentials). Plain data, so it can cross process boundaries.
 */
export interface GradioRequestInit {
  headers: Record<string, string>;
  clientIp: string;
  sessionHash: string;
  username: string | null;
  roles?: readonly string[];
  query?: Record<string, string>;
}

/**
 * Names of headers and query parameters that carry credentials (session cookies, bearer and API
 * tokens, signatures). A fn never sees them and a shared queue never stores them: they would let
 * anyone who reads the store, or a fn's logs, act as the caller.
 */
const CREDENTIAL_NAME = /cookie|auth|token|secret|passw|api[-_]?key|csrf|xsrf|sign/i;

/** The entries a fn may see: every one whose name is not a credential's. */
function withoutCredentials(entries: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(entries ?? {}).filter(([name]) => !CREDENTIAL_NAME.test(name)));
}

export class GradioRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly clientIp: string;
  readonly sessionHash: string;
  readonly username: string | null;
  readonly roles: readonly string[];
  readonly query: Readonly<Record<string, string>>;

  /** Credentials are dropped here, so a fn sees the same headers on every backend and nothing stores them. */
  constructor(init: GradioRequestInit) {
    this.headers = withoutCredentials(init.headers);
    this.clientIp = init.clientIp;
    this.sessionHash = init.sessionHash;
    this.username = init.username;
    this.roles = init.roles ?? [];
    this.query = withoutCredentials(init.query);
  }

  /** The plain data this request was made from, copied: what a shared queue stores to rebuild it elsewhere. */
  toInit(): GradioRequestInit {
    return {
      headers: { ...this.headers },
      clientIp: this.clientIp,
      sessionHash: this.sessionHash,
      username: this.username,
      roles: [...this.roles],
      query: { ...this.query },
    };
  }

  /** Python Gradio's `request.client.host`. */
  get client(): { host: string } {
    return { host: this.clientIp };
  }
}
