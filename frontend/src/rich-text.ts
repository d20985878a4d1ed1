/**
 * Chat message text → safe HTML: Markdown (marked), code blocks highlighted (highlight.js, loaded per
 * language), LaTeX between the configured delimiters as MathML (temml, loaded only when a message has
 * math; Chromium draws MathML natively, so no fonts or inline styles are needed), and everything through
 * DOMPurify. A lazy chunk of the chat components.
 */
import { Marked } from "marked";
import { escapeHtml } from "./markdown.js";
import { highlight, loadLanguage } from "./highlight.js";
import { sanitizeRich } from "./sanitize.js";

export interface Delimiter {
  left: string;
  right: string;
  display: boolean;
}

export interface RichOptions {
  markdown: boolean;
  lineBreaks: boolean;
  latex: readonly Delimiter[];
}

type Temml = typeof import("temml").default;
let temml: Promise<Temml> | null = null;

const FENCE = /^ {0,3}(```|~~~)[ \t]*([\w+#.-]*)/gm;

/** Math segments outside code, replaced by placeholders the Markdown renderer leaves alone. */
function extractMath(
  text: string,
  delimiters: readonly Delimiter[],
): { text: string; math: { tex: string; display: boolean }[] } {
  const math: { tex: string; display: boolean }[] = [];
  if (delimiters.length === 0) return { text, math };
  // Longest left delimiter first, so "$$" wins over "$".
  const sorted = [...delimiters].filter((d) => d.left && d.right).sort((a, b) => b.left.length - a.left.length);
  const parts = text.split(/(```[\s\S]*?(?:```|$)|`[^`\n]+`)/);
  const out = parts.map((part, index) => {
    if (index % 2 === 1) return part; // code: no math inside
    let result = "";
    let i = 0;
    outer: while (i < part.length) {
      for (const d of sorted) {
        if (part.startsWith(d.left, i) && part.charAt(i - 1) !== "\\") {
          const end = part.indexOf(d.right, i + d.left.length);
          if (end > i + d.left.length) {
            const tex = part.slice(i + d.left.length, end);
            if (!d.display && d.left === "$" && /^\s|\s$/.test(tex)) continue; // "$5 and $6" is money
            result += `GTSMATH${math.push({ tex, display: d.display }) - 1}X`;
            i = end + d.right.length;
            continue outer;
          }
        }
      }
      result += part.charAt(i++);
    }
    return result;
  });
  return { text: out.join(""), math };
}

export async function renderRich(source: string, options: RichOptions): Promise<string> {
  const { text, math } = extractMath(source, options.latex);
  let html: string;
  if (options.markdown) {
    const languages = new Map<string, string | null>();
    for (const match of text.matchAll(FENCE)) if (match[2]) languages.set(match[2], await loadLanguage(match[2]));
    const marked = new Marked({ gfm: true, breaks: options.lineBreaks, async: false });
    marked.use({
      renderer: {
        code({ text: code, lang }) {
          const language = lang ? (languages.get(lang.split(/\s/)[0]!) ?? null) : null;
          return `<pre><code class="hljs${language ? ` language-${language}` : ""}">${highlight(code, language)}</code></pre>\n`;
        },
      },
    });
    html = marked.parse(text) as string;
  } else {
    html = escapeHtml(text).replace(/\n/g, "<br>");
  }
  html = sanitizeRich(html);
  if (math.length > 0) {
    temml ??= import("temml").then((module) => module.default);
    const engine = await temml;
    html = html.replace(/GTSMATH(\d+)X/g, (whole, index: string) => {
      const item = math[Number(index)];
      if (!item) return whole;
      try {
        // temml writes a few spacing styles inline; the page's CSP refuses style attributes, so they go
        // before the markup is parsed at all (MathML spaces itself well without them).
        const mathml = engine.renderToString(item.tex, {
          displayMode: item.display,
          throwOnError: true,
          maxExpand: 1000,
          trust: false,
        });
        return sanitizeRich(mathml.replace(/\sstyle="[^"]*"/g, ""));
      } catch {
        return `<code>${escapeHtml(item.tex)}</code>`;
      }
    });
  }
  return html;
}
