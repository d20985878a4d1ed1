/**
 * The browser app: `index.html` (never cached, so a new release shows at once) and content-hashed
 * assets (cached for a year). The page reads `/config` itself; nothing is inlined, so the CSP can
 * forbid inline scripts.
 */
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { FastifyPluginAsync } from "fastify";
import { packageRoot } from "../runtime.js";

const ASSET_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>gradio-ts</title></head>
<body><p>The browser app is not built. Run <code>npm run build</code> in the gradio-ts package, then reload.</p>
<p>The API works without it: see <a href="gradio_api/info">gradio_api/info</a>.</p></body></html>`;

export const frontendRoutes = (distDir = path.join(packageRoot, "frontend", "dist")): FastifyPluginAsync => async (fastify) => {
  const assetsDir = path.join(distDir, "assets");
  let indexHtml: string | null = null;

  fastify.get("/", async (_request, reply) => {
    indexHtml ??= await readFile(path.join(distDir, "index.html"), "utf8").catch(() => null);
    return reply.header("cache-control", "no-cache").type("text/html; charset=utf-8").send(indexHtml ?? NOT_BUILT);
  });

  fastify.get("/assets/:name", async (request, reply) => {
    const { name } = request.params as { name: string };
    const type = ASSET_TYPES[path.extname(name)];
    // Asset names are flat and plain; anything else is not one of ours.
    if (!type || !/^[\w.-]+$/.test(name) || name.startsWith(".")) return reply.code(404).send({ detail: "Not Found" });
    const file = path.join(assetsDir, name);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return reply.code(404).send({ detail: "Not Found" });
    return reply
      .header("cache-control", "public, max-age=31536000, immutable")
      .header("content-length", info.size)
      .type(type)
      .send(createReadStream(file));
  });

  fastify.get("/favicon.ico", async (_request, reply) => reply.code(204).send());
};
