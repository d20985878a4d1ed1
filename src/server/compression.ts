/**
 * Compression for the answers that gain from it: config, API info, the OpenAPI document, the page and
 * its module, in brotli or gzip as the caller accepts (`Vary: Accept-Encoding`), above 1 KB. Only the
 * routes wrapped here get it: event streams must reach the browser message by message, and the files
 * users download are sent as stored (lengths, ranges), so neither is compressed on the fly.
 *
 * One `onSend` hook of our own rather than a compression plugin: a plugin that also accepts fetch
 * `Response` payloads touches Node's `Response` global on every answer, which loads undici (about 14 MB)
 * into every app at its first `/config`.
 */
import { pipeline, Readable } from "node:stream";
import {
  brotliCompressSync,
  constants,
  createBrotliCompress,
  createGzip,
  gzipSync,
  type BrotliOptions,
} from "node:zlib";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";

/** Answers smaller than this are sent as they are: compression would save a few bytes at most. */
const THRESHOLD_BYTES = 1024;

/** Quality 4: most of the gain of 11 at a small part of its CPU, as answers are compressed per request. */
const BROTLI: BrotliOptions = {
  params: { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_QUALITY]: 4 },
};

/** Text, JSON, XML, JavaScript and SVG; never an event stream, whose messages must not wait in a compressor. */
const COMPRESSIBLE =
  /^(?:text\/(?!event-stream)|application\/(?:javascript|ecmascript|wasm)|image\/svg\+xml)|[+/](?:json|text|xml)(?:;|$)/u;

export type Encoding = "br" | "gzip" | "identity";

/** A q-value of zero (`q=0`, `q=0.000`) means "not this one". */
// eslint-disable-next-line security/detect-unsafe-regex -- linear: the optional group starts with "."; header size is capped by Node
const ZERO_QUALITY = /^q\s*=\s*0(\.0*)?$/;

/** The q-value of one `accept-encoding` entry's parameters (1 when it gives none). */
function quality(parameters: string[]): number {
  const q = parameters.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith("q"));
  if (!q) return 1;
  if (ZERO_QUALITY.test(q)) return 0;
  const value = Number(q.slice(q.indexOf("=") + 1));
  return Number.isFinite(value) ? value : 1;
}

/**
 * The encoding to answer in: of brotli and gzip, the one the caller rates highest (brotli on a tie;
 * `*` rates every encoding it does not name; `x-gzip` is gzip), else identity.
 */
export function pickEncoding(header: string | undefined): Encoding {
  const rated = new Map<string, number>();
  for (const entry of (header ?? "").split(",")) {
    const [name = "", ...parameters] = entry.split(";");
    const token = name.trim().toLowerCase();
    if (token) rated.set(token === "x-gzip" ? "gzip" : token, quality(parameters));
  }
  const rate = (encoding: string) => rated.get(encoding) ?? rated.get("*") ?? 0;
  const [br, gzip] = [rate("br"), rate("gzip")];
  if (br > 0 && br >= gzip) return "br";
  return gzip > 0 ? "gzip" : "identity";
}

function addVary(reply: FastifyReply): void {
  const vary = reply.getHeader("vary");
  const present = String(vary ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase());
  if (present.includes("accept-encoding") || present.includes("*")) return;
  reply.header("vary", vary ? `${String(vary)}, accept-encoding` : "accept-encoding");
}

/** Whether this answer is one to compress, before looking at its size. */
function wanted(request: FastifyRequest, reply: FastifyReply): boolean {
  const sentEncoding = reply.getHeader("content-encoding");
  if (sentEncoding && sentEncoding !== "identity") return false;
  // Ranges count bytes of the stored file, not of a compressed stream.
  if (reply.statusCode === 206 || reply.getHeader("content-range") !== undefined) return false;
  if (request.headers["x-no-compression"] !== undefined) return false;
  const type = reply.getHeader("content-type");
  return COMPRESSIBLE.test(typeof type === "string" ? type : "application/json");
}

async function compressAnswer(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (payload == null || !wanted(request, reply)) return payload;
  const encoding = pickEncoding(request.headers["accept-encoding"]);
  if (encoding === "identity") return payload;
  if (typeof payload === "string" || Buffer.isBuffer(payload)) {
    if (Buffer.byteLength(payload) < THRESHOLD_BYTES) return payload;
    const bytes = typeof payload === "string" ? Buffer.from(payload) : payload;
    const body = encoding === "br" ? brotliCompressSync(bytes, BROTLI) : gzipSync(bytes);
    addVary(reply);
    reply.header("content-encoding", encoding).header("content-length", body.length);
    return body;
  }
  if (!(payload instanceof Readable)) return payload;
  // A stream (an asset the build left uncompressed): compressed as it is read, its length then unknown.
  addVary(reply);
  reply.header("content-encoding", encoding).removeHeader("content-length");
  const compressor = encoding === "br" ? createBrotliCompress(BROTLI) : createGzip();
  pipeline(payload, compressor, (error) => {
    if (error) request.log.warn({ err: error }, "compressing an answer failed");
  });
  return compressor;
}

export function compressed(...routes: FastifyPluginAsync[]): FastifyPluginAsync {
  return async (fastify) => {
    fastify.addHook("onSend", compressAnswer);
    for (const plugin of routes) await fastify.register(plugin);
  };
}
