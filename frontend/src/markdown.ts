/**
 * Markdown to safe HTML. Common text (headings, paragraphs, emphasis, code, links, lists, quotes) is
 * rendered here: everything is escaped and only tags we write ourselves come out, so it needs no
 * sanitizer. Anything richer (raw HTML, tables, nested lists, reference links) loads `marked` and
 * DOMPurify on demand, so a page with a plain title does not pay for them.
 */

const NEEDS_FULL_RENDERER = /<[a-zA-Z!/?]|^\s*\|.*\|\s*$|^ {2,}([-*+]|\d+[.)]) |^\s*\[[^\]]+\]:|\[\^|&[#a-zA-Z0-9]+;/m;

export function needsFullRenderer(text: string): boolean {
  return NEEDS_FULL_RENDERER.test(text);
}

let fullRenderer: Promise<(text: string) => string> | null = null;

/** Loads the full renderer (marked + DOMPurify) once. */
export function loadFullRenderer(): Promise<(text: string) => string> {
  fullRenderer ??= import("./markdown-full.js").then((module) => module.renderFull);
  return fullRenderer;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const ALLOWED_SCHEMES = new Set(["http", "https", "mailto", "tel"]);
/** Raster images only: an SVG or HTML `data:` URL is refused even where images are allowed. */
const IMAGE_DATA_URL = /^data:image\/(png|gif|jpe?g|webp|avif|bmp)[;,]/i;

export interface SafeUrlOptions {
  /** `data:` URLs of raster images are allowed too (an `<img src>`, never a link). */
  imageData?: boolean;
}

/**
 * Only web and mail links, anchors and relative paths; never `javascript:`, `vbscript:` or `data:`.
 * The scheme is judged the way a browser would end up reading it, whatever the spelling: leading
 * controls and spaces, tabs or newlines inside it, character references (`&#106;`, `&#x6A;`,
 * `&colon;`) and any case. The URL is returned as the browser's parser would normalise it, so what is
 * used is what was judged.
 */
export function safeUrl(url: string, options: SafeUrlOptions = {}): string | null {
  // A URL parser drops leading and trailing C0 controls and spaces, and every tab and newline.
  const normalised = url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "").replace(/[\t\n\r]/g, "");
  // Any other control character is never part of a real link.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(normalised)) return null;
  const probe = schemeProbe(normalised);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(probe)?.[1]?.toLowerCase();
  if (scheme === undefined || ALLOWED_SCHEMES.has(scheme)) return normalised;
  if (options.imageData && scheme === "data" && IMAGE_DATA_URL.test(probe)) return normalised;
  return null;
}

/**
 * `url` with every way of hiding a scheme undone: character references decoded (up to three times,
 * for double encoding) and all controls, spaces and invisible format characters removed.
 */
function schemeProbe(url: string): string {
  let probe = url;
  for (let round = 0; round < 3; round++) {
    const decoded = decodeEntities(probe);
    if (decoded === probe) break;
    probe = decoded;
  }
  return probe.replace(/[\p{Cc}\p{Cf}\p{Z}]/gu, "");
}

function inline(text: string): string {
  const codes: string[] = [];
  let html = text.replace(
    /`([^`]+)`/g,
    (_, code: string) => `\u0000${codes.push(`<code>${escapeHtml(code)}</code>`) - 1}\u0000`,
  );
  html = escapeHtml(html);
  html = html.replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (whole, alt: string, src: string) => {
    const url = safeUrl(decodeEntities(src));
    return url ? `<img src="${escapeHtml(url)}" alt="${alt}">` : whole;
  });
  html = html.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, label: string, href: string) => {
    const url = safeUrl(decodeEntities(href));
    return url ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${label}</a>` : whole;
  });
  html = html
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, "<strong>$2</strong>")
    .replace(/(\*|_)(?=\S)(.+?)(?<=\S)\1/g, (whole, mark: string, inner: string, offset: number, all: string) =>
      mark === "_" && /\w/.test(all.charAt(offset - 1) + all.charAt(offset + whole.length))
        ? whole
        : `<em>${inner}</em>`,
    )
    .replace(/~~(?=\S)(.+?)(?<=\S)~~/g, "<del>$1</del>")
    .replace(/ {2,}\n|\\\n/g, "<br>");
  return html.replace(/\u0000(\d+)\u0000/g, (_, index: string) => codes[Number(index)] ?? "");
}

