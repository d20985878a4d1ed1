/** HTTPS: the key and certificate files named by `sslKeyfile` / `sslCertfile`, read once at start. */
import { readFileSync } from "node:fs";
import { registerPrivatePath } from "../files/private-paths.js";
import type { SecurityOptions } from "../server/options.js";
import { SecurityConfigError } from "./errors.js";

export interface TlsOptions {
  key: Buffer;
  cert: Buffer;
  passphrase?: string;
  minVersion: "TLSv1.2";
}

export function tlsOptions(options: Pick<SecurityOptions, "sslKeyfile" | "sslCertfile" | "sslKeyfilePassword">): TlsOptions | null {
  const { sslKeyfile, sslCertfile, sslKeyfilePassword } = options;
  if (!sslKeyfile && !sslCertfile) return null;
  if (!sslKeyfile || !sslCertfile) throw new SecurityConfigError("HTTPS needs both sslKeyfile and sslCertfile.");
  // The private key may sit in the working or temp directory, which a fn may otherwise return from.
  registerPrivatePath(sslKeyfile);
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file);
    } catch {
      throw new SecurityConfigError(`Could not read the ${what} file given to launch(): ${file}`);
    }
  };
  return {
    key: read(sslKeyfile, "sslKeyfile"),
    cert: read(sslCertfile, "sslCertfile"),
    ...(sslKeyfilePassword !== undefined ? { passphrase: sslKeyfilePassword } : {}),
    minVersion: "TLSv1.2",
  };
}
