/** Whether callers must be signed in: a sign-in form (`auth`) or an identity proxy. Kept free of server code. */
import type { LaunchOptions } from "../server/options.js";

export function signInRequired(options: Pick<LaunchOptions, "auth" | "identityProxy">): boolean {
  return Boolean(options.auth) || Boolean(options.identityProxy);
}
