/**
 * `GET /gradio_api/file=<path>`: serves a file only when the access policy says a user may fetch it.
 * Every refusal looks the same (403), so a caller learns nothing about what exists on the host.
 */
import { createReadStream } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import path from "node:path";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { SNIFF_BYTES, servedContentType } from "../../files/content-type.js";
import { displayFileName } from "../../files/file-name.js";
import { openChecked } from "../../files/resolve.js";
import { FileNotAllowedError } from "../../errors.js";
import type { Runtime } from "../runtime.js";

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

async function readHead(handle: FileHandle): Promise<Uint8Array> {
  const buffer = Buffer.alloc(SNIFF_BYTES);
  const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
  return buffer.subarray(0, bytesRead);
}

export const fileRoutes =
  (runtime: Runtime): FastifyPluginAsync =>
  async (fastify) => {
    const serve = async (request: FastifyRequest, reply: FastifyReply) => {
      const requested = requestedPath(request.raw.url ?? "");
      const refuse = (reason = "malformed") => {
        request.log.warn({ event: "file-denied", reason }, "file request refused");
        // Only ever echo what the caller sent, and only when it is short and printable.
        return new FileNotAllowedError(
          requested && requested.length < 200 && !/[\0-\x1f\x7f]/.test(requested) ? requested : "the requested path",
        );
      };
      if (requested === null) throw refuse();
      const opened = await openChecked(requested, "serve", runtime.files.policy);
      if (!opened.allowed) throw refuse(opened.reason);
      const { handle, size, real } = opened;

      let streaming = false;
      try {
        const { contentType, disposition } = servedContentType(real, await readHead(handle));
        const fileName = encodeURIComponent(displayFileName(path.basename(real), "file"));
        reply
          .header("accept-ranges", "bytes")
          .header("content-type", contentType)
          .header("content-disposition", `${disposition}; filename*=UTF-8''${fileName}`)
          .header("x-content-type-options", "nosniff")
          // Even if a browser renders it, nothing in it runs with this origin's rights.
          .header("content-security-policy", "default-src 'none'; sandbox");
        const range = parseRange(request.headers.range, size);
        if (range === "invalid") return reply.code(416).header("content-range", `bytes */${size}`).send();
        if (request.method === "HEAD") return reply.header("content-length", size).send();
        streaming = true;
        if (range) {
          return reply
            .code(206)
            .header("content-range", `bytes ${range.start}-${range.end}/${size}`)
            .header("content-length", range.end - range.start + 1)
            .send(createReadStream("", { fd: handle, start: range.start, end: range.end }));
        }
        return reply.header("content-length", size).send(createReadStream("", { fd: handle, start: 0 }));
      } finally {
        // The stream owns (and closes) the handle once it exists.
        if (!streaming) await handle.close();
      }
    };
    fastify.route({ method: ["GET", "HEAD"], url: "/gradio_api/file=*", handler: serve });
  };
