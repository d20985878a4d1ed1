/**
 * The browser app: `index.html` (never cached, so a new release shows at once) and content-hashed
 * assets (cached for a year). The page reads `/config` itself; nothing is inlined, so the CSP can
 * forbid inline scripts.
 *
 * Assets are compressed once, at build time (`frontend/vite.config.ts` writes a `.br` and a `.gz` beside
 * each), and @fastify/static picks the variant the browser accepts (`Vary: Accept-Encoding`), so no
 * request pays for compression and every browser gets the smallest bytes it can read.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync, FastifyReply } from "fastify";
import { packageRoot } from "../runtime.js";

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>gradio-ts</title></head>
<body><p>The browser app is not built. Run <code>npm run build</code> in the gradio-ts package, then reload.</p>
<p>The API works without it: see <a href="gradio_api/info">gradio_api/info</a>.</p></body></html>`;

/** What the build puts in `assets/`: flat, plain names with one of these extensions. */
const ASSET_NAME = /^\/assets\/[\w-][\w.-]*\.(?:js|css|svg|woff2|png|ico)$/;

/**
 * `headHtml`: the app's stylesheet links and custom head elements (see themes/page-styles.ts), put in
 * the page itself so they load with it, before the first paint. `pagePaths`: the app's other pages
 * (`demo.route`), each served the same page, which shows the page its path names.
 */
export const frontendRoutes =
  (
    headHtml = "",
    pagePaths: readonly string[] = [],
    distDir = path.join(packageRoot, "frontend", "dist"),
  ): FastifyPluginAsync =>
  async (fastify) => {
    let indexHtml: string | null = null;
    const withHead = (html: string) => (headHtml ? html.replace("</head>", `${headHtml}\n</head>`) : html);

    const sendIndex = async (reply: FastifyReply) => {
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- the package's own built browser app
      indexHtml ??= await readFile(path.join(distDir, "index.html"), "utf8").then(withHead, () => null);
      return reply
        .header("cache-control", "no-cache")
        .type("text/html; charset=utf-8")
        .send(indexHtml ?? NOT_BUILT);
    };
    fastify.get("/", async (_request, reply) => sendIndex(reply));

    if (pagePaths.length > 0) {
      const pages = new Set(pagePaths);
      // One parametric route: page paths may hold characters the router reads as syntax (`:`, `*`, `(`).
      // The router tries every fixed path first, so this answers only what nothing else does.
      fastify.get<{ Params: { page: string } }>("/:page", async (request, reply) =>
        pages.has(request.params.page) ? sendIndex(reply) : reply.callNotFound(),
      );
    }

    await fastify.register(fastifyStatic, {
      root: path.join(distDir, "assets"),
      prefix: "/assets/",
      preCompressed: true,
      // Names carry a content hash: a changed file has a new name, so a year's caching is safe.
      immutable: true,
      maxAge: "365d",
      dotfiles: "deny",
      index: false,
      // Anything but a flat asset name of ours (a `.br` asked for by name, a folder, a dot-file) is not one of ours.
      allowedPath: (pathName) => ASSET_NAME.test(`/assets${pathName}`),
      decorateReply: false,
    });

    fastify.get("/favicon.ico", async (_request, reply) => reply.code(204).send());
  };
