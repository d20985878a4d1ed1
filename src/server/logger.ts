/**
 * What a launched app prints. As Gradio: the URL and errors, in words a person reads, on stderr. The
 * structured log (one JSON line per audit event, request problem and shutdown phase, for a log
 * collector) is there when asked for with `logLevel` or `GRADIO_LOG_LEVEL`; `quiet` prints nothing.
 */
import { Writable } from "node:stream";
import type { LaunchOptions } from "./options.js";

export type LogLevel = NonNullable<LaunchOptions["logLevel"]>;

const LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/** Secrets never reach a log line, whatever the level. */
const REDACT = [
  "req.headers.cookie",
  "req.headers.authorization",
  'req.headers["x-hf-authorization"]',
  "password",
  "token",
];

/** `given`: GRADIO_LOG_LEVEL. */
export function envLogLevel(given: string | undefined): LogLevel | undefined {
  const raw = given?.trim().toLowerCase();
  if (!raw) return undefined;
  if (!(LEVELS as readonly string[]).includes(raw))
    throw new RangeError(`GRADIO_LOG_LEVEL must be one of ${LEVELS.join(", ")}; got "${raw}".`);
  return raw as LogLevel;
}

/** Turns pino's JSON lines into `ERROR: message` and the error's stack, for a person at a terminal. */
function readableLines(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line) continue;
        try {
          const entry = JSON.parse(line) as {
            level?: number;
            msg?: string;
            endpoint?: string;
            err?: { stack?: string; message?: string };
          };
          const label = (entry.level ?? 50) >= 60 ? "FATAL" : "ERROR";
          const where = entry.endpoint ? ` (${entry.endpoint})` : "";
          const detail = entry.err?.stack ?? entry.err?.message;
          out.write(`${label}: ${entry.msg ?? ""}${where}${detail ? `\n${detail}` : ""}\n`);
        } catch {
          out.write(`${line}\n`);
        }
      }
      done();
    },
  });
}

/** `logLevel`: the resolved one (option, else GRADIO_LOG_LEVEL; see settings.ts). */
export function loggerOptions(options: Pick<LaunchOptions, "logLevel" | "quiet">) {
  const level = options.logLevel;
  if (level) return { level, redact: REDACT };
  if (options.quiet) return { level: "silent" as const };
  return { level: "error" as const, redact: REDACT, stream: readableLines(process.stderr) };
}
