/** The page's own Markdown renderer (frontend/src/markdown.ts): what it renders, and that it cannot emit unsafe HTML. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { needsFullRenderer, renderSimple, safeUrl } from "../frontend/src/markdown.js";

test("renders the common subset", () => {
  const cases: [string, string][] = [
    ["# Title", "<h1>Title</h1>"],
    ["### Small ###", "<h3>Small</h3>"],
    [
      "Hello **bold** and *it* and _em_ and ~~gone~~",
      "<p>Hello <strong>bold</strong> and <em>it</em> and <em>em</em> and <del>gone</del></p>",
    ],
    ["snake_case_name stays", "<p>snake_case_name stays</p>"],
    ["a `x < y` b", "<p>a <code>x &#60; y</code> b</p>"],
    [
      "[site](https://example.com)",
      '<p><a href="https://example.com" target="_blank" rel="noopener noreferrer">site</a></p>',
    ],
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
  assert.equal(
    renderSimple('[x](https://a.b/"onmouseover="alert(1))'),
    '<p><a href="https://a.b/&#34;onmouseover=&#34;alert(1" target="_blank" rel="noopener noreferrer">x</a>)</p>',
  );
  assert.equal(safeUrl(" JavaScript:alert(1)"), null);
  assert.equal(safeUrl("mailto:a@b.c"), "mailto:a@b.c");
});

test("hands raw HTML, tables, nested lists and references to the full renderer", () => {
  for (const text of [
    "a <b>b</b>",
    "| a | b |\n|---|---|",
    "- a\n  - b",
    "[x][1]\n\n[1]: https://e.com",
    "&copy; 2025",
  ])
    assert.ok(needsFullRenderer(text), text);
  for (const text of ["# Title", "Some *text* with `code` and 2 < 3"])
    assert.equal(needsFullRenderer(text), false, text);
});

/** A scheme a browser would run or render as a page, after the trimming a URL parser does. */
const DANGEROUS = /^(javascript|vbscript|data:text\/html)/i;
const browserReading = (url: string) => url.replace(/^[\u0000-\u0020]+/, "").replace(/[\t\n\r]/g, "");

const HOSTILE_URLS = [
  "javascript:alert(1)",
  "\u0001javascript:alert(1)",
  "\u0000javascript:alert(1)",
  "\u001fjavascript:alert(1)",
  " \t\njavascript:alert(1)",
  "java\tscript:alert(1)",
  "java\nscript:alert(1)",
  "java\rscript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "&#0001;javascript:alert(1)",
  "&#x6A;avascript:alert(1)",
  "&#106;avascript:alert(1)",
  "&#106avascript:alert(1)",
  "&#0000106;avascript:alert(1)",
  "javascript&colon;alert(1)",
  "java&Tab;script:alert(1)",
  "java&NewLine;script:alert(1)",
  "&amp;#106;avascript:alert(1)",
  "\u200bjavascript:alert(1)",
  "\ufeffjavascript:alert(1)",
  "java\u0000script:alert(1)",
  "vbscript:msgbox(1)",
  "VBScript:msgbox(1)",
  "data:text/html,<script>alert(1)</script>",
  "\u0001data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  "data:image/svg+xml,<svg onload=alert(1)>",
];

test("safeUrl refuses every spelling of a script or HTML URL", () => {
  for (const url of HOSTILE_URLS) {
    assert.equal(safeUrl(url), null, JSON.stringify(url));
    assert.equal(safeUrl(url, { imageData: true }), null, JSON.stringify(url));
  }
});

test("safeUrl keeps web, mail and relative links, normalised the way the browser reads them", () => {
  const cases: [string, string][] = [
    ["https://example.com/a?b=c#d", "https://example.com/a?b=c#d"],
    ["  HTTP://example.com ", "HTTP://example.com"],
    ["\u0001https://example.com", "https://example.com"],
    ["mailto:a@b.c", "mailto:a@b.c"],
    ["#section", "#section"],
    ["docs/page.html", "docs/page.html"],
    ["/gradio_api/file=/tmp/x.png", "/gradio_api/file=/tmp/x.png"],
    ["ht\ttps://example.com", "https://example.com"],
  ];
  for (const [url, expected] of cases) assert.equal(safeUrl(url), expected, JSON.stringify(url));
  assert.equal(safeUrl("data:image/png;base64,iVBORw0KGgo="), null);
  assert.equal(
    safeUrl("data:image/png;base64,iVBORw0KGgo=", { imageData: true }),
    "data:image/png;base64,iVBORw0KGgo=",
  );
});

test("the light renderer emits no dangerous href or src for any of them", () => {
  for (const url of HOSTILE_URLS) {
    for (const markdown of [`[x](${url})`, `![x](${url})`]) {
      const html = renderSimple(markdown);
      for (const [, value] of html.matchAll(/(?:href|src)="([^"]*)"/g)) {
        const decoded = value!.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
        assert.doesNotMatch(browserReading(decoded), DANGEROUS, `${JSON.stringify(markdown)} → ${html}`);
      }
    }
  }
});
