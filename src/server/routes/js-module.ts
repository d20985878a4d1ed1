/**
 * The app's own browser-side functions (`Blocks({ jsModule })`), served as a same-origin ES module so
 * the page can `import()` it under `script-src 'self'`. The file is the developer's, named at build
 * time and read once at start; no part of its path comes from a request.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { FastifyPluginAsync } from "fastify";
import { AppConfigError } from "../../errors.js";

export interface JsModule {
  source: string;
  etag: string;
}

export async function readJsModule(file: string): Promise<JsModule> {
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- the developer's jsModule file, named at build time
  const source = await readFile(path.resolve(file), "utf8").catch(() => {
    throw new AppConfigError(
      `jsModule: cannot read ${file}. Give the path of an ES module (a .js file) that exports the functions your events name with js: "…".`,
    );
  });
  return { source, etag: `"${createHash("sha256").update(source).digest("hex").slice(0, 32)}"` };
}

export const jsModuleRoute =
  (module: JsModule): FastifyPluginAsync =>
  async (fastify) => {
    fastify.get("/gradio_api/app-module.js", async (request, reply) => {
      reply.header("cache-control", "no-cache").header("etag", module.etag);
      if (request.headers["if-none-match"] === module.etag) return reply.code(304).send();
      return reply.type("text/javascript; charset=utf-8").send(module.source);
    });
  };
