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

  /** Python Gradio's `request.client.host`. */
  get client(): { host: string } {
    return { host: this.clientIp };
  }
}
