/**
 * The nav bar of a multipage app (a lazy chunk: single-page apps never load it). It links the app's
 * pages (`demo.route`), shaped by the current page's gr.Navbar if it has one: shown or not, the main
 * page's name, and extra links.
 */
import type { AppConfig } from "../../src/protocol/index.js";
import { text, useProps } from "./block.js";
import "./pages.css";

export interface NavLink {
  name: string;
  href: string;
  current: boolean;
  external: boolean;
}

const isExternal = (path: string) => /^[a-z][a-z0-9+.-]*:/i.test(path);

/** Links relative to the app's root, so the app also works under a path prefix. */
function pageHref(appRoot: string, path: string): string {
  return isExternal(path) ? path : new URL(path.replace(/^\/+/, ""), appRoot).href;
}

function isLinkList(value: unknown): value is [string, string][] {
  return (
    Array.isArray(value) &&
    value.every((l) => Array.isArray(l) && l.length === 2 && l.every((p) => typeof p === "string"))
  );
}

/** The links the bar shows on `page`: the pages in the nav bar, then the Navbar's own. */
export function navLinks(config: AppConfig, page: string, appRoot: string, navbar: Record<string, unknown>): NavLink[] {
  const mainName =
    navbar.main_page_name === false ? null : text(navbar.main_page_name) || config.pages[0]?.[1] || "Home";
  const pages = config.pages.filter(([path, , shown]) => shown && (path !== "" || mainName !== null));
  const links = pages.map(([path, name]) => ({
    name: path === "" ? mainName! : name,
    href: pageHref(appRoot, path),
    current: path === page,
    external: false,
  }));
  const extra = isLinkList(navbar.value) ? navbar.value : [];
  return [
    ...links,
    ...extra.map(([name, path]) => ({
      name,
      href: pageHref(appRoot, path),
      current: !isExternal(path) && path.replace(/^\/+|\/+$/g, "") === page,
      external: isExternal(path),
    })),
  ];
}

/** The id of the gr.Navbar on `page`, if any. */
export function navbarOn(config: AppConfig, page: string): number | null {
  const ids = new Set(config.page?.[page]?.components ?? []);
  return config.components.find((c) => c.type === "navbar" && ids.has(c.id))?.id ?? null;
}

interface NavBarProps {
  config: AppConfig;
  page: string;
  appRoot: string;
  navbarId: number | null;
}

export function NavBar({ config, page, appRoot, navbarId }: NavBarProps) {
  // A Navbar's props may change (gr.update), so they are read from the store.
  const navbar = useProps(navbarId ?? -1);
  if (navbarId !== null && navbar.visible === false) return null;
  const links = navLinks(config, page, appRoot, navbarId === null ? {} : navbar);
  if (links.length === 0) return null;
  return (
    <nav class="page-nav" aria-label="Pages">
      <ul>
        {links.map((link) => (
          <li key={link.href}>
            <a
              href={link.href}
              aria-current={link.current ? "page" : undefined}
              {...(link.external ? { target: "_blank", rel: "noopener noreferrer" } : {})}
            >
              {link.name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
