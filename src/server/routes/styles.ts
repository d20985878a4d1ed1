/**
 * The app's stylesheets, from its own origin so the page's CSP (`style-src 'self'`) holds: `theme.css`
 * (the theme's variables; Gradio serves the same path) and `custom.css` (the app's `css`). Both are
 * built once at start and compressed at the first request for each, at the best ratio (brotli 11, gzip 9),
 * so no later request pays for it and a start does not wait for it. The page names them with
 * `?v=<content hash>`: a request with the current version may be cached for a year, any other is
 * revalidated with the ETag.
 */
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { PageStyles, Stylesheet } from "../../themes/page-styles.js";

const NO_CUSTOM_CSS = "/* This app has no custom CSS. */\n";

interface Encoded {
  version: string;
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

function encode(sheet: Stylesheet): Encoded {
  const identity = Buffer.from(sheet.text, "utf8");
  const br = brotliCompressSync(identity, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length },
  });
  return { version: sheet.version, identity, br, gzip: gzipSync(identity, { level: 9 }) };
}

// eslint-disable-next-line security/detect-unsafe-regex -- linear: the optional group starts with "."; header size is capped by Node
const ZERO_QUALITY = /^q=0(\.0*)?$/;

/** The encoding the caller accepts that we have, brotli first; `q=0` means "not this one". */
function pickEncoding(header: string | undefined): "br" | "gzip" | "identity" {
  const accepted = new Set(
    (header ?? "")
      .split(",")
      .map((part) => part.trim().split(";"))
      .filter(([, q]) => !q || !ZERO_QUALITY.test(q.trim()))
      .map(([name]) => name!.trim().toLowerCase()),
  );
  return accepted.has("br") ? "br" : accepted.has("gzip") ? "gzip" : "identity";
}

/** `encode(sheet)`, run at the first call. */
function encodedOnce(sheet: Stylesheet): () => Encoded {
  let encoded: Encoded | undefined;
  return () => (encoded ??= encode(sheet));
}

function send(request: FastifyRequest, reply: FastifyReply, sheet: Encoded) {
  const etag = `"${sheet.version}"`;
  const current = (request.query as { v?: unknown }).v === sheet.version;
  reply
    .header("cache-control", current ? "public, max-age=31536000, immutable" : "no-cache")
    .header("etag", etag)
    .header("vary", "accept-encoding");
  if (request.headers["if-none-match"] === etag) return reply.code(304).send();
  const encoding = pickEncoding(request.headers["accept-encoding"]);
  if (encoding !== "identity") reply.header("content-encoding", encoding);
  return reply.type("text/css; charset=utf-8").send(sheet[encoding]);
}

export const stylesRoutes =
  (styles: PageStyles): FastifyPluginAsync =>
  async (fastify) => {
    const theme = encodedOnce(styles.themeCss);
    const custom = encodedOnce(styles.customCss ?? { text: NO_CUSTOM_CSS, version: "none" });
    const query = { type: "object", properties: { v: { type: "string", maxLength: 64 } } } as const;
    fastify.get("/theme.css", { schema: { querystring: query } }, async (request, reply) =>
      send(request, reply, theme()),
    );
    fastify.get("/custom.css", { schema: { querystring: query } }, async (request, reply) =>
      send(request, reply, custom()),
    );
  };
