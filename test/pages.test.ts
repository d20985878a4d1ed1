// Multipage apps (demo.route), gr.Navbar and gr.I18n: what /config, /gradio_api/info and each page's
// path answer, the refusals, and the same app compared with Python Gradio 6.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Client } from "@gradio/client";
import * as gr from "gradio-ts";
import { pythonWithGradio6, startPythonGradioApp, type PythonGradioApp } from "./api-python.js";
import { startServer, type TestServer } from "./helpers/server.js";

type Json = Record<string, unknown>;
interface Layout {
  id: number;
  children?: Layout[];
}

const PYTHON_APP = `
import gradio as gr, sys
i18n = gr.I18n(en={"greet": "Hello", "go": "Go"}, fr={"greet": "Bonjour", "go": "Aller"})
with gr.Blocks() as demo:
    gr.Navbar(visible=True, main_page_name="Start", value=[("Docs", "https://example.com/docs")])
    name = gr.Textbox(label=i18n("greet"))
    gr.Button(i18n("go")).click(lambda s: s.upper(), name, name, api_name="shout")
with demo.route("Settings", "/settings"):
    n = gr.Number(label="N")
    gr.Button("Inc").click(lambda x: x + 1, n, n, api_name="inc")
with demo.route("Über uns", show_in_navbar=False):
    gr.Markdown("about")
demo.queue().launch(server_name="127.0.0.1", server_port=int(sys.argv[1]), i18n=i18n)
`;

const i18n = gr.I18n({ en: { greet: "Hello", go: "Go" }, fr: { greet: "Bonjour", go: "Aller" } });

function tsApp(): gr.Blocks {
  const demo = new gr.Blocks({}, () => {
    new gr.Navbar({ mainPageName: "Start", value: [["Docs", "https://example.com/docs"]] });
    const name = new gr.Textbox({ label: i18n("greet") });
    new gr.Button(i18n("go")).click({
      fn: (s: string) => s.toUpperCase(),
      inputs: [name],
      outputs: [name],
      apiName: "shout",
    });
  });
  demo.route("Settings", "/settings", () => {
    const n = new gr.Number({ label: "N" });
    new gr.Button("Inc").click({ fn: (x: number) => x + 1, inputs: [n], outputs: [n], apiName: "inc" });
  });
  demo.route("Über uns", { showInNavbar: false }, () => void new gr.Markdown("about"));
  return demo;
}

async function json(url: string): Promise<Json> {
  const response = await fetch(url);
  assert.equal(response.status, 200, url);
  return (await response.json()) as Json;
}

/** Each page as the types of its blocks, its layout as types (Gradio's "form" wrappers left out) and its api names. */
function pagesShape(config: Json): Json {
  const components = config.components as Json[];
  const typeOf = new Map(components.map((c) => [c.id as number, c.type as string]));
  const deps = new Map((config.dependencies as Json[]).map((d) => [d.id as number, d.api_name]));
  const shape = (node: Layout): unknown => {
    const kids = (node.children ?? []).flatMap((k) => (typeOf.get(k.id) === "form" ? (k.children ?? []) : [k]));
    return node.children ? { type: typeOf.get(node.id) ?? "root", children: kids.map(shape) } : typeOf.get(node.id);
  };
  return Object.fromEntries(
    Object.entries(config.page as Record<string, Json>).map(([path, page]) => [
      path,
      {
        layout: shape(page.layout as Layout),
        components: (page.components as number[]).map((id) => typeOf.get(id)).filter((type) => type !== "form"),
        dependencies: (page.dependencies as number[]).map((id) => deps.get(id)),
      },
    ]),
  );
}

const propsOf = (config: Json, type: string) =>
  (config.components as Json[]).find((c) => c.type === type)!.props as Json;

