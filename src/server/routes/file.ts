/**
 * `GET /gradio_api/file=<path>`: serves a file only when the access policy says a user may fetch it.
 * Every refusal looks the same (403), so a caller learns nothing about what exists on the host.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { decideServe, isMalformedRequestPath } from "../../files/access.js";
import { resolveExistingFile } from "../../files/resolve.js";
import { FileNotAllowedError } from "../../errors.js";
import type { Runtime } from "../runtime.js";

/** Types a browser may show inline without running anything on our origin. */
const INLINE_TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".bmp": "image/bmp",
  ".ico": "image/x-icon",
  ".mp3": "audio/mpeg",
  ".wav": "audio/wav",
  ".ogg": "audio/ogg",
  ".flac": "audio/flac",
  ".m4a": "audio/mp4",
  ".mp4": "video/mp4",
  ".webm": "video/webm",
  ".txt": "text/plain; charset=utf-8",
  ".json": "application/json",
  ".pdf": "application/pdf",
  ".csv": "text/plain; charset=utf-8",
};

function parseRange(header: string | undefined, size: number): { start: number; end: number } | "invalid" | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return "invalid";
  let start: number;
  let end: number;
  if (match[1] === "") {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start > end || start >= size ? "invalid" : { start, end };
}

/** The requested path exactly as sent, decoded once. */
function requestedPath(rawUrl: string): string | null {
  const marker = rawUrl.indexOf("file=");
  const raw = rawUrl.slice(marker + "file=".length).split("?")[0] ?? "";
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

export const fileRoutes = (runtime: Runtime): FastifyPluginAsync => async (fastify) => {
  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const requested = requestedPath(request.raw.url ?? "");
    const refuse = () => {
      request.log.warn({ event: "file-denied" }, "file request refused");
      return new FileNotAllowedError(requested && requested.length < 200 && !requested.includes("\0") ? requested : "the requested path");
    };
    if (requested === null || isMalformedRequestPath(requested) || !path.isAbsolute(requested)) throw refuse();
    const resolved = await resolveExistingFile(requested, runtime.files.policy.workingDir);
    if (!resolved || !decideServe(resolved, runtime.files.policy).allowed) throw refuse();
    // The lexical path must pass too, so a link inside an allowed folder cannot reach a blocked one.
    if (!decideServe(path.resolve(requested), runtime.files.policy).allowed) throw refuse();

    const { size } = await stat(resolved);
    const inlineType = INLINE_TYPES[path.extname(resolved).toLowerCase()];
    const fileName = encodeURIComponent(path.basename(resolved));
    reply
      .header("accept-ranges", "bytes")
      .header("content-type", inlineType ?? "application/octet-stream")
      .header("content-disposition", `${inlineType ? "inline" : "attachment"}; filename*=UTF-8''${fileName}`)
      .header("x-content-type-options", "nosniff")
      .header("content-security-policy", "default-src 'none'; sandbox");
    const range = parseRange(request.headers.range, size);
    if (range === "invalid") return reply.code(416).header("content-range", `bytes */${size}`).send();
    if (request.method === "HEAD") return reply.header("content-length", size).send();
    if (range) {
      return reply
        .code(206)
        .header("content-range", `bytes ${range.start}-${range.end}/${size}`)
        .header("content-length", range.end - range.start + 1)
        .send(createReadStream(resolved, { start: range.start, end: range.end }));
    }
    return reply.header("content-length", size).send(createReadStream(resolved));
  };
  fastify.route({ method: ["GET", "HEAD"], url: "/gradio_api/file=*", handler: serve });
};
