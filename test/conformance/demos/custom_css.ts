// Port of Gradio's demo/custom_css: Markdown in a column, styled by the app's own stylesheet.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

// A shortened stylesheet in the spirit of the original's custom_css.css (classes and a media query).
const CSS = `
.cool-col { background: linear-gradient(90deg, #fde68a, #fca5a5); padding: 16px; }
.darktest h3 { color: rgb(30, 64, 175); }
@media (max-width: 600px) { .markdown p { color: rgb(220, 38, 38); } }
`;

export default defineDemo({
  name: "custom_css",
  python: `
import gradio as gr

with gr.Blocks() as demo:
    with gr.Column(elem_classes="cool-col"):
        gr.Markdown("### Gradio Demo with Custom CSS", elem_classes="darktest")
        gr.Markdown(
            elem_classes="markdown",
            value="Resize the browser window to see the CSS media query in action.",
        )
`,
  app: () =>
    new gr.Blocks({ css: CSS }, () => {
      gr.Column({ elemClasses: ["cool-col"] }, () => {
        new gr.Markdown({ value: "### Gradio Demo with Custom CSS", elemClasses: ["darktest"] });
        new gr.Markdown({ elemClasses: ["markdown"], value: "Resize the browser window to see the CSS media query in action." });
      });
    }),
  browser: async (page) => {
    const heading = page.getByRole("heading", { name: "Gradio Demo with Custom CSS" });
    await heading.waitFor();
    return [await heading.isVisible(), await page.getByText("Resize the browser window").isVisible()];
  },
});