describe("multipage apps, Navbar and I18n", () => {
  let ours: TestServer;
  let url = "";

  before(async () => {
    ours = await startServer(tsApp(), { i18n });
    url = ours.url.replace(/\/$/, "");
  });
  after(async () => ours?.close());

  test("the config lists the pages and each page's layout, blocks and events", async () => {
    const config = await json(`${url}/config`);
    assert.deepEqual(config.pages, [
      ["", "Home", true],
      ["settings", "Settings", true],
      ["uber-uns", "Über uns", false],
    ]);
    assert.deepEqual(pagesShape(config), {
      "": {
        layout: { type: "root", children: ["navbar", "textbox", "button"] },
        components: ["navbar", "textbox", "button"],
        dependencies: ["shout"],
      },
      settings: {
        layout: { type: "root", children: ["number", "button"] },
        components: ["number", "button"],
        dependencies: ["inc"],
      },
      "uber-uns": { layout: { type: "root", children: ["markdown"] }, components: ["markdown"], dependencies: [] },
    });
    // The whole app's layout still holds every page, in order.
    assert.equal((config.layout as Layout).children!.length, 6);
  });

  test("the Navbar's props and the translations reach the config", async () => {
    const config = await json(`${url}/config`);
    const navbar = propsOf(config, "navbar");
    assert.deepEqual(navbar.value, [["Docs", "https://example.com/docs"]]);
    assert.equal(navbar.main_page_name, "Start");
    assert.equal(navbar.visible, true);
    assert.deepEqual(config.i18n_translations, i18n.translations);
    assert.equal(propsOf(config, "textbox").label, '__i18n__{"__type__": "translation_metadata", "key": "greet"}');
  });

  test("a translated label is the key's metadata in the API description", async () => {
    const info = await json(`${url}/gradio_api/info`);
    const shout = (info.named_endpoints as Record<string, { parameters: Json[] }>)["/shout"]!;
    assert.deepEqual(shout.parameters[0]!.label, { key: "greet", _type: "translation_metadata" });
  });

  test("every page is served at its path; other paths are not found", async () => {
    for (const path of ["/settings", "/uber-uns"]) {
      const response = await fetch(`${url}${path}`);
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get("content-type") ?? "", /text\/html/);
    }
    const missing = await fetch(`${url}/nowhere`);
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { detail: "Not Found" });
    // A page's path never shadows the app's own routes.
    assert.equal((await fetch(`${url}/config`)).headers.get("content-type")?.includes("json"), true);
  });

  test("the events of every page run through the one API", async () => {
    const client = await Client.connect(`${url}/`);
    assert.deepEqual((await client.predict("/inc", [41])).data, [42]);
    assert.deepEqual((await client.predict("/shout", ["hi"])).data, ["HI"]);
  });
});

describe("multipage refusals", () => {
  const build = () => new gr.Blocks({}, () => void new gr.Textbox());

  test("a path of the app's own routes or with bad characters is refused when the page is added", () => {
    assert.throws(() => build().route("C", "/config", () => {}), /"\/config" is already taken/);
    assert.throws(() => build().route("A", "/gradio_api", () => {}), /already taken/);
    assert.throws(() => build().route("S", "/a/b", () => {}), /not one URL segment/);
    assert.throws(() => build().route("S", "/a b", () => {}), /not one URL segment/);
    const twice = build().route("S", "/s", () => {});
    assert.throws(() => twice.route("T", "/s", () => {}), /already taken/);
    assert.throws(() => build().route("   ", () => {}), /needs a page name/);
    assert.throws(() => build().route("!!!", () => {}), /no path can be made/);
  });

  test("a name whose slug is taken moves aside, as in Gradio", () => {
    const demo = build()
      .route("Config", () => {})
      .route("Config", () => {});
    assert.deepEqual(
      demo.pages.map(([path]) => path),
      ["", "_config", "__config"],
    );
  });

  test("a page at a path the server answers is refused at launch", async () => {
    const demo = build().route("CSS", "/custom.css", () => {});
    await assert.rejects(startServer(demo), /cannot be served at "\/custom.css"/);
  });

  test("route() inside the Blocks callback is refused", () => {
    assert.throws(() => new gr.Blocks({}, (demo) => void demo.route("X", () => {})), /after the Blocks callback/);
  });

  test("two Navbars on one page are refused at launch; one per page is fine", async () => {
    const twoOnHome = new gr.Blocks({}, () => void [new gr.Navbar(), new gr.Navbar()]);
    await assert.rejects(startServer(twoOnHome), /"Home" has more than one gr.Navbar/);
    const onePerPage = new gr.Blocks({}, () => void new gr.Navbar());
    onePerPage.route("Two", () => void new gr.Navbar({ visible: false }));
    const server = await startServer(onePerPage);
    await server.close();
    onePerPage.route("Three", () => void [new gr.Navbar(), new gr.Navbar()]);
    await assert.rejects(startServer(onePerPage), /"Three" has more than one/);
  });

  test("bad Navbar values and bad translations are refused with a message", () => {
    assert.throws(() => new gr.Navbar({ value: [["only a name"]] as unknown as gr.NavbarLink[] }), /\[name, path\]/);
    assert.throws(() => new gr.Navbar({ mainPageName: 3 as unknown as string }), /mainPageName/);
    assert.throws(() => gr.I18n({ en_US: { a: "b" } }), /"en_US" is not a locale code/);
    assert.throws(() => gr.I18n({ en: { a: 1 as unknown as string } }), /must be a string/);
    assert.throws(() => gr.I18n({ en: [] as unknown as Record<string, string> }), /must be an object/);
  });

  test("launch({ i18n }) with a plain object is refused", async () => {
    const plain = { en: { a: "b" } } as unknown as gr.I18n;
    await assert.rejects(startServer(build(), { i18n: plain }), /takes gr.I18n/);
  });
});

