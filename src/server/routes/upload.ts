/**
 * `POST /gradio_api/upload`: multipart files stream straight into the cache; a file over the size
 * limit is refused with 413 the moment it passes the limit, and nothing of that request is kept.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import multipart from "@fastify/multipart";
import type { FastifyPluginAsync } from "fastify";
import { BadRequestError, FileTooLargeError } from "../../errors.js";
import type { Runtime } from "../runtime.js";

const MAX_FILES_PER_REQUEST = 1000;

export const uploadRoutes = (runtime: Runtime): FastifyPluginAsync => async (fastify) => {
  const maxBytes = runtime.maxFileSize ?? Number.POSITIVE_INFINITY;
  await fastify.register(multipart, {
    limits: {
      files: MAX_FILES_PER_REQUEST,
      parts: MAX_FILES_PER_REQUEST * 2,
      fields: MAX_FILES_PER_REQUEST,
      fieldSize: 64 * 1024,
      fieldNameSize: 200,
      headerPairs: 100,
      // One byte over our own limit, so our stream (which cleans up) is the one that refuses.
      fileSize: Number.isFinite(maxBytes) ? maxBytes + 1 : undefined,
    },
    throwFileSizeLimit: false,
  });

  const upload = async (request: import("fastify").FastifyRequest, reply: import("fastify").FastifyReply) => {
    if (!request.isMultipart()) throw new BadRequestError("Invalid content type.");
    const stored: string[] = [];
    try {
      for await (const part of request.parts()) {
        if (part.type !== "file") continue;
        if (part.fieldname !== "files") {
          part.file.resume();
          continue;
        }
        const cached = await runtime.cache.putStream(part.file, part.filename, maxBytes);
        stored.push(cached.path);
        request.log.info({ event: "upload", bytes: cached.size }, "file uploaded");
      }
    } catch (error) {
      await Promise.all(stored.map((file) => rm(path.dirname(file), { recursive: true, force: true })));
      if (error instanceof FileTooLargeError) {
        // The client may still be sending: close the connection rather than read the rest.
        reply.header("connection", "close");
        request.log.warn({ event: "upload-refused", maxBytes }, "upload over the size limit");
      }
      throw error;
    }
    return stored;
  };
  fastify.post("/gradio_api/upload", upload);
  fastify.post("/gradio_api/upload/", upload);
};
