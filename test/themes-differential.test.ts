// Themes and page styling against the real thing: every built-in theme's stylesheet, variable by variable,
// light and dark, compared with what Python Gradio 6 writes for the same theme and options; and the
// config fields of one app (css, head, theme, fill_height, fill_width, elem_id, elem_classes) from both.
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import {
  lastJsonLine,
  pythonWithGradio6,
  runPythonScript,
  startPythonGradioApp,
  type PythonGradioApp,
} from "./api-python.js";
import { startServer, type TestServer } from "./helpers/server.js";

const PYTHON_THEMES = `
import json, gradio as gr
from gradio.themes.utils import fonts
themes = {name: getattr(gr.themes, name)() for name in ["Base", "Default", "Soft", "Monochrome", "Glass", "Origin", "Citrus", "Ocean"]}
themes["Soft.set"] = gr.themes.Soft().set(button_primary_background_fill="red", body_background_fill_dark="*neutral_800")
themes["Base.options"] = gr.themes.Base(primary_hue="red", neutral_hue="stone", radius_size="lg", text_size="sm",
    spacing_size="lg", font=[fonts.LocalFont("Inter"), "sans-serif"], font_mono="monospace")
print(json.dumps({name: theme._get_theme_css() for name, theme in themes.items()}))
`;

function ourThemes(): Record<string, gr.themes.Theme> {
  const t = gr.themes;
  return {
    Base: new t.Base(),
    Default: new t.Default(),
    Soft: new t.Soft(),
    Monochrome: new t.Monochrome(),
    Glass: new t.Glass(),
    Origin: new t.Origin(),
    Citrus: new t.Citrus(),
    Ocean: new t.Ocean(),
    "Soft.set": new t.Soft().set({ buttonPrimaryBackgroundFill: "red", bodyBackgroundFillDark: "*neutral_800" }),
    "Base.options": new t.Base({
      primaryHue: "red",
      neutralHue: "stone",
      radiusSize: "lg",
      textSize: "sm",
      spacingSize: "lg",
      font: [new t.LocalFont("Inter"), "sans-serif"],
      fontMono: "monospace",
    }),
  };
}

/**
 * The custom properties of a selector's block, in order. Gradio also writes a dark value left as None
 * under its Python name (`--block_shadow: None`), which no var() can name: those are left out.
 */
function variables(css: string, selector: string): [string, string][] {
  const start = css.indexOf(`${selector} {`);
  assert.ok(start >= 0, `no "${selector}" block`);
  const body = css.slice(start + selector.length + 2, css.indexOf("\n}", start));
  return [...body.matchAll(/^\s*--([\w-]+): (.*);$/gm)]
    .filter(([, name]) => !name!.includes("_"))
    .map(([, name, value]) => [name!, value!]);
}

const PYTHON_APP = `
import gradio as gr, sys
with gr.Blocks(title="Styled", fill_height=True, fill_width=True) as demo:
    with gr.Row(elem_id="r1", elem_classes=["rowc"]):
        gr.Textbox(elem_id="tb", elem_classes=["a", "b"])
    with gr.Column(elem_classes="solo"):
        gr.Button("Go", elem_id="go")
demo.launch(server_name="127.0.0.1", server_port=int(sys.argv[1]), theme="soft", css=".a { color: blue; }",
    css_paths=[sys.argv[2]], head='<meta name="description" content="styled">', head_paths=[sys.argv[3]])
`;

function tsApp(cssFile: string, headFile: string): gr.Blocks {
  return new gr.Blocks(
    {
      title: "Styled",
      fillHeight: true,
      fillWidth: true,
      theme: "soft",
      css: ".a { color: blue; }",
      cssPaths: [cssFile],
      head: '<meta name="description" content="styled">',
      headPaths: [headFile],
    },
    () => {
      gr.Row(
        { elemId: "r1", elemClasses: ["rowc"] },
        () => void new gr.Textbox({ elemId: "tb", elemClasses: ["a", "b"] }),
      );
      // One class as a string, which Gradio turns into a list.
      gr.Column({ elemClasses: "solo" }, () => void new gr.Button({ value: "Go", elemId: "go" }));
    },
  );
}

type Json = Record<string, unknown>;
const FIELDS = ["title", "css", "head", "theme", "body_css", "fill_height", "fill_width", "stylesheets"];

/** Each block's elem_id/elem_classes by type, without Gradio's layout-only "form" wrappers. */
function elems(config: Json) {
  return (config.components as { type: string; props: Json }[])
    .filter((c) => c.type !== "form")
    .map((c) => ({ type: c.type, elem_id: c.props.elem_id ?? null, elem_classes: c.props.elem_classes ?? [] }));
}

describe("themes and page styling, compared with Python Gradio 6", () => {
  let python: string | null = null;
  let twin: PythonGradioApp | null = null;
  let gradioUrl = "";
  let ours: TestServer | null = null;
  let dir = "";

  before(async () => {
    python = await pythonWithGradio6();
    if (!python) return;
    dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-themes-diff-"));
    const cssFile = path.join(dir, "extra.css");
    const headFile = path.join(dir, "head.html");
    await writeFile(cssFile, ".extra { color: teal; }\n");
    await writeFile(headFile, '<link rel="icon" href="favicon.ico">\n');
    ours = await startServer(tsApp(cssFile, headFile));
    twin = await startPythonGradioApp(python, PYTHON_APP, { args: [cssFile, headFile] });
    gradioUrl = twin.url;
  });
  after(async () => {
    twin?.close();
    await ours?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test(
    "every built-in theme's variables, light and dark, with constructor options and .set()",
    { timeout: 120_000 },
    async (t) => {
      if (!python)
        return t.skip("*** Python Gradio 6 is unavailable (no PyPI?): the differential theme test did not run ***");
      const theirs = lastJsonLine((await runPythonScript(python, PYTHON_THEMES)).stdout) as Record<string, string>;
      for (const [name, theme] of Object.entries(ourThemes())) {
        for (const selector of [":root", ":root.dark, :root .dark"]) {
          assert.deepEqual(variables(theme.css, selector), variables(theirs[name]!, selector), `${name}, ${selector}`);
        }
      }
    },
  );

  test("the config's styling fields and every block's elem_id and elem_classes", { timeout: 60_000 }, async (t) => {
    if (!python)
      return t.skip("*** Python Gradio 6 is unavailable (no PyPI?): the differential styling test did not run ***");
    const theirs = (await (await fetch(`${gradioUrl}/config`)).json()) as Json;
    const mine = (await (await fetch(`${ours!.url}/config`)).json()) as Json;
    for (const field of FIELDS) assert.deepEqual(mine[field], theirs[field], field);
    assert.match(String(mine.theme_hash), /^[0-9a-f]{64}$/);
    assert.deepEqual(elems(mine), elems(theirs));
  });
});