describe("multipage apps, compared with Python Gradio 6", () => {
  let python: string | null = null;
  let twin: PythonGradioApp | null = null;
  let ours: TestServer;

  before(async () => {
    ours = await startServer(tsApp(), { i18n });
    python = await pythonWithGradio6();
    if (python) twin = await startPythonGradioApp(python, PYTHON_APP);
  });
  after(async () => {
    twin?.close();
    await ours?.close();
  });

  test("pages, page map, Navbar props, i18n labels and translations", { timeout: 90_000 }, async (t) => {
    if (!twin) return t.skip("*** Python Gradio 6 is unavailable: the multipage differential test did not run ***");
    const theirs = await json(`${twin.url.replace(/\/$/, "")}/config`);
    const mine = await json(`${ours.url.replace(/\/$/, "")}/config`);
    assert.deepEqual(mine.pages, theirs.pages);
    assert.deepEqual(pagesShape(mine), pagesShape(theirs));
    assert.deepEqual(mine.i18n_translations, theirs.i18n_translations);
    const [myNavbar, theirNavbar] = [propsOf(mine, "navbar"), propsOf(theirs, "navbar")];
    for (const prop of ["value", "visible", "main_page_name", "elem_classes", "name"])
      assert.deepEqual(myNavbar[prop], theirNavbar[prop], `navbar.${prop}`);
    assert.equal(propsOf(mine, "textbox").label, propsOf(theirs, "textbox").label);
    assert.equal(propsOf(mine, "button").value, propsOf(theirs, "button").value);
    const navbarEntry = (config: Json) => {
      const {
        id: _id,
        props: _props,
        component_class_id: _class,
        ...rest
      } = (config.components as Json[]).find((c) => c.type === "navbar")!;
      return rest;
    };
    assert.deepEqual(navbarEntry(mine), navbarEntry(theirs));
  });

  test("the API description and what each page's path answers", { timeout: 60_000 }, async (t) => {
    if (!twin) return t.skip("*** Python Gradio 6 is unavailable: the multipage differential test did not run ***");
    const [theirUrl, myUrl] = [twin.url.replace(/\/$/, ""), ours.url.replace(/\/$/, "")];
    const labels = (info: Json) =>
      Object.fromEntries(
        Object.entries(info.named_endpoints as Record<string, { parameters: Json[]; returns: Json[] }>).map(
          ([name, endpoint]) => [name, [...endpoint.parameters, ...endpoint.returns].map((p) => p.label)],
        ),
      );
    assert.deepEqual(labels(await json(`${myUrl}/gradio_api/info`)), labels(await json(`${theirUrl}/gradio_api/info`)));
    for (const path of ["/settings", "/uber-uns", "/nowhere"]) {
      const [their, my] = await Promise.all([fetch(`${theirUrl}${path}`), fetch(`${myUrl}${path}`)]);
      assert.equal(my.status, their.status, path);
      await Promise.all([their.arrayBuffer(), my.arrayBuffer()]);
    }
  });
});
