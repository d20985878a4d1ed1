/** The page's own Markdown renderer (frontend/src/markdown.ts): what it renders, and that it cannot emit unsafe HTML. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { needsFullRenderer, renderSimple, safeUrl } from "../frontend/src/markdown.js";

test("renders the common subset", () => {
  const cases: [string, string][] = [
    ["# Title", "<h1>Title</h1>"],
    ["### Small ###", "<h3>Small</h3>"],
    ["Hello **bold** and *it* and _em_ and ~~gone~~", "<p>Hello <strong>bold</strong> and <em>it</em> and <em>em</em> and <del>gone</del></p>"],
    ["snake_case_name stays", "<p>snake_case_name stays</p>"],
    ["a `x < y` b", "<p>a <code>x &#60; y</code> b</p>"],
    ["[site](https://example.com)", '<p><a href="https://example.com" target="_blank" rel="noopener noreferrer">site</a></p>'],
    ["![cat](cat.png)", '<p><img src="cat.png" alt="cat"></p>'],
    ["- one\n- two", "<ul><li>one</li><li>two</li></ul>"],
    ["1. one\n2. two", "<ol><li>one</li><li>two</li></ol>"],
    ["> quoted", "<blockquote><p>quoted</p></blockquote>"],
    ["---", "<hr>"],
    ["```js\nlet a = '<b>';\n```", '<pre><code class="language-js">let a = &#39;&#60;b&#62;&#39;;</code></pre>'],
    ["line one\nline two\n\nnext", "<p>line one\nline two</p>\n<p>next</p>"],
  ];
  for (const [markdown, html] of cases) assert.equal(renderSimple(markdown), html, markdown);
});

test("never produces a script URL or a raw tag", () => {
  assert.equal(renderSimple("[x](javascript:alert(1))"), "<p>[x](javascript:alert(1))</p>");
  assert.equal(renderSimple("![x](data:text/html,boom)"), "<p>![x](data:text/html,boom)</p>");
  assert.equal(renderSimple('[x](https://a.b/"onmouseover="alert(1))'), '<p><a href="https://a.b/&#34;onmouseover=&#34;alert(1" target="_blank" rel="noopener noreferrer">x</a>)</p>');
  assert.equal(safeUrl(" JavaScript:alert(1)"), null);
  assert.equal(safeUrl("mailto:a@b.c"), "mailto:a@b.c");
});

test("hands raw HTML, tables, nested lists and references to the full renderer", () => {
  for (const text of ["a <b>b</b>", "| a | b |\n|---|---|", "- a\n  - b", "[x][1]\n\n[1]: https://e.com", "&copy; 2025"]) assert.ok(needsFullRenderer(text), text);
  for (const text of ["# Title", "Some *text* with `code` and 2 < 3"]) assert.equal(needsFullRenderer(text), false, text);
});
