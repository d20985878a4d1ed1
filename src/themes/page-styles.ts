/**
 * An app's look, settled once at start: its theme's stylesheet, its custom CSS (`css`, then each of
 * `cssPaths`, then `<style>` elements of the head, as Gradio concatenates them), and the head elements
 * the page carries. Both stylesheets are served from the app's own origin (`theme.css`, `custom.css`)
 * under a content-hash version, so the page's CSP needs no inline styles and a browser caches them.
 */
import { createHash } from "node:crypto";
import { AppConfigError } from "../errors.js";
import type { FilePolicy } from "../files/access.js";
import { openChecked } from "../files/resolve.js";
import { parseHead } from "./head.js";
import { resolveTheme, type Theme, type ThemeName } from "./theme.js";

/** A stylesheet as served: its text and the version (content hash) that names it in the page. */
export interface Stylesheet {
  text: string;
  version: string;
}

export interface PageStyles {
  theme: Theme;
  themeCss: Stylesheet;
  /** Null when the app has no custom CSS: the page then links none. */
  customCss: Stylesheet | null;
  /** What Gradio's config says in `css` and `head`: the developer's text, files appended. */
  configCss: string | null;
  configHead: string | null;
  /** The elements added to the page's `<head>`: the stylesheet links, then the custom head's elements. */
  headHtml: string;
}

export interface StyleOptions {
  css?: string;
  cssPaths?: string | readonly string[];
  head?: string;
  headPaths?: string | readonly string[];
}

/** Developer files larger than this are a mistake (a build artefact named by accident), not a stylesheet. */
const MAX_STYLE_FILE_BYTES = 2 * 1024 * 1024;

const stylesheet = (text: string): Stylesheet => ({
  text,
  version: createHash("sha256").update(text).digest("hex").slice(0, 16),
});
const list = (paths: string | readonly string[] | undefined): readonly string[] =>
  paths === undefined ? [] : typeof paths === "string" ? [paths] : paths;

/**
 * Reads one of `cssPaths`/`headPaths` through the file access policy, as any file the app reads for
 * a caller: the working directory (no dot-files), the temp dir, `allowedPaths` and static paths, never
 * a blocked or private path.
 */
async function readDeveloperFile(option: string, requested: string, policy: FilePolicy): Promise<string> {
  const opened = await openChecked(requested, "cache", policy);
  if (!opened.allowed) {
    const why =
      opened.reason === "missing"
        ? "there is no such file"
        : `the file access policy refuses it (${opened.reason}); keep it in the app's folder or add its folder to allowedPaths`;
    throw new AppConfigError(`${option}: cannot read "${requested}": ${why}.`);
  }
  try {
    if (opened.size > MAX_STYLE_FILE_BYTES)
      throw new AppConfigError(`${option}: "${requested}" is larger than ${MAX_STYLE_FILE_BYTES / 1024 / 1024} MB.`);
    return await opened.handle.readFile("utf8");
  } finally {
    await opened.handle.close().catch(() => undefined);
  }
}

/** Gradio's rule: the inline text first, then each file after a newline. */
async function concatenated(
  option: string,
  inline: string | undefined,
  paths: readonly string[],
  policy: FilePolicy,
): Promise<string | null> {
  let text = inline ?? null;
  for (const file of paths) text = `${text ?? ""}\n${await readDeveloperFile(option, file, policy)}`;
  return text;
}

/** Each option given at launch wins over the app's own, as Gradio 6's `launch()` arguments do. */
function merged(app: StyleOptions, launch: StyleOptions): StyleOptions {
  const pick = <K extends keyof StyleOptions>(key: K) => (launch[key] !== undefined ? launch[key] : app[key]);
  return { css: pick("css"), cssPaths: pick("cssPaths"), head: pick("head"), headPaths: pick("headPaths") };
}

export async function buildPageStyles(
  app: { theme: Theme; options: StyleOptions },
  launch: StyleOptions & { theme?: Theme | ThemeName },
  policy: FilePolicy,
): Promise<PageStyles> {
  const theme = launch.theme !== undefined ? resolveTheme(launch.theme) : app.theme;
  const options = merged(app.options, launch);
  const configCss = await concatenated("cssPaths", options.css, list(options.cssPaths), policy);
  const configHead = await concatenated("headPaths", options.head, list(options.headPaths), policy);
  const head = parseHead(configHead ?? "");
  const custom = [configCss ?? "", ...head.styles].filter((part) => part.trim()).join("\n");
  const themeCss = stylesheet(theme.css);
  const customCss = custom ? stylesheet(custom) : null;
  const links = [`<link rel="stylesheet" href="theme.css?v=${themeCss.version}">`];
  if (customCss) links.push(`<link rel="stylesheet" href="custom.css?v=${customCss.version}">`);
  return {
    theme,
    themeCss,
    customCss,
    configCss,
    configHead,
    headHtml: [...links, head.html].filter(Boolean).join("\n"),
  };
}
