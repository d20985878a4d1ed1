/**
 * Custom `<head>` HTML (`Blocks({ head, headPaths })`) under the page's Content-Security-Policy.
 *
 * Gradio pastes the developer's HTML into the page as is. Here the page allows scripts and styles only
 * from its own origin and never inline, so the HTML is read once, at start, into the few elements that
 * can work under that policy, and written out again from what was read (never copied as text):
 *
 * - `<meta name|property|itemprop content>`: inert. (`http-equiv` is refused: a refresh is a redirect.)
 * - `<link rel href>`: stylesheets, icons, preloads and the manifest from this app's origin (a relative
 *   URL); a canonical or alternate link may name any http(s) page, since nothing is loaded from it.
 * - `<script src>`: a file from this app's origin, with nothing inline. What it may load is still decided
 *   where it is served (the file route asks the file access policy).
 * - `<style>`: its rules move into the app's custom stylesheet (`custom.css`), so they still apply.
 *
 * Anything else, inline scripts and event-handler attributes above all, is refused with an error that
 * says what to do instead: an app that starts must look as its developer wrote it, or not start.
 */
import { AppConfigError } from "../errors.js";

export interface ParsedHead {
  /** The elements to put in the page's `<head>`, serialised again from what was parsed. */
  html: string;
  /** The contents of `<style>` elements, for the custom stylesheet. */
  styles: string[];
}

const TOKEN =
  // eslint-disable-next-line security/detect-unsafe-regex -- the developer's own head HTML, read once at launch, never a caller's
  /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>|([^<]+)|</g;
