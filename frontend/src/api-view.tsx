/** "Use via API": every public endpoint with its parameters and copy-paste snippets for three clients. */
import { useEffect, useRef, useState } from "preact/hooks";
import "./components/components.css";
import type { Client } from "../../src/client/index.js";
import { isFileData, type ApiEndpointInfo, type ApiInfo, type ApiParameter } from "../../src/protocol/index.js";
import { CopyButton } from "./components/textbox.js";

type Language = "javascript" | "python" | "bash";
const LANGUAGES: [Language, string, string][] = [
  ["javascript", "JavaScript", "npm install @gradio/client"],
  ["python", "Python", "pip install gradio_client"],
  ["bash", "curl", ""],
];

const exampleOf = (parameter: ApiParameter) =>
  parameter.parameter_has_default ? parameter.parameter_default : parameter.example_input;

function python(value: unknown, indent = ""): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (isFileData(value)) return `handle_file(${JSON.stringify(value.url ?? value.path)})`;
  if (Array.isArray(value)) return `[${value.map((item) => python(item, indent)).join(", ")}]`;
  if (typeof value === "object")
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}: ${python(item, indent)}`)
      .join(", ")}}`;
  return JSON.stringify(value);
}

function javascript(value: unknown): string {
  if (isFileData(value)) return `handle_file(${JSON.stringify(value.url ?? value.path)})`;
  if (Array.isArray(value)) return `[${value.map(javascript).join(", ")}]`;
  if (typeof value === "object" && value !== null)
    return `{ ${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}: ${javascript(item)}`)
      .join(", ")} }`;
  return JSON.stringify(value ?? null);
}

const identifier = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

export function snippet(language: Language, root: string, name: string, endpoint: ApiEndpointInfo): string {
  const parameters = endpoint.parameters;
  const hasFile = parameters.some(
    (p) => isFileData(exampleOf(p)) || (Array.isArray(exampleOf(p)) && (exampleOf(p) as unknown[]).some(isFileData)),
  );
  if (language === "javascript") {
    const args = parameters.map((p) => `  ${identifier(p.parameter_name)}: ${javascript(exampleOf(p))},`).join("\n");
    return [
      `import { Client${hasFile ? ", handle_file" : ""} } from "@gradio/client";`,
      "",
      `const client = await Client.connect(${JSON.stringify(`${root}/`)});`,
      `const result = await client.predict(${JSON.stringify(name)}, {${args ? `\n${args}\n` : ""}});`,
      "",
      "console.log(result.data);",
    ].join("\n");
  }
  if (language === "python") {
    const args = parameters.map((p) => `    ${p.parameter_name}=${python(exampleOf(p))},`);
    return [
      `from gradio_client import Client${hasFile ? ", handle_file" : ""}`,
      "",
      `client = Client(${JSON.stringify(`${root}/`)})`,
      "result = client.predict(",
      ...args,
      `    api_name=${JSON.stringify(name)},`,
      ")",
      "print(result)",
    ].join("\n");
  }
  const data = JSON.stringify({
    data: parameters.map((p) => {
      const v = exampleOf(p);
      return isFileData(v) ? { path: v.url ?? v.path, meta: v.meta } : v;
    }),
  }).replace(/'/g, "'\\''");
  const url = `${root}/gradio_api/call${name}`;
  return [
    `EVENT_ID=$(curl -s -X POST ${url} \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${data}' \\`,
    `  | awk -F'"' '{ print $4 }')`,
    `curl -N ${url}/$EVENT_ID`,
  ].join("\n");
}

export function ApiView({ client, onClose }: { client: Client; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [info, setInfo] = useState<ApiInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [language, setLanguage] = useState<Language>("javascript");

  useEffect(() => {
    dialog.current?.showModal();
    client.viewApi().then(setInfo, (e: Error) => setError(e.message));
  }, [client]);

  const endpoints = Object.entries(info?.named_endpoints ?? {});
  const install = LANGUAGES.find(([key]) => key === language)?.[2];
  return (
    <dialog ref={dialog} class="api-view" aria-labelledby="api-title" onClose={onClose}>
      <header class="api-header">
        <h2 id="api-title">Use via API</h2>
        <button
          type="button"
          class="icon-button"
          aria-label="Close the API view"
          onClick={() => dialog.current?.close()}
        >
          ×
        </button>
      </header>
      <p>
        {endpoints.length === 1 ? "1 endpoint" : `${endpoints.length} endpoints`} at <code>{client.root}/</code>
      </p>
      <div class="segmented" role="group" aria-label="Language">
        {LANGUAGES.map(([key, label]) => (
          <button key={key} type="button" aria-pressed={language === key} onClick={() => setLanguage(key)}>
            {label}
          </button>
        ))}
      </div>
      {install && (
        <p class="install">
          Install: <code>{install}</code>
        </p>
      )}
      {error && <p role="alert">Could not load the API description: {error}</p>}
      {!info && !error && <p role="status">Loading…</p>}
      {endpoints.map(([name, endpoint]) => {
        const code = snippet(language, client.root, name, endpoint);
        return (
          <section class="endpoint" key={name} aria-label={`Endpoint ${name}`}>
            <h3>
              <code>{name}</code>
            </h3>
            {endpoint.description && <p>{endpoint.description}</p>}
            <div class="snippet">
              <CopyButton value={code} />
              <pre>
                <code>{code}</code>
              </pre>
            </div>
            <h4>Parameters</h4>
            {endpoint.parameters.length === 0 ? (
              <p class="empty">None</p>
            ) : (
              <ul class="api-list">
                {endpoint.parameters.map((p) => (
                  <li key={p.parameter_name}>
                    <code>{p.parameter_name}</code> <span class="type">{p.python_type.type}</span>
                    {p.parameter_has_default ? (
                      <span class="muted"> (default {JSON.stringify(p.parameter_default)})</span>
                    ) : (
                      <span class="muted"> (required)</span>
                    )}
                    <span class="muted">
                      {" "}
                      — {p.component} “{p.label}”
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <h4>Returns</h4>
            <ul class="api-list">
              {endpoint.returns.map((r, index) => (
                <li key={index}>
                  <span class="type">{r.python_type.type}</span>
                  <span class="muted">
                    {" "}
                    — {r.component} “{r.label}”
                  </span>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </dialog>
  );
}
