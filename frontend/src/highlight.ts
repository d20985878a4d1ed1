/**
 * Syntax highlighting with highlight.js core (a lazy chunk); each language is a chunk of its own that
 * loads the first time code in it is shown. Output is highlight.js's escaped HTML (spans with classes).
 */
import hljs from "highlight.js/lib/core";
import type { LanguageFn } from "highlight.js";

type Loader = () => Promise<{ default: LanguageFn }>;

const LANGUAGES: Record<string, Loader> = {
  python: () => import("highlight.js/lib/languages/python"),
  javascript: () => import("highlight.js/lib/languages/javascript"),
  typescript: () => import("highlight.js/lib/languages/typescript"),
  json: () => import("highlight.js/lib/languages/json"),
  xml: () => import("highlight.js/lib/languages/xml"),
  css: () => import("highlight.js/lib/languages/css"),
  markdown: () => import("highlight.js/lib/languages/markdown"),
  bash: () => import("highlight.js/lib/languages/bash"),
  sql: () => import("highlight.js/lib/languages/sql"),
  yaml: () => import("highlight.js/lib/languages/yaml"),
  r: () => import("highlight.js/lib/languages/r"),
  c: () => import("highlight.js/lib/languages/c"),
  cpp: () => import("highlight.js/lib/languages/cpp"),
  rust: () => import("highlight.js/lib/languages/rust"),
  go: () => import("highlight.js/lib/languages/go"),
  java: () => import("highlight.js/lib/languages/java"),
  dockerfile: () => import("highlight.js/lib/languages/dockerfile"),
};

const ALIASES: Record<string, string> = {
  py: "python",
  js: "javascript",
  jsx: "javascript",
  ts: "typescript",
  tsx: "typescript",
  html: "xml",
  svg: "xml",
  shell: "bash",
  sh: "bash",
  zsh: "bash",
  console: "bash",
  yml: "yaml",
  md: "markdown",
  "c++": "cpp",
  rs: "rust",
  golang: "go",
  docker: "dockerfile",
};

const loading = new Map<string, Promise<boolean>>();

export function languageName(name: string | null | undefined): string | null {
  if (!name) return null;
  const lower = name.toLowerCase();
  const canonical = ALIASES[lower] ?? lower;
  return Object.hasOwn(LANGUAGES, canonical) ? canonical : null;
}

/** Loads a language once; resolves to its canonical name, or null when it is not one we ship. */
export async function loadLanguage(name: string | null | undefined): Promise<string | null> {
  const canonical = languageName(name);
  if (!canonical) return null;
  let promise = loading.get(canonical);
  if (!promise) {
    promise = LANGUAGES[canonical]!().then(
      (module) => {
        hljs.registerLanguage(canonical, module.default);
        return true;
      },
      () => false,
    );
    loading.set(canonical, promise);
  }
  return (await promise) ? canonical : null;
}

/** Highlighted HTML for a loaded language; plain escaped text otherwise. */
export function highlight(code: string, language: string | null): string {
  if (language && hljs.getLanguage(language)) return hljs.highlight(code, { language, ignoreIllegals: true }).value;
  return code.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
