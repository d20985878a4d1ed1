/** Whether callers must be signed in: a sign-in form (`auth`) or an identity proxy. Kept free of server code. */
import type { SecurityOptions } from "../server/options.js";

export function signInRequired(options: Pick<SecurityOptions, "auth" | "identityProxy">): boolean {
  return Boolean(options.auth) || Boolean(options.identityProxy);
}
