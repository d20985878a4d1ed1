/**
 * The browser app end to end, for gr.Blocks apps: layouts, every core component, gr.update, chained
 * events, State, load events, sanitized Markdown/HTML, and the page's Content-Security-Policy.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as gr from "gradio-ts";
import type { Browser } from "playwright-core";
import { ensureFrontendBuilt, launchBrowser, onPage, serve } from "../frontend/e2e/harness.js";

let browser: Browser;
let app: { url: string; close: () => Promise<void> };

before(async () => {
  await ensureFrontendBuilt();
  browser = await launchBrowser();
  const demo = new gr.Blocks({ title: "Blocks demo" }, (blocks) => {
    new gr.Markdown(
      '# Blocks demo\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<b>bold</b><img src=x onerror="window.pwned=1"><script>window.pwned=2</script>',
    );
    let name!: gr.Textbox, greeting!: gr.Textbox, length!: gr.Number, visits!: gr.Number;
    gr.Tabs(() => {
      gr.Tab("Greet", () => {
        gr.Row(() => {
          name = new gr.Textbox({ label: "Name", info: "Who to greet", placeholder: "Ada" });
          greeting = new gr.Textbox({ label: "Greeting" });
        });
        length = new gr.Number({ label: "Length" });
        const greet = new gr.Button({ value: "Greet", variant: "primary" });
        greet
          .click({ fn: (n: string) => `Hi ${n}`, inputs: [name], outputs: [greeting] })
          .then({ fn: (g: string) => g.length, inputs: [greeting], outputs: [length] });
        const rename = new gr.Button("Rename");
        rename.click({
          fn: () => gr.update({ label: "Your name", value: "Grace", placeholder: "changed" }),
          outputs: [name],
        });
        const hide = new gr.Button("Hide greeting");
        hide.click({ fn: () => gr.update({ visible: false }), outputs: [greeting] });
      });
      gr.Tab("Choices", () => {
        const dropdown = new gr.Dropdown({ label: "Fruit", choices: ["apple", "pear", "plum"], value: "pear" });
        const many = new gr.Dropdown({
          label: "Colours",
          choices: ["red", "green", "blue"],
          multiselect: true,
          value: ["red"],
        });
        const radio = new gr.Radio({
          label: "Size",
          choices: [
            ["Small", "s"],
            ["Large", "l"],
          ],
          value: "s",
        });
        const group = new gr.CheckboxGroup({ label: "Extras", choices: ["nuts", "cream"] });
        const check = new gr.Checkbox({ label: "Gift wrap" });
        const summary = new gr.JSON({ label: "Order" });
        const scores = new gr.Label({ label: "Scores" });
        for (const input of [dropdown, many, radio, group, check]) {
          input.change({
            fn: (...values: unknown[]) => {
              const [fruit, colours, size, extras, gift] = values;
              return { fruit, colours, size, extras, gift };
            },
            inputs: [dropdown, many, radio, group, check],
            outputs: [summary],
          });
        }
        radio.change({
          fn: (...values: unknown[]) => (values[0] === "l" ? { large: 0.9, small: 0.1 } : { small: 0.8, large: 0.2 }),
          inputs: [radio],
          outputs: [scores],
        });
      });
    });
    gr.Accordion("More", { open: false }, () => {
      new gr.HTML('<p id="from-html">Hello <em>HTML</em></p><img src=x onerror="window.pwned=3">');
    });
    gr.Group(() => {
      const counter = new gr.State(0);
      visits = new gr.Number({ label: "Clicks in this session" });
      new gr.Button({ value: "Count", size: "sm" }).click({
        fn: (count: number) => [count + 1, count + 1],
        inputs: [counter],
        outputs: [counter, visits],
      });
    });
    const loaded = new gr.Textbox({ label: "Loaded" });
    blocks.load({ fn: () => "page loaded", outputs: [loaded] });
  });
  app = await serve(demo);
});

after(async () => {
  await browser?.close();
  await app?.close();
});

test("renders tabs, rows, accordion and group; the load event runs", async (t) => {
  await onPage(t, browser, app.url, async (page) => {
    await page.getByRole("heading", { name: "Blocks demo" }).waitFor();
    assert.equal(await page.getByRole("tab").count(), 2);
    assert.equal(await page.getByRole("tab", { name: "Greet" }).getAttribute("aria-selected"), "true");
    assert.equal(await page.getByText("Who to greet").count(), 1);
    assert.equal(await page.getByLabel("Name").getAttribute("placeholder"), "Ada");
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLInputElement>(
          "#gts-" + [...document.querySelectorAll("label")].find((l) => l.textContent === "Loaded")?.htmlFor.slice(4),
        )?.value === "page loaded",
    );
    // keyboard: arrow keys move between tabs
    await page.getByRole("tab", { name: "Greet" }).focus();
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.getByRole("tab", { name: "Choices" }).getAttribute("aria-selected"), "true");
    await page.getByLabel("Fruit").waitFor();
    // the accordion starts closed
    assert.equal(await page.locator("#from-html").isVisible(), false);
    await page.getByText("More", { exact: true }).click();
    await page.locator("#from-html").waitFor();
  });
});

test("a click runs the fn, its .then() follows, and gr.update changes props and visibility", async (t) => {
  await onPage(t, browser, app.url, async (page) => {
    await page.getByLabel("Name").fill("Ada");
    await page.getByRole("button", { name: "Greet", exact: true }).click();
    await page.waitForFunction(() => [...document.querySelectorAll("input")].some((input) => input.value === "Hi Ada"));
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('input[type="number"]')?.value === "6");
    await page.getByRole("button", { name: "Rename" }).click();
    await page.getByLabel("Your name").waitFor();
    assert.equal(await page.getByLabel("Your name").inputValue(), "Grace");
    assert.equal(await page.getByLabel("Your name").getAttribute("placeholder"), "changed");
    await page.getByRole("button", { name: "Hide greeting" }).click();
    await page.getByLabel("Greeting").waitFor({ state: "detached" });
  });
});

test("choice components send their values; JSON and Label show the results", async (t) => {
  await onPage(t, browser, app.url, async (page) => {
    await page.getByRole("tab", { name: "Choices" }).click();
    await page.getByLabel("Fruit").selectOption({ label: "plum" });
    await page.getByLabel("Colours").selectOption({ label: "blue" });
    await page.getByRole("radio", { name: "Large" }).check();
    await page.getByRole("checkbox", { name: "cream" }).check();
    await page.getByRole("checkbox", { name: "Gift wrap" }).check();
    await page.waitForFunction(() => {
      const text = document.querySelector("pre.json")?.textContent ?? "";
      return text.includes('"gift": true') && text.includes('"cream"') && text.includes('"l"');
    });
    const order = JSON.parse((await page.locator("pre.json").textContent()) ?? "null");
    assert.deepEqual(order, { fruit: "plum", colours: ["red", "blue"], size: "l", extras: ["cream"], gift: true });
    await page.getByRole("button", { name: "Remove red" }).click();
    await page.waitForFunction(() => !(document.querySelector("pre.json")?.textContent ?? "").includes('"red"'));
    await page.locator(".label-top").filter({ hasText: "large" }).waitFor();
    assert.equal(await page.getByRole("meter", { name: "large" }).getAttribute("aria-valuenow"), "90");
  });
});

test("State is kept per page session", async (t) => {
  await onPage(t, browser, app.url, async (page) => {
    const count = page.getByRole("button", { name: "Count" });
    const clicks = page.getByLabel("Clicks in this session");
    await count.click();
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLInputElement>('input[type="number"]')].some((i) => i.value === "1"),
    );
    await count.click();
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLInputElement>('input[type="number"]')].some((i) => i.value === "2"),
    );
    assert.equal(await clicks.inputValue(), "2");
  });
});

test("Markdown and HTML are sanitized: no hostile attribute reaches the page, no script runs", async (t) => {
  await onPage(t, browser, app.url, async (page) => {
    await page.getByRole("table").first().waitFor();
    assert.equal(await page.locator(".prose b").textContent(), "bold");
    await page.getByText("More", { exact: true }).click();
    await page.locator("#from-html em").waitFor();
    assert.equal(await page.locator("[onerror]").count(), 0);
    assert.equal(await page.locator(".prose script, .html script").count(), 0);
    assert.equal(await page.evaluate(() => (window as { pwned?: number }).pwned), undefined);
  });
});

test("the page needs no inline script, eval or inline style (served here under a stricter CSP than the server's)", async (t) => {
  await onPage(t, browser, app.url, async (page) => {
    const response = await page.reload();
    assert.match((await response?.headerValue("content-security-policy")) ?? "", /style-src 'self';/);
    await page.getByLabel("Name").fill("Ada");
    await page.getByRole("button", { name: "Greet", exact: true }).click();
    await page.waitForFunction(() => [...document.querySelectorAll("input")].some((input) => input.value === "Hi Ada"));
    await page.getByRole("tab", { name: "Choices" }).click();
    await page.getByRole("radio", { name: "Large" }).check();
    await page.getByRole("meter", { name: "large" }).waitFor();
    await page.getByRole("button", { name: "Use via API" }).click();
    await page.getByRole("dialog").getByRole("heading", { name: /^\// }).first().waitFor();
  });
});

test("every form control has an accessible name, and the app works from the keyboard", async (t) => {
  await onPage(t, browser, app.url, async (page) => {
    await page.getByLabel("Name").waitFor();
    for (const tab of ["Greet", "Choices"]) {
      await page.getByRole("tab", { name: tab }).click();
      const unnamed = await page.evaluate(() =>
        [
          ...document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
            "main input, main select, main textarea",
          ),
        ]
          .filter(
            (control) =>
              control.labels?.length === 0 &&
              !control.getAttribute("aria-label") &&
              !control.getAttribute("aria-labelledby"),
          )
          .map((control) => control.outerHTML),
      );
      assert.deepEqual(unnamed, [], `controls without a label on tab ${tab}`);
    }
    await page.getByRole("tab", { name: "Greet" }).click();
    await page.getByLabel("Name").focus();
    await page.keyboard.type("Kay");
    // Tab past the output and number boxes to the Greet button, then press Enter.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press("Tab");
      if ((await page.evaluate(() => document.activeElement?.textContent)) === "Greet") break;
    }
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => [...document.querySelectorAll("input")].some((input) => input.value === "Hi Kay"));
  });
});
