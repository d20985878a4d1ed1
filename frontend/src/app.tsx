/** The page: the app's layout, toasts, a footer (API view, theme), and the lazily loaded "Use via API" view. */
import type { ComponentType } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import type { Client } from "../../src/client/index.js";
import { classes, DispatcherContext } from "./block.js";
import { BlockNode } from "./render.js";
import { EventDispatcher } from "./dispatcher.js";
import { Store } from "./store.js";
import { applyTheme, nextTheme, storedTheme, type ThemeChoice } from "./theme.js";
import { Toasts } from "./toasts.js";

/** What a multipage or translated app adds to the page (see main.tsx); nothing for most apps. */
export interface PageExtras {
  /** The page shown (`demo.route`'s path), "" for the main page. */
  page: string;
  nav: ComponentType | null;
  translate: ((props: Record<string, unknown>) => Record<string, unknown>) | null;
}

const NO_EXTRAS: PageExtras = { page: "", nav: null, translate: null };

const apiViewRequested = () => new URLSearchParams(location.search).get("view") === "api";

export function App({ client, extras = NO_EXTRAS }: { client: Client; extras?: PageExtras }) {
  const dispatcher = useMemo(() => {
    const store = new Store(client.config.components);
    store.translate = extras.translate;
    return new EventDispatcher(client, store, new Toasts());
  }, [client, extras]);
  const { nav: Nav } = extras;
  const layout = client.config.page?.[extras.page]?.layout ?? client.config.layout;
  const [apiOpen, setApiOpen] = useState(apiViewRequested);
  const [theme, setTheme] = useState<ThemeChoice>(storedTheme);

  useEffect(() => dispatcher.start(), [dispatcher]);
  useEffect(() => {
    const onPop = () => setApiOpen(apiViewRequested());
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);

  /** Opening adds a history entry (so Back closes the view); closing goes back to it, or drops the query. */
  const showApi = (open: boolean) => {
    const url = new URL(location.href);
    if (open) {
      url.searchParams.set("view", "api");
      history.pushState({ apiView: true }, "", url);
    } else if ((history.state as { apiView?: boolean } | null)?.apiView) {
      history.back();
    } else {
      url.searchParams.delete("view");
      history.replaceState(null, "", url);
    }
    setApiOpen(open);
  };

  return (
    <DispatcherContext.Provider value={dispatcher}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      {Nav && <Nav />}
      <main
        id="main"
        class={classes(
          "app",
          client.config.fill_width === true && "fill-width",
          client.config.fill_height === true && "fill-height",
        )}
        tabIndex={-1}
      >
        {(layout.children ?? []).map((node) => (
          <BlockNode key={node.id} node={node} />
        ))}
      </main>
      <footer class="footer">
        <button type="button" class="link-button" onClick={() => showApi(true)}>
          Use via API
        </button>
        <span aria-hidden="true">·</span>
        <span>Built with gradio-ts</span>
        <span aria-hidden="true">·</span>
        <button
          type="button"
          class="link-button"
          onClick={() => {
            const next = nextTheme(theme);
            applyTheme(next, true);
            setTheme(next);
          }}
        >
          Theme: {theme}
        </button>
      </footer>
      <ToastList toasts={dispatcher.toasts} />
      {apiOpen && <LazyApiView client={client} onClose={() => showApi(false)} />}
    </DispatcherContext.Provider>
  );
}

function ToastList({ toasts }: { toasts: Toasts }) {
  const [, tick] = useState(0);
  useEffect(() => toasts.subscribe(() => tick((n) => n + 1)), [toasts]);
  return (
    <section class="toasts" aria-label="Notifications">
      {toasts.items.map((toast) => (
        <div key={toast.id} class={`toast toast-${toast.level}`} role={toast.level === "error" ? "alert" : "status"}>
          <div class="toast-body">
            <strong class="toast-title">{toast.title}</strong>
            <p class="toast-message">{toast.message}</p>
          </div>
          <button type="button" class="icon-button" aria-label="Dismiss" onClick={() => toasts.dismiss(toast.id)}>
            ×
          </button>
        </div>
      ))}
    </section>
  );
}

type ApiViewProps = { client: Client; onClose: () => void };
let apiView: Promise<ComponentType<ApiViewProps>> | null = null;

/** The API view is its own chunk: most visitors never open it. */
function LazyApiView(props: ApiViewProps) {
  const [View, setView] = useState<ComponentType<ApiViewProps> | null>(null);
  useEffect(() => {
    apiView ??= import("./api-view.js").then((module) => module.ApiView);
    void apiView.then((component) => setView(() => component));
  }, []);
  return View ? <View {...props} /> : null;
}
