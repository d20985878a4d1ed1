/**
 * `POST /gradio_api/upload`: multipart files stream straight into the cache; a file over the size
 * limit is refused with 413 the moment it passes the limit, and nothing of that request is kept.
 * Malformed or abusive bodies (bad boundary, too many parts, oversized part headers) get a 4xx
 * quickly, with memory bounded by the parser's limits.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import multipart from "@fastify/multipart";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { BadRequestError, FileTooLargeError, PartHeaderTooLargeError } from "../../errors.js";
import type { Runtime } from "../runtime.js";

/** As in Gradio: up to 1000 files (and 1000 other fields) in one request. */
const MAX_FILES_PER_REQUEST = 1000;
/** RFC 2046 caps a boundary at 70 characters; a longer one only makes the parser slower. */
const MAX_BOUNDARY_LENGTH = 70;
/** Part headers beyond this are cut by the parser; a name or type this long is refused. */
const MAX_PART_HEADER_BYTES = 16 * 1024;
const MAX_PART_VALUE_BYTES = 1024;

function boundaryOf(contentType: string | undefined): string | null {
  const match = /;\s*boundary=(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? "");
  return match ? (match[1] ?? match[2] ?? null) : null;
}

const tooLong = (value: string | undefined) => value !== undefined && Buffer.byteLength(value) > MAX_PART_VALUE_BYTES;

export const uploadRoutes =
  (runtime: Runtime): FastifyPluginAsync =>
  async (fastify) => {
    const maxBytes = runtime.maxFileSize ?? Number.POSITIVE_INFINITY;
    await fastify.register(multipart, {
      limits: {
        files: MAX_FILES_PER_REQUEST,
        parts: MAX_FILES_PER_REQUEST * 2,
        fields: MAX_FILES_PER_REQUEST,
        fieldSize: 64 * 1024,
        fieldNameSize: 200,
        headerPairs: 100,
        // One byte over our own limit, so our stream (which cleans up) is the one that refuses. Never
        // left unset: the plugin would then cut files silently at the JSON body limit.
        fileSize: Number.isFinite(maxBytes) ? maxBytes + 1 : Number.POSITIVE_INFINITY,
        // Passed through to the parser, though the plugin's types do not list it.
        ...({ headerSize: MAX_PART_HEADER_BYTES } as object),
      },
      throwFileSizeLimit: false,
    });

    const upload = async (request: FastifyRequest, reply: FastifyReply) => {
      if (!request.isMultipart()) throw new BadRequestError("Invalid content type.");
      const boundary = boundaryOf(request.headers["content-type"]);
      if (!boundary || boundary.length > MAX_BOUNDARY_LENGTH)
        throw new BadRequestError(
          `The multipart boundary is missing or longer than ${MAX_BOUNDARY_LENGTH} characters.`,
        );
      const stored: string[] = [];
      const created: string[] = [];
      try {
        for await (const part of request.parts()) {
          if (tooLong(part.fieldname) || (part.type === "file" && (tooLong(part.filename) || tooLong(part.mimetype)))) {
            if (part.type === "file") part.file.resume();
            throw new PartHeaderTooLargeError(MAX_PART_VALUE_BYTES);
          }
          if (part.type !== "file") continue;
          if (part.fieldname !== "files") {
            part.file.resume();
            continue;
          }
          // The name is metadata only: the cache keeps its last segment, sanitised, in a hash folder.
          const cached = await runtime.cache.putStream(part.file, part.filename, maxBytes);
          stored.push(cached.path);
          if (cached.createdFolder) created.push(path.dirname(cached.path));
          request.log.info({ event: "upload", bytes: cached.size }, "file uploaded");
        }
      } catch (error) {
        // Only folders this request created: an identical file another request stored stays.
        await Promise.all(created.map((folder) => rm(folder, { recursive: true, force: true })));
        if (error instanceof FileTooLargeError || error instanceof PartHeaderTooLargeError) {
          // The client may still be sending: close the connection rather than read the rest.
          reply.header("connection", "close");
          request.log.warn({ event: "upload-refused", maxBytes }, "upload refused");
          throw error;
        }
        // The parser's own errors carry no status: they are the client's malformed body, not our fault.
        if (error instanceof Error && (error as { statusCode?: number }).statusCode === undefined) {
          throw new BadRequestError("The multipart body is malformed.");
        }
        throw error;
      }
      // Nothing to store is a mistake of the caller's (no client sends an empty upload).
      if (stored.length === 0)
        throw new BadRequestError('The upload has no files: send each file as a multipart part named "files".');
      return stored;
    };
    fastify.post("/gradio_api/upload", upload);
    fastify.post("/gradio_api/upload/", upload);
  };
