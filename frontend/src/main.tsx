import "./styles.css";
import { render } from "preact";
import { Client } from "../../src/client/index.js";
import { App } from "./app.js";
import { loadComponents } from "./render.js";
import { applyTheme, storedTheme } from "./theme.js";

applyTheme(storedTheme());
const root = document.getElementById("app")!;

// The config is fetched relative to this page, so the app also works under a path prefix.
Client.connect(location.href, { fetchApiInfo: false })
  .then(async (client) => {
    await loadComponents(client.config.components.map((component) => component.type));
    return client;
  })
  .then(
    (client) => {
      if (typeof client.config.title === "string") document.title = client.config.title;
      root.textContent = "";
      render(<App client={client} />, root);
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
