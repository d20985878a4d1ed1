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

/** Only web and mail links, anchors and relative paths; never `javascript:` or `data:`. */
export function safeUrl(url: string): string | null {
  const trimmed = url.trim();
  if (/^(https?:|mailto:)/i.test(trimmed) || !/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return trimmed;
  return null;
}

function inline(text: string): string {
  const codes: string[] = [];
  let html = text.replace(/`([^`]+)`/g, (_, code: string) => `\u0000${codes.push(`<code>${escapeHtml(code)}</code>`) - 1}\u0000`);
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
      mark === "_" && /\w/.test(all.charAt(offset - 1) + all.charAt(offset + whole.length)) ? whole : `<em>${inner}</em>`,
    )
    .replace(/~~(?=\S)(.+?)(?<=\S)~~/g, "<del>$1</del>")
    .replace(/ {2,}\n|\\\n/g, "<br>");
  return html.replace(/\u0000(\d+)\u0000/g, (_, index: string) => codes[Number(index)] ?? "");
}

function decodeEntities(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
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
