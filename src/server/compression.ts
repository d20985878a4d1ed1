/**
 * Compression for the answers that gain from it: config, API info, the OpenAPI document, the page and
 * its module, in brotli or gzip as the caller accepts (`Vary: Accept-Encoding`), above 1 KB. Only the
 * routes wrapped here get it: event streams must reach the browser message by message, and the files
 * users download are sent as stored (lengths, ranges), so neither is compressed on the fly.
 */
import fastifyCompress from "@fastify/compress";
import type { FastifyPluginAsync } from "fastify";

export function compressed(...routes: FastifyPluginAsync[]): FastifyPluginAsync {
  return async (fastify) => {
    await fastify.register(fastifyCompress, { encodings: ["br", "gzip"], threshold: 1024 });
    for (const plugin of routes) await fastify.register(plugin);
  };
}
