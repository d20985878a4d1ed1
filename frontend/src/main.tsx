import "./styles.css";
import { render } from "preact";
import { Client } from "../../src/client/index.js";
import type { AppConfig } from "../../src/protocol/index.js";
import { App } from "./app.js";
import { loadComponents } from "./render.js";
import { applyTheme, storedTheme } from "./theme.js";

applyTheme(storedTheme());
const root = document.getElementById("app")!;

// The app's root is this page's folder: a page of a multipage app (`/settings`) is one segment below it.
// Relative to this page, the app also works under a path prefix.
const appRoot = new URL(".", location.href).href;

/** Multipage apps and translations load their code only when the config asks for it. */
const needsExtras = (config: AppConfig) =>
  config.pages.length > 1 || config.i18n_translations || /__i18n__|"navbar"/.test(JSON.stringify(config.components));

Client.connect(appRoot, { fetchApiInfo: false })
  .then(async (client) => {
    const [extras] = await Promise.all([
      needsExtras(client.config)
        ? import("./page-extras.js").then((m) => m.pageExtras(client.config, appRoot))
        : undefined,
      loadComponents(client.config.components.map((component) => component.type)),
    ]);
    return { client, extras };
  })
  .then(
    ({ client, extras }) => {
      if (typeof client.config.title === "string") document.title = client.config.title;
      root.textContent = "";
      render(<App client={client} extras={extras} />, root);
    },
    (error: Error) => {
      root.textContent = "";
      render(
        <main class="app load-error">
          <h1>This app could not be loaded</h1>
          <p role="alert">{error.message}</p>
          <button type="button" class="button button-primary button-lg" onClick={() => location.reload()}>
            Try again
          </button>
        </main>,
        root,
      );
    },
  );
