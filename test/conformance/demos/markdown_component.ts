// Port of Gradio's demo/markdown_component: Markdown with emphasis, a link, and raw HTML whose handler is dropped.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

const TEXT =
  "This _example_ was **written** in [Markdown](https://en.wikipedia.org/wiki/Markdown)\n" +
  " <a onclick='stoof' href='https://en.wikipedia.org/wiki/Markdown'>Markdown</a>";

export default defineDemo({
  name: "markdown_component",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gr.Markdown(
        value="This _example_ was **written** in [Markdown](https://en.wikipedia.org/wiki/Markdown)\\n <a onclick='stoof' href='https://en.wikipedia.org/wiki/Markdown'>Markdown</a>"
    )
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.Markdown({ value: TEXT });
    }),
  browser: async (page) => {
    const links = page.getByRole("link", { name: "Markdown" });
    await links.first().waitFor();
    return {
      emphasis: await page.locator("em", { hasText: "example" }).count(),
      strong: await page.locator("strong", { hasText: "written" }).count(),
      links: await links.count(),
      onclick: await page.locator("a[onclick]").count(),
    };
  },
});