// eslint-disable-next-line security/detect-unsafe-regex -- the developer's own head HTML, read once at launch, never a caller's
const ATTRIBUTE = /([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

const ALLOWED_ATTRIBUTES: Readonly<Record<string, ReadonlySet<string>>> = {
  meta: new Set(["name", "property", "itemprop", "content"]),
  link: new Set(["rel", "href", "type", "sizes", "media", "as", "hreflang", "title", "crossorigin"]),
  script: new Set(["src", "type", "defer", "async", "crossorigin", "nomodule"]),
  style: new Set(["media"]),
};
const SAME_ORIGIN_RELS = new Set([
  "stylesheet",
  "icon",
  "shortcut",
  "apple-touch-icon",
  "preload",
  "modulepreload",
  "prefetch",
  "manifest",
  "mask-icon",
]);
const ANY_PAGE_RELS = new Set(["canonical", "alternate", "author", "license", "me"]);

const refuse = (what: string, instead: string) =>
  new AppConfigError(
    `head: ${what} cannot be used: the page's Content-Security-Policy allows scripts and styles only from this app's origin and never inline. ${instead}`,
  );

/** A URL the page resolves against its own origin: no scheme, no `//host`, no backslash tricks. */
export function isSameOriginUrl(url: string): boolean {
  const trimmed = url.trim();
  return (
    trimmed.length > 0 && !/^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !/^[\\/]{2}/.test(trimmed) && !trimmed.includes("\\")
  );
}

const isWebPage = (url: string) => /^https?:\/\/[^\s]+$/i.test(url.trim()) || isSameOriginUrl(url);
const ENTITIES: Readonly<Record<string, string>> = { amp: "&", quot: '"', apos: "'", lt: "<", gt: ">" };
/** Attribute values as the browser would read them (named basics and numeric references), before writing them again. */
const decodeAttribute = (value: string) =>
  value.replace(/&(#x[0-9a-f]+|#\d+|amp|quot|apos|lt|gt);/gi, (whole, entity: string) => {
    if (entity.startsWith("#")) {
      const code = entity[1] === "x" || entity[1] === "X" ? parseInt(entity.slice(2), 16) : Number(entity.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
const escapeAttribute = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function readAttributes(tag: string, source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of source.matchAll(ATTRIBUTE)) {
    const name = match[1]!.toLowerCase();
    const value = decodeAttribute(match[2] ?? match[3] ?? match[4] ?? "");
    if (name.startsWith("on"))
      throw refuse(
        `the event handler ${name}= on <${tag}>`,
        "Put the code in a .js file and load it with <script src> or Blocks({ jsModule }).",
      );
    if (!ALLOWED_ATTRIBUTES[tag]!.has(name) && !name.startsWith("data-"))
      throw new AppConfigError(`head: <${tag}> may not carry a ${name}= attribute here.`);
    attributes.set(name, value);
  }
  return attributes;
}

function checkElement(tag: string, attributes: Map<string, string>, body: string): void {
  if (tag === "script") {
    const src = attributes.get("src");
    if (body.trim() || src === undefined)
      throw refuse(
        "an inline <script>",
        'Put the code in a .js file served by this app and load it with <script src="…">, or use Blocks({ jsModule }).',
      );
    if (!isSameOriginUrl(src))
      throw refuse(
        `<script src="${src}">`,
        "Serve the script from this app (for instance through gr.setStaticPaths and /gradio_api/file=…).",
      );
  }
  if (tag === "link") {
    const rels = (attributes.get("rel") ?? "").toLowerCase().split(/\s+/).filter(Boolean);
    const href = attributes.get("href") ?? "";
    if (rels.length === 0 || !href) throw new AppConfigError(`head: a <link> needs rel= and href=.`);
    if (rels.every((rel) => ANY_PAGE_RELS.has(rel))) {
      if (!isWebPage(href))
        throw new AppConfigError(`head: <link rel="${rels.join(" ")}"> must name an http(s) page, not "${href}".`);
    } else if (!rels.every((rel) => SAME_ORIGIN_RELS.has(rel) || ANY_PAGE_RELS.has(rel))) {
      throw new AppConfigError(
        `head: <link rel="${rels.join(" ")}"> is not supported; use stylesheet, icon, preload, manifest or canonical links.`,
      );
    } else if (!isSameOriginUrl(href)) {
      throw refuse(
        `<link rel="${rels.join(" ")}" href="${href}">`,
        "Serve the file from this app; the page loads nothing from other origins.",
      );
    }
  }
}

function serialise(tag: string, attributes: Map<string, string>): string {
  const text = [...attributes]
    .map(([name, value]) =>
      value === "" && tag === "script" && name !== "src" ? ` ${name}` : ` ${name}="${escapeAttribute(value)}"`,
    )
    .join("");
  return tag === "script" ? `<script${text}></script>` : `<${tag}${text}>`;
}

/** Reads custom head HTML into the elements the page will carry (see the file comment for the rules). */
export function parseHead(html: string): ParsedHead {
  const out: string[] = [];
  const styles: string[] = [];
  TOKEN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = TOKEN.exec(html)) !== null) {
    const [whole, closing, rawTag, attributeSource = "", text] = match;
    if (whole.startsWith("<!--")) continue;
    if (text !== undefined) {
      if (text.trim())
        throw new AppConfigError(
          `head: text outside an element ("${text.trim().slice(0, 40)}") has no place in <head>.`,
        );
      continue;
    }
    if (rawTag === undefined) throw new AppConfigError('head: a stray "<" that starts no element.');
    const tag = rawTag.toLowerCase();
    if (closing) throw new AppConfigError(`head: </${tag}> closes nothing.`);
    if (tag === "title") throw new AppConfigError("head: use Blocks({ title }) for the page's title.");
    if (!(tag in ALLOWED_ATTRIBUTES))
      throw new AppConfigError(
        `head: <${tag}> is not supported; the head may hold <meta>, <link>, <script src> and <style>.`,
      );
    const attributes = readAttributes(tag, attributeSource);
    let body = "";
    if (tag === "script" || tag === "style") {
      const end = html.toLowerCase().indexOf(`</${tag}`, TOKEN.lastIndex);
      if (end === -1) throw new AppConfigError(`head: <${tag}> is never closed.`);
      body = html.slice(TOKEN.lastIndex, end);
      const close = html.indexOf(">", end);
      TOKEN.lastIndex = close === -1 ? html.length : close + 1;
    }
    checkElement(tag, attributes, body);
    if (tag === "style") {
      const media = attributes.get("media");
      styles.push(media ? `@media ${media} {\n${body}\n}` : body);
    } else {
      out.push(serialise(tag, attributes));
    }
  }
  return { html: out.join("\n"), styles };
}
