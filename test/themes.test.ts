/**
 * Themes, custom CSS and custom head over real HTTP: the config fields, the stylesheets the page links
 * (served from the app's origin, cacheable), and every refusal, each with an error that says why.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { AppConfigError } from "../src/errors.js";
import { startServer, type TestServer } from "./helpers/server.js";

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-themes-"));
  await writeFile(path.join(dir, "extra.css"), ".extra { color: teal; }\n");
  await writeFile(
    path.join(dir, "head.html"),
    '<link rel="icon" href="favicon.ico">\n<style>.from-head { color: plum; }</style>\n',
  );
});
after(async () => rm(dir, { recursive: true, force: true }));

const launchFails = async (options: gr.BlocksOptions, launch: gr.LaunchOptions = {}) => {
  const demo = new gr.Blocks(options, () => void new gr.Textbox());
  let error: unknown = null;
  const server = await startServer(demo, launch).catch((caught: unknown) => {
    error = caught;
    return null;
  });
  await server?.close();
  assert.ok(error instanceof AppConfigError, `expected an AppConfigError, got ${String(error)}`);
  return (error as AppConfigError).message;
};

describe("themes: the API", () => {
  test("built-in themes by object and by name; Default when none is given", () => {
    assert.equal(new gr.Blocks().theme.name, "default");
    assert.equal(new gr.Blocks({ theme: "Soft" as gr.themes.ThemeName }).theme.name, "soft");
    for (const Theme of [
      gr.themes.Base,
      gr.themes.Default,
      gr.themes.Soft,
      gr.themes.Monochrome,
      gr.themes.Glass,
      gr.themes.Origin,
      gr.themes.Citrus,
      gr.themes.Ocean,
    ]) {
      const css = new Theme().css;
      assert.match(css, /^:root \{\n {2}--name: \w+;/);
      assert.match(css, /:root\.dark, :root \.dark \{/);
      assert.doesNotMatch(css, /@import|@font-face|url\((?!"data:)/, "a theme loads nothing from other origins");
    }
  });

  test("constructor options and .set() change the variables, with *references as var()", () => {
    const theme = new gr.themes.Base({
      primaryHue: "red",
      radiusSize: "lg",
      font: [new gr.themes.LocalFont("Inter"), "sans-serif"],
    }).set({
      buttonPrimaryBackgroundFill: "*secondary_300",
      buttonPrimaryBackgroundFillDark: "#123456",
    });
    assert.match(theme.css, /--primary-500: #ef4444;/);
    assert.match(theme.css, /--radius-md: 8px;/);
    assert.match(theme.css, /--font: 'Inter', sans-serif;/);
    const [light, dark] = theme.css.split(":root.dark");
    assert.match(light!, /--button-primary-background-fill: var\(--secondary-300\);/);
    assert.match(dark!, /--button-primary-background-fill: #123456;/);
    assert.equal(theme.computed("button_primary_background_fill"), "#93c5fd");
  });

  test("refusals: unknown theme, colour, size, variable, reference, and values that are not one CSS value", () => {
    const refused = (make: () => unknown, pattern: RegExp) =>
      assert.throws(make, (error: unknown) => error instanceof AppConfigError && pattern.test(error.message));
    refused(() => new gr.Blocks({ theme: "gradio/seafoam" as gr.themes.ThemeName }), /not a built-in theme.*soft/);
    refused(() => new gr.themes.Soft({ primaryHue: "mauve" }), /"mauve" is not a colour/);
    refused(() => new gr.themes.Soft({ textSize: "xl" as gr.themes.TextSize }), /"xl" is not a size/);
    refused(
      () => new gr.themes.Soft().set({ bodyBackgroundFil: "red" } as gr.themes.ThemeSettings),
      /"bodyBackgroundFil" is not a theme variable/,
    );
    refused(() => new gr.themes.Soft().set({ bodyBackgroundFill: "*primary_5000" }), /not a theme variable/);
    refused(
      () => new gr.themes.Soft().set({ bodyBackgroundFill: "*primary_500_dark" }),
      /dark mode uses its dark value/,
    );
    refused(() => new gr.themes.Soft().set({ bodyBackgroundFill: "red; } body { display: none" }), /one CSS value/);
    refused(() => new gr.themes.LocalFont("x'; }"), /font family name/);
  });
});

describe("themes: served and described", () => {
  let server: TestServer;
  before(async () => {
    const theme = new gr.themes.Soft().set({ buttonPrimaryBackgroundFill: "red" });
    const demo = new gr.Blocks(
      {
        theme,
        css: ".a { color: blue; }",
        cssPaths: [path.join(dir, "extra.css")],
        head: '<meta name="description" content="A &quot;demo&quot;"><script src="gradio_api/file=static/app.js" defer></script>',
        headPaths: path.join(dir, "head.html"),
        fillHeight: true,
      },
      () => {
        gr.Row(
          { elemId: "r1", elemClasses: ["rowc"] },
          () => void new gr.Textbox({ elemId: "tb", elemClasses: ["a", "b"] }),
        );
      },
    );
    server = await startServer(demo);
  });
  after(async () => server.close());

  test("the config carries Gradio's fields", async () => {
    const config = (await (await fetch(`${server.url}/config`)).json()) as Record<string, unknown> & {
      components: { type: string; props: Record<string, unknown> }[];
    };
    assert.equal(config.theme, "soft");
    assert.equal(config.css, ".a { color: blue; }\n.extra { color: teal; }\n");
    assert.match(String(config.head), /^<meta name="description".*\n<link rel="icon"/s);
    assert.equal(config.fill_height, true);
    assert.equal(config.fill_width, false);
    assert.match(String(config.theme_hash), /^[0-9a-f]{64}$/);
    assert.deepEqual(config.body_css, {
      body_background_fill: "white",
      body_text_color: "#1f2937",
      body_background_fill_dark: "#0b0f19",
      body_text_color_dark: "#f3f4f6",
    });
    const row = config.components.find((c) => c.type === "row")!;
    const box = config.components.find((c) => c.type === "textbox")!;
    assert.deepEqual([row.props.elem_id, row.props.elem_classes], ["r1", ["rowc"]]);
    assert.deepEqual([box.props.elem_id, box.props.elem_classes], ["tb", ["a", "b"]]);
  });

  test("theme.css and custom.css: same origin, versioned, cacheable, revalidated by ETag", async () => {
    const theme = await fetch(`${server.url}/theme.css`);
    assert.equal(theme.status, 200);
    assert.match(theme.headers.get("content-type") ?? "", /^text\/css/);
    assert.equal(theme.headers.get("cache-control"), "no-cache");
    const etag = theme.headers.get("etag")!;
    assert.match(await theme.text(), /--button-primary-background-fill: red;/);
    const again = await fetch(`${server.url}/theme.css`, { headers: { "if-none-match": etag } });
    assert.equal(again.status, 304);
    const versioned = await fetch(`${server.url}/theme.css?v=${etag.slice(1, -1)}`);
    assert.match(versioned.headers.get("cache-control") ?? "", /immutable/);
    const custom = await (await fetch(`${server.url}/custom.css`)).text();
    assert.equal(custom, ".a { color: blue; }\n.extra { color: teal; }\n\n.from-head { color: plum; }");
  });

  test("the page links both stylesheets and carries the head's elements, written again", async () => {
    const page = await (await fetch(`${server.url}/`)).text();
    if (page.includes("is not built")) return;
    const head = page.slice(0, page.indexOf("</head>"));
    assert.match(head, /<link rel="stylesheet" href="theme\.css\?v=[0-9a-f]{16}">/);
    assert.match(head, /<link rel="stylesheet" href="custom\.css\?v=[0-9a-f]{16}">/);
    assert.match(head, /<meta name="description" content="A &quot;demo&quot;">/);
    assert.match(head, /<script src="gradio_api\/file=static\/app\.js" defer><\/script>/);
    assert.match(head, /<link rel="icon" href="favicon\.ico">/);
    assert.doesNotMatch(head, /<style/);
  });

  test("the stylesheets are sent compressed when the caller accepts it, plain otherwise", async () => {
    const br = await fetch(`${server.url}/theme.css`, { headers: { "accept-encoding": "br" } });
    assert.equal(br.headers.get("content-encoding"), "br");
    assert.match(br.headers.get("vary") ?? "", /accept-encoding/i);
    const plainResponse = await fetch(`${server.url}/theme.css`, { headers: { "accept-encoding": "identity" } });
    assert.equal(plainResponse.headers.get("content-encoding"), null);
    assert.equal(await br.text(), await plainResponse.text());
  });

  test("a bad version query is refused with 422, as other malformed queries are", async () => {
    const response = await fetch(`${server.url}/theme.css?v=${"a".repeat(200)}`);
    assert.equal(response.status, 422);
    assert.doesNotMatch(await response.text(), /\/tmp|\/home|\/work/);
  });
});

describe("themes: at launch, as Gradio 6 takes them", () => {
  test("launch({ theme, css, head }) wins over the Blocks options", async () => {
    const demo = new gr.Blocks(
      { theme: "soft", css: ".from-blocks {}", head: '<meta name="a" content="b">' },
      () => void new gr.Textbox(),
    );
    const server = await startServer(demo, { theme: new gr.themes.Ocean(), css: ".from-launch {}" });
    try {
      const config = (await (await fetch(`${server.url}/config`)).json()) as Record<string, unknown>;
      assert.deepEqual(
        [config.theme, config.css, config.head],
        ["ocean", ".from-launch {}", '<meta name="a" content="b">'],
      );
      assert.match(await (await fetch(`${server.url}/theme.css`)).text(), /--name: ocean;/);
      assert.equal(await (await fetch(`${server.url}/custom.css`)).text(), ".from-launch {}");
    } finally {
      await server.close();
    }
  });

  test("an unknown theme name at launch is refused", async () => {
    assert.match(
      await launchFails({}, { theme: "dracula" as gr.themes.ThemeName }),
      /"dracula" is not a built-in theme/,
    );
  });
});

describe("themes: refusals at start", () => {
  test("cssPaths outside the folders the file policy allows, a dot-file, a blocked path, or no file", async () => {
    assert.match(
      await launchFails({ cssPaths: "/etc/hostname" }),
      /cssPaths: cannot read "\/etc\/hostname": the file access policy refuses it \(outside\)/,
    );
    assert.match(await launchFails({ cssPaths: ".gitignore" }), /refuses it \(dot-file\)/);
    const extra = path.join(dir, "extra.css");
    assert.match(await launchFails({ cssPaths: extra }, { blockedPaths: [dir] }), /refuses it \(blocked\)/);
    assert.match(
      await launchFails({ headPaths: path.join(dir, "missing.html") }),
      /headPaths: cannot read .*there is no such file/,
    );
  });

  test("head: inline scripts, handlers, other origins and unsupported elements", async () => {
    assert.match(await launchFails({ head: "<script>alert(1)</script>" }), /inline <script> cannot be used.*jsModule/);
    assert.match(
      await launchFails({ head: '<script src="https://cdn.example.com/x.js"></script>' }),
      /<script src="https:\/\/cdn\.example\.com\/x\.js"> cannot be used/,
    );
    assert.match(await launchFails({ head: '<script src="//cdn.example.com/x.js"></script>' }), /cannot be used/);
    assert.match(
      await launchFails({ head: '<link rel="stylesheet" href="https://fonts.googleapis.com/css2">' }),
      /loads nothing from other origins/,
    );
    assert.match(await launchFails({ head: '<meta name="x" content="y" onload="alert(1)">' }), /event handler onload=/);
    assert.match(
      await launchFails({ head: '<meta http-equiv="refresh" content="0;url=https://example.com">' }),
      /may not carry a http-equiv= attribute/,
    );
    assert.match(await launchFails({ head: "<iframe src=x></iframe>" }), /<iframe> is not supported/);
    assert.match(await launchFails({ head: "<base href=https://example.com/>" }), /<base> is not supported/);
  });
});
