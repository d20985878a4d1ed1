/**
 * What a multipage or translated app adds to the page: which page this path names, the translated
 * config, the nav bar. A lazy chunk: single-page apps without gr.I18n never load it.
 */
import type { AppConfig } from "../../src/protocol/index.js";
import type { PageExtras } from "./app.js";
import { translateConfig } from "./i18n.js";
import { NavBar, navbarOn } from "./pages.js";

/** The page this path names (`demo.route`), "" for the main page. */
function currentPage(config: AppConfig, appRoot: string): string {
  const below = location.pathname.slice(new URL(appRoot).pathname.length).replace(/\/+$/, "");
  let segment = "";
  try {
    segment = decodeURIComponent(below);
  } catch {
    // a malformed escape names no page
  }
  return segment && config.page?.[segment] ? segment : "";
}

/** The app's load events run on the page they were added for (`demo.load` inside `demo.route`), not on every page. */
function onlyThisPageLoads(config: AppConfig, page: string): void {
  const own = config.page?.[page]?.dependencies;
  if (!own || config.pages.length < 2) return;
  const ids = new Set(own);
  for (const dependency of config.dependencies)
    if (!ids.has(dependency.id))
      dependency.targets = dependency.targets.filter(([id, event]) => !(id === 0 && event === "load"));
}

/** Translates the config in place (for gr.I18n) and makes the nav bar (for several pages or a gr.Navbar). */
export function pageExtras(config: AppConfig, appRoot: string): PageExtras {
  const page = currentPage(config, appRoot);
  const extras: PageExtras = { page, nav: null, translate: null };
  onlyThisPageLoads(config, page);
  if (config.i18n_translations || JSON.stringify(config.components).includes("__i18n__")) {
    extras.translate = translateConfig(config, navigator.languages ?? [navigator.language]).props;
  }
  if (config.pages.length > 1 || config.components.some((c) => c.type === "navbar")) {
    const navbarId = navbarOn(config, page);
    extras.nav = () => <NavBar config={config} page={page} appRoot={appRoot} navbarId={navbarId} />;
  }
  return extras;
}
