/**
 * The app's stylesheets, from its own origin so the page's CSP (`style-src 'self'`) holds: `theme.css`
 * (the theme's variables; Gradio serves the same path) and `custom.css` (the app's `css`). Both are
 * built once at start. The page names them with `?v=<content hash>`: a request with the current version
 * may be cached for a year, any other is revalidated with the ETag.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { PageStyles, Stylesheet } from "../../themes/page-styles.js";

const NO_CUSTOM_CSS = "/* This app has no custom CSS. */\n";

function send(request: FastifyRequest, reply: FastifyReply, sheet: Stylesheet) {
  const etag = `"${sheet.version}"`;
  const current = (request.query as { v?: unknown }).v === sheet.version;
  reply.header("cache-control", current ? "public, max-age=31536000, immutable" : "no-cache").header("etag", etag);
  if (request.headers["if-none-match"] === etag) return reply.code(304).send();
  return reply.type("text/css; charset=utf-8").send(sheet.text);
}

export const stylesRoutes = (styles: PageStyles): FastifyPluginAsync => async (fastify) => {
  const custom = styles.customCss ?? { text: NO_CUSTOM_CSS, version: "none" };
  const query = { type: "object", properties: { v: { type: "string", maxLength: 64 } } } as const;
  fastify.get("/theme.css", { schema: { querystring: query } }, async (request, reply) => send(request, reply, styles.themeCss));
  fastify.get("/custom.css", { schema: { querystring: query } }, async (request, reply) => send(request, reply, custom));
};
