/** A throwaway self-signed certificate for 127.0.0.1, valid one day, for tests that serve HTTPS. */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

export async function selfSignedCert(dir: string): Promise<{ key: string; cert: string }> {
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  const args = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1"];
  await promisify(execFile)("openssl", [...args, "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]);
  return { key, cert };
}
