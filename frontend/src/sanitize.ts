/** HTML from the app (gr.HTML, raw HTML in Markdown) through DOMPurify; links open in a new tab, safely. */
import DOMPurify from "dompurify";
import { safeUrl } from "./markdown.js";

/** Attributes a browser follows or loads as a URL; images (and only they) may carry raster data. */
const LINK_ATTRIBUTES = new Set(["href", "xlink:href", "action", "formaction", "cite", "longdesc", "background"]);
const SOURCE_ATTRIBUTES = new Set(["src", "poster"]);

// DOMPurify has its own URL check; the page's one gate (`safeUrl`) is asked as well, so the Markdown,
// chat and HTML renderers refuse exactly what the light renderer refuses.
DOMPurify.addHook("uponSanitizeAttribute", (_node, data) => {
  const name = data.attrName.toLowerCase();
  const isLink = LINK_ATTRIBUTES.has(name);
  if (!isLink && !SOURCE_ATTRIBUTES.has(name)) return;
  const url = safeUrl(data.attrValue, { imageData: !isLink });
  if (url === null) data.keepAttr = false;
  else data.attrValue = url;
});

/**
 * Style attributes of app HTML apply (the page's CSP allows style *attributes*, never style elements or
 * sheets from elsewhere), minus what could reach past the block: fixed/sticky positioning (an overlay
 * over the app's own controls) and anything that fetches (`url()`, `image-set()`). The declarations are
 * parsed by the browser's own CSS parser, so what is checked is what would apply.
 */
const FETCHES = /url\s*\(|image-set\s*\(|expression\s*\(/i;
const STICKS_TO_WINDOW = /^(fixed|sticky|-webkit-sticky)$/i;
let scratch: CSSStyleDeclaration | null = null;

export function safeStyle(value: string): string {
  scratch ??= document.createElement("div").style;
  scratch.cssText = value;
  for (const property of [...scratch]) {
    const declared = scratch.getPropertyValue(property);
    if (FETCHES.test(declared) || (property === "position" && STICKS_TO_WINDOW.test(declared.trim())))
      scratch.removeProperty(property);
  }
  const kept = scratch.cssText;
  scratch.cssText = "";
  return kept;
}

DOMPurify.addHook("uponSanitizeAttribute", (_node, data) => {
  if (data.attrName.toLowerCase() !== "style") return;
  data.attrValue = safeStyle(data.attrValue);
  if (!data.attrValue) data.keepAttr = false;
});

DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A" && node.hasAttribute("href")) {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  }
});

export function sanitizeHtml(html: string): string {
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
}

/**
 * Chat messages and LaTeX: HTML plus MathML, and no `style` attributes (the page's CSP refuses them; the
 * renderers never need them).
 */
export function sanitizeRich(html: string): string {
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true, mathMl: true }, FORBID_ATTR: ["style"] });
}
