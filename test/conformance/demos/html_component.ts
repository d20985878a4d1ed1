// Port of Gradio's demo/html_component: a paragraph of HTML with emphasis and a link.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

const HTML =
  "<p style='margin-top: 1rem, margin-bottom: 1rem'>This <em>example</em> was <strong>written</strong> in " +
  "<a href='https://en.wikipedia.org/wiki/HTML' _target='blank'>HTML</a> </p>";

export default defineDemo({
  name: "html_component",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    gr.HTML(value="<p style='margin-top: 1rem, margin-bottom: 1rem'>This <em>example</em> was <strong>written</strong> in <a href='https://en.wikipedia.org/wiki/HTML' _target='blank'>HTML</a> </p>")
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.HTML({ value: HTML });
    }),
  browser: async (page) => {
    const link = page.getByRole("link", { name: "HTML" });
    await link.waitFor();
    return {
      text: (await page.locator("p", { hasText: "This example was written in" }).innerText()).trim(),
      href: await link.getAttribute("href"),
    };
  },
});