/** The named references that can spell a URL's scheme or separators; others stay as they are. */
const NAMED_REFERENCES: Record<string, string> = {
  colon: ":",
  tab: "\t",
  newline: "\n",
  nbsp: "\u00a0",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  sol: "/",
  bsol: "\\",
  period: ".",
  num: "#",
  quest: "?",
  equals: "=",
  lpar: "(",
  rpar: ")",
};

function fromCodePoint(code: number): string {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "\ufffd";
}

/** Character references as an HTML parser reads them in an attribute (numeric ones need no `;`). */
export function decodeEntities(text: string): string {
  const reference = /&(?:#(\d+);?|#x([0-9a-f]+);?|([a-z]+);)/gi;
  return text.replace(reference, (whole, decimal?: string, hex?: string, name?: string) => {
    if (decimal !== undefined) return fromCodePoint(Number(decimal));
    if (hex !== undefined) return fromCodePoint(parseInt(hex, 16));
    return NAMED_REFERENCES[name!.toLowerCase()] ?? whole;
  });
}

/** Renders the simple subset; call `needsFullRenderer` first. */
export function renderSimple(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) out.push(`<p>${inline(paragraph.join("\n"))}</p>`);
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^ {0,3}(```|~~~)\s*([\w+-]*)/.exec(line);
    if (fence) {
      flush();
      const body: string[] = [];
      while (++i < lines.length && !lines[i]!.trimStart().startsWith(fence[1]!)) body.push(lines[i]!);
      const language = fence[2] ? ` class="language-${escapeHtml(fence[2])}"` : "";
      out.push(`<pre><code${language}>${escapeHtml(body.join("\n"))}</code></pre>`);
      continue;
    }
    const heading = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      const level = heading[1]!.length;
      out.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
      continue;
    }
    // eslint-disable-next-line security/detect-unsafe-regex -- linear: each repeat ends in the marker, which \s cannot take
    if (/^ {0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flush();
      out.push("<hr>");
      continue;
    }
    const item = /^ {0,3}([-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (item) {
      flush();
      const ordered = /\d/.test(item[1]!);
      const items: string[] = [];
      let current = [item[2]!];
      while (i + 1 < lines.length) {
        const next = lines[i + 1]!;
        const nextItem = /^ {0,3}([-*+]|\d+[.)])\s+(.*)$/.exec(next);
        if (nextItem && /\d/.test(nextItem[1]!) === ordered) {
          items.push(current.join("\n"));
          current = [nextItem[2]!];
        } else if (next.trim() !== "" && /^\s+\S/.test(next)) {
          current.push(next.trim());
        } else break;
        i++;
      }
      items.push(current.join("\n"));
      const tag = ordered ? "ol" : "ul";
      out.push(`<${tag}>${items.map((text) => `<li>${inline(text)}</li>`).join("")}</${tag}>`);
      continue;
    }
    if (/^ {0,3}>/.test(line)) {
      flush();
      const quoted: string[] = [];
      while (i < lines.length && /^ {0,3}>/.test(lines[i]!)) quoted.push(lines[i++]!.replace(/^ {0,3}> ?/, ""));
      i--;
      out.push(`<blockquote>${renderSimple(quoted.join("\n"))}</blockquote>`);
      continue;
    }
    if (line.trim() === "") flush();
    else paragraph.push(line);
  }
  flush();
  return out.join("\n");
}
