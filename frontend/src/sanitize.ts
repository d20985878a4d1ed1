/** HTML from the app (gr.HTML, raw HTML in Markdown) through DOMPurify; links open in a new tab, safely. */
import DOMPurify from "dompurify";

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
