/** The full Markdown renderer (GFM, raw HTML), loaded only for text that needs it; output is sanitized. */
import { marked } from "marked";
import { sanitizeHtml } from "./sanitize.js";

export function renderFull(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown, { async: false, gfm: true }));
}
