/**
 * `gradio-ts token create --role R [--role R2] [--name N]`, `gradio-ts token list`,
 * `gradio-ts token revoke <id or name>`. `--store FILE` (or `GRADIO_TOKEN_STORE`) picks the token file;
 * the default is `.gradio-ts/tokens.json` in the working directory, which is where a launched app looks.
 */
import { TokenStore } from "../security/tokens.js";

export const TOKEN_USAGE = `Usage: gradio-ts token <command> [--store FILE]

  create [--role ROLE]... [--name NAME]   make an API token (printed once; only its hash is kept)
  list                                    show tokens (id, name, roles, created)
  revoke <ID or NAME>                     revoke a token at once, also for running apps

Programs send the token as "Authorization: Bearer <token>". The token file defaults to
.gradio-ts/tokens.json in the working directory (env GRADIO_TOKEN_STORE, or --store FILE).`;

function take(args: string[], flag: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === flag) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value`);
      values.push(value);
      args.splice(i, 2);
      i--;
    } else if (args[i]!.startsWith(`${flag}=`)) {
      values.push(args[i]!.slice(flag.length + 1));
      args.splice(i, 1);
      i--;
    }
  }
  return values;
}

export async function tokenMain(
  argv: string[],
  out: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
): Promise<number> {
  const args = [...argv];
  try {
    const store = new TokenStore(take(args, "--store")[0] ?? (process.env.GRADIO_TOKEN_STORE || null));
    const command = args.shift();
    if (command === "create") {
      const roles = take(args, "--role")
        .flatMap((r) => r.split(","))
        .map((r) => r.trim())
        .filter(Boolean);
      const name = take(args, "--name")[0];
      if (args.length > 0) throw new Error(`unexpected argument: ${args[0]}`);
      const { token, record } = store.create({ roles, ...(name ? { name } : {}) });
      out(token);
      err(
        `Created API token ${record.id} ("${record.name}", roles: ${record.roles.join(", ") || "none"}) in ${store.file}. It is shown only this once.`,
      );
      return 0;
    }
    if (command === "list") {
      const tokens = store.list();
      if (tokens.length === 0) err(`No API tokens in ${store.file}.`);
      for (const t of tokens) out(`${t.id}\t${t.name}\t${t.roles.join(",") || "-"}\t${t.createdAt}`);
      return 0;
    }
    if (command === "revoke") {
      const which = args.shift();
      if (!which) throw new Error("revoke needs a token id or name");
      if (!store.revoke(which)) {
        err(`No API token "${which}" in ${store.file}.`);
        return 1;
      }
      err(`Revoked API token "${which}".`);
      return 0;
    }
    out(TOKEN_USAGE);
    return command === undefined || command === "--help" || command === "-h" ? 0 : 2;
  } catch (error) {
    err(`gradio-ts token: ${(error as Error).message}`);
    return 2;
  }
}
