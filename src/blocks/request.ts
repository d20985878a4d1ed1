/** `gr.Request`: who made the call. Plain data, so it can cross process boundaries. */
export interface GradioRequestInit {
  headers: Record<string, string>;
  clientIp: string;
  sessionHash: string;
  username: string | null;
  roles?: readonly string[];
  query?: Record<string, string>;
}

export class GradioRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly clientIp: string;
  readonly sessionHash: string;
  readonly username: string | null;
  readonly roles: readonly string[];
  readonly query: Readonly<Record<string, string>>;

  constructor(init: GradioRequestInit) {
    this.headers = init.headers;
    this.clientIp = init.clientIp;
    this.sessionHash = init.sessionHash;
    this.username = init.username;
    this.roles = init.roles ?? [];
    this.query = init.query ?? {};
  }

  /** The plain data this request was made from, copied: what a shared queue stores to rebuild it elsewhere. */
  toInit(): GradioRequestInit {
    return { headers: { ...this.headers }, clientIp: this.clientIp, sessionHash: this.sessionHash, username: this.username, roles: [...this.roles], query: { ...this.query } };
  }

  /** Python Gradio's `request.client.host`. */
  get client(): { host: string } {
    return { host: this.clientIp };
  }
}
