/** gr.HTML templates: the subset filled without running code, refusals at construction, the config wire. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as gr from "gradio-ts";
import { fillTemplate, parseTemplate } from "../src/protocol/html-template.js";
import { AppConfigError } from "../src/errors.js";
import { startServer } from "./helpers/server.js";

const fill = (template: string, scope: Record<string, unknown>) => fillTemplate(parseTemplate(template), scope);

describe("the template subset", () => {
  test("${name} inserts as is, {{name}} escapes, fields are followed", () => {
    assert.equal(fill("<b>${value}</b>", { value: "<i>x</i>" }), "<b><i>x</i></b>");
    assert.equal(fill("{{value}}", { value: "<i>x</i>" }), "&#60;i&#62;x&#60;/i&#62;");
    assert.equal(fill("${user.name}!", { user: { name: "Ada" } }), "Ada!");
    assert.equal(fill("[${missing}]", {}), "[]");
    assert.equal(fill("${n}", { n: 3 }), "3");
  });

  test("if/else and each with this and @index", () => {
    assert.equal(fill("{{#if on}}yes{{else}}no{{/if}}", { on: true }), "yes");
    assert.equal(fill("{{#if on}}yes{{else}}no{{/if}}", { on: 0 }), "no");
    assert.equal(
      fill("{{#each items}}<li>{{@index}}:{{this}}</li>{{/each}}", { items: ["a", "<b>"] }),
      "<li>0:a</li><li>1:&#60;b&#62;</li>",
    );
    assert.equal(fill("{{#each rows}}${this.name};{{/each}}", { rows: [{ name: "x" }, { name: "y" }] }), "x;y;");
  });

  test("code is refused with the expression named", () => {
    for (const template of ["${Array.from({length: 5})}", "${value > 3 ? 'a' : 'b'}", "{{#if a}}x", "x{{/each}}"]) {
      assert.throws(() => parseTemplate(template), /not supported|never closed|closes nothing/, template);
    }
    assert.throws(() => parseTemplate("${value.toUpperCase()}"), /\$\{value\.toUpperCase\(\)\} is not supported/);
  });
});

describe("gr.HTML options", () => {
  test("an unsupported template, a jsOnLoad that is code, and unbuilt options are refused at construction", () => {
    assert.throws(
      () => new gr.HTML({ htmlTemplate: "${fetch('/x')}" }),
      (error: unknown) => {
        assert.ok(error instanceof AppConfigError);
        assert.match(error.message, /HTML htmlTemplate: \$\{fetch\('\/x'\)\} is not supported/);
        return true;
      },
    );
    assert.throws(() => new gr.HTML({ cssTemplate: "b { color: ${pick(color)} }" }), /HTML cssTemplate/);
    assert.throws(() => new gr.HTML({ jsOnLoad: "trigger('click')" }), /jsOnLoad must name a function/);
    assert.throws(() => new gr.HTML({ head: "<script></script>" } as never), /"head" is not built yet/);
    assert.throws(() => new gr.HTML().on("bad name", { fn: () => 1 }), AppConfigError);
  });

  test("the config carries Gradio's props, snake_case, and a custom event reaches its listener", async () => {
    const demo = new gr.Blocks({}, () => {
      const stars = new gr.HTML<number>({
        value: 3,
        htmlTemplate: "<b>${value}</b> {{color}}",
        cssTemplate: "b { color: ${color} }",
        jsOnLoad: "starRating",
        props: { color: "red" },
      });
      const out = new gr.Textbox();
      stars.on("submit", { fn: (n: number) => `rated ${n}`, inputs: stars, outputs: out, apiName: "rate" });
    });
    const server = await startServer(demo);
    try {
      const config = (await (await fetch(`${server.url}/config`)).json()) as {
        components: { type: string; props: Record<string, unknown> }[];
        dependencies: { targets: [number, string][] }[];
      };
      const html = config.components.find((c) => c.type === "html")!;
      assert.equal(html.props.value, 3);
      assert.equal(html.props.html_template, "<b>${value}</b> {{color}}");
      assert.equal(html.props.css_template, "b { color: ${color} }");
      assert.equal(html.props.js_on_load, "starRating");
      assert.deepEqual(html.props.props, { color: "red" });
      assert.equal(html.props.apply_default_css, true);
      assert.equal(html.props.component_class_name, "HTML");
      assert.equal(config.dependencies[0]!.targets[0]![1], "submit");
      const started = await fetch(`${server.url}/gradio_api/call/rate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ data: [4] }),
      });
      const { event_id: eventId } = (await started.json()) as { event_id: string };
      const text = await (await fetch(`${server.url}/gradio_api/call/rate/${eventId}`)).text();
      assert.match(text, /rated 4/);
    } finally {
      await server.close();
    }
  });

  test("without a template the value is HTML text, and other input is refused", async () => {
    const demo = new gr.Interface({
      fn: (h: string) => h.length,
      inputs: new gr.HTML(),
      outputs: new gr.Number(),
      apiName: "n",
    });
    const server = await startServer(demo);
    try {
      const bad = await fetch(`${server.url}/gradio_api/call/n`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ data: [{ not: "html" }] }),
      });
      assert.equal(bad.status, 422);
      assert.match(await bad.text(), /expected text/);
    } finally {
      await server.close();
    }
  });
});
