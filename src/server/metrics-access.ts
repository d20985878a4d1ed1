/** Who may read `/metrics` (see metrics.ts), decided at start from the option and the environment. */
import { signInRequired } from "../security/sign-in.js";
import type { LaunchOptions } from "./options.js";

export type MetricsAccess = { mode: "off" } | { mode: "open" } | { mode: "token"; token: string };

export function metricsAccess(
  options: Pick<LaunchOptions, "metrics" | "auth" | "identityProxy">,
  env: Readonly<Record<string, string | undefined>>,
): MetricsAccess {
  const setting = options.metrics;
  if (typeof setting === "object" && setting !== null) {
    if (typeof setting.token !== "string" || setting.token.length < 16)
      throw new RangeError("metrics.token must be a string of at least 16 characters.");
    return { mode: "token", token: setting.token };
  }
  if (setting === false) return { mode: "off" };
  if (setting === true) return { mode: "open" };
  const fromEnv = env.GRADIO_METRICS_TOKEN;
  if (fromEnv) {
    if (fromEnv.length < 16) throw new RangeError("GRADIO_METRICS_TOKEN must be at least 16 characters.");
    return { mode: "token", token: fromEnv };
  }
  return signInRequired(options) ? { mode: "off" } : { mode: "open" };
}
