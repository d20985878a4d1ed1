/**
 * Multipage apps, as Gradio's `demo.route(name, path)`: each page has a path under the app's root, and
 * the blocks and events built for it. The config lists the pages as `[path, name, showInNavbar]`.
 */
import { AppConfigError } from "../errors.js";
import type { Block } from "./block.js";

/** `[path, name, shown in the nav bar]`, the main page's path being "". */
export type PageEntry = [path: string, name: string, showInNavbar: boolean];

export interface RouteOptions {
  /** Under the app's root (leading and trailing slashes dropped); default: the name, slugified. */
  path?: string;
  /** A page left out of the nav bar is still served at its path (default true). */
  showInNavbar?: boolean;
}

/** Gradio's own first path segments, which a page may never take (ours are checked against the server's routes). */
const INTERNAL = new Set([
  "theme.css",
  "robots.txt",
  "pwa_icon",
  "manifest.json",
  "login",
  "logout",
  "svelte",
  "config",
  "static",
  "assets",
  "favicon.ico",
  "gradio_api",
  "monitoring",
]);

/** The characters Gradio allows in a page path: one URL segment's unreserved and sub-delimiter characters. */
const PATH = /^[a-zA-Z0-9\-._~!$&'()*+,;=:@[\]]+$/;

/** Gradio's slug: ASCII only, lower case, runs of spaces and dashes made one dash, no dash or _ at the ends. */
function slugify(name: string): string {
  const ascii = name.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
  return ascii
    .toLowerCase()
    .replace(/[^\w\s-]/g, "")
    .replace(/[-\s]+/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "");
}

/** The page's path, checked; an unnamed path is made from the name and moved aside (`_path`) from taken ones. */
export function pagePath(name: string, pages: readonly PageEntry[], path?: string): string {
  if (typeof name !== "string" || name.trim() === "")
    throw new AppConfigError("demo.route needs a page name, shown in the nav bar.");
  const taken = (candidate: string) => INTERNAL.has(candidate) || pages.some(([p]) => p === candidate);
  if (path !== undefined && path !== null) {
    const stripped = String(path).replace(/^\/+|\/+$/g, "");
    if (!PATH.test(stripped))
      throw new AppConfigError(
        `demo.route: the path ${JSON.stringify(path)} is not one URL segment of letters, digits and -._~!$&'()*+,;=:@[].`,
      );
    if (taken(stripped))
      throw new AppConfigError(`demo.route: the path "/${stripped}" is already taken; choose another.`);
    return stripped;
  }
  let slug = slugify(name);
  if (!slug) throw new AppConfigError(`demo.route: no path can be made from the name ${JSON.stringify(name)}.`);
  while (taken(slug)) slug = `_${slug}`;
  return slug;
}

/**
 * Refuses a page whose path the server already answers (a route of ours Gradio does not have, such as
 * `/custom.css`): the page would never be reached. `rootSegments`: the first segments of the server's routes.
 */
export function checkPagePaths(pages: readonly PageEntry[], rootSegments: ReadonlySet<string>): void {
  for (const [path, name] of pages) {
    if (path && rootSegments.has(path))
      throw new AppConfigError(
        `The page "${name}" cannot be served at "/${path}": the server already answers that path. ` +
          "Give demo.route another path.",
      );
  }
}

/** Gradio's rule, checked at launch: a page has at most one Navbar, whose props say how its bar looks. */
export function checkOneNavbarPerPage(
  pages: readonly PageEntry[],
  blocks: Iterable<Block>,
  blockPage: ReadonlyMap<number, string>,
): void {
  const seen = new Set<string>();
  for (const block of blocks) {
    if (block.type !== "navbar") continue;
    const path = blockPage.get(block.id) ?? "";
    if (seen.has(path)) {
      const name = pages.find(([p]) => p === path)?.[1] ?? "Home";
      throw new AppConfigError(`The page "${name}" has more than one gr.Navbar; a page can have only one.`);
    }
    seen.add(path);
  }
}
