/**
 * Hidden script links in content, rendered by the real page in headless Chromium: the light Markdown
 * renderer, the full one (marked + DOMPurify), an HTML component and a chat message. No element may
 * carry a URL attribute that the browser would read as `javascript:`, `vbscript:` or `data:text/html`.
 */
import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser, Page } from "playwright-core";
import { browserSuite, onPage } from "../frontend/e2e/harness.js";

let browser: Browser;
let url = "";
const start = browserSuite((launched) => (browser = launched));

/** No `&…;` and no tag: these stay with the light renderer. */
const LIGHT = [
  "[l1](\u0001javascript:alert(1))",
  "[l2](\u001fjavascript:alert(1))",
  "[l3](JaVaScRiPt:alert(1))",
  "[l4](vbscript:msgbox(1))",
  "[l5](\u0001data:text/html,boom)",
  "![l6](\u0001javascript:alert(1))",
  "[light-ok](https://example.com/light)",
].join("\n\n");

/** Character references and raw HTML: these go to the full renderer. */
const FULL = [
  "[f1](&#0001;javascript:alert(1))",
  "[f2](&#x6A;avascript:alert(1))",
  "[f3](&#106avascript:alert(1))",
  "[f4](javascript&colon;alert(1))",
  '<a href="&#1;javascript:alert(1)">f5</a>',
  '<a href="java&#9;script:alert(1)">f6</a>',
  '<a href="java&Tab;script:alert(1)">f7</a>',
  '<a href=" &#x0A;JaVaScRiPt:alert(1)">f8</a>',
  '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">f9</a>',
  '<form action="&#1;javascript:alert(1)"><button formaction="javascript:alert(1)">f10</button></form>',
  '<svg><a xlink:href="&#1;javascript:alert(1)"><text>f11</text></a></svg>',
  '<iframe src="&#1;javascript:alert(1)"></iframe>',
  "[full-ok](https://example.com/full)",
].join("\n\n");

const HTML = `${FULL.split("\n\n")
  .filter((line) => line.startsWith("<"))
  .join("")}<a href="https://example.com/html">html-ok</a>`;

before(async () => {
  const demo = new gr.Blocks({}, () => {
    new gr.Markdown(LIGHT);
    new gr.Markdown(FULL);
    new gr.HTML(HTML);
    const chat = new gr.Chatbot({ label: "Chat" });
    new gr.Button("Show chat").click({
      fn: () => [
        { role: "user", content: LIGHT },
        { role: "assistant", content: `${FULL}\n\n[chat-ok](https://example.com/chat)` },
      ],
      inputs: [],
      outputs: [chat],
    });
  });
  url = await start(demo);
});

/** Every URL attribute in the document that a browser would read as a script or an HTML page. */
function dangerousUrls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const names = ["href", "src", "action", "formaction", "poster", "xlink:href", "cite", "background"];
    const dangerous = /^(javascript:|vbscript:|data:text\/html)/i;
    const found: string[] = [];
    for (const element of document.querySelectorAll("*")) {
      for (const attribute of element.attributes) {
        if (!names.includes(attribute.name.toLowerCase())) continue;
        const asRead = attribute.value.replace(/^[\u0000-\u0020]+/, "").replace(/[\t\n\r]/g, "");
        if (dangerous.test(asRead))
          found.push(`${element.tagName} ${attribute.name}=${JSON.stringify(attribute.value)}`);
      }
      // What an anchor would really navigate to, as the browser resolved it.
      if (
        element instanceof HTMLAnchorElement &&
        element.hasAttribute("href") &&
        /^(javascript|vbscript|data):$/.test(element.protocol)
      ) {
        found.push(`A resolves to ${element.protocol}`);
      }
    }
    return found;
  });
}

test("hidden javascript:, vbscript: and data:text/html links never reach the DOM of any renderer", async (t) => {
  await onPage(
    t,
    browser,
    url,
    async (page) => {
      for (const name of ["light-ok", "full-ok", "html-ok"]) await page.getByRole("link", { name }).first().waitFor();
      await page.getByRole("button", { name: "Show chat" }).click();
      await page.getByRole("link", { name: "chat-ok" }).waitFor();
      assert.deepEqual(await dangerousUrls(page), []);
      // The safe links are still links, and nothing ran.
      assert.equal(
        await page.getByRole("link", { name: "light-ok" }).first().getAttribute("href"),
        "https://example.com/light",
      );
      assert.equal(
        await page.getByRole("link", { name: "full-ok" }).first().getAttribute("href"),
        "https://example.com/full",
      );
      assert.equal(await page.evaluate(() => (window as { alerted?: boolean }).alerted), undefined);
    },
    // Hostile markup parsed in DOMPurify's inert document may report a refused frame or form target.
    { allowViolation: ({ directive }) => directive === "frame-src" || directive === "form-action" },
  );
});
