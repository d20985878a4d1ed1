/** HTTPS: the key and certificate files named by `sslKeyfile` / `sslCertfile`, read once at start. */
import { createPrivateKey } from "node:crypto";
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

export function tlsOptions(
  options: Pick<SecurityOptions, "sslKeyfile" | "sslCertfile" | "sslKeyfilePassword">,
): TlsOptions | null {
  const { sslKeyfile, sslCertfile, sslKeyfilePassword } = options;
  if (!sslKeyfile && !sslCertfile) return null;
  if (!sslKeyfile || !sslCertfile) throw new SecurityConfigError("HTTPS needs both sslKeyfile and sslCertfile.");
  // The private key may sit in the working or temp directory, which a fn may otherwise return from.
  registerPrivatePath(sslKeyfile);
  const read = (file: string, what: string) => {
    try {
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- the key or certificate file the developer passed to launch()
      return readFileSync(file);
    } catch {
      throw new SecurityConfigError(`Could not read the ${what} file given to launch(): ${file}`);
    }
  };
  const key = read(sslKeyfile, "sslKeyfile");
  checkKeyOpens(key, sslKeyfilePassword);
  return {
    key,
    cert: read(sslCertfile, "sslCertfile"),
    ...(sslKeyfilePassword !== undefined ? { passphrase: sslKeyfilePassword } : {}),
    minVersion: "TLSv1.2",
  };
}

/** Opens the key once, so that a wrong or missing password is told in words rather than as an OpenSSL code. */
function checkKeyOpens(key: Buffer, passphrase: string | undefined): void {
  try {
    createPrivateKey({ key, passphrase });
  } catch {
    const encrypted = /ENCRYPTED/.test(key.subarray(0, 200).toString("latin1"));
    if (encrypted && passphrase === undefined)
      throw new SecurityConfigError("The sslKeyfile is encrypted: give its password as sslKeyfilePassword.");
    if (encrypted) throw new SecurityConfigError("The sslKeyfilePassword does not open the sslKeyfile.");
    throw new SecurityConfigError("The sslKeyfile is not a private key in PEM format.");
  }
}
