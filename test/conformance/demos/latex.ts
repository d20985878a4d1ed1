// Port of Gradio's demo/latex: Markdown with inline LaTeX between single dollars, and dollars that are prices.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";

const TEXT = String.raw`
# Hello World! $\frac{\sqrt{x + y}}{4}$ is today's lesson

## the $\sqrt{x + y}$ is first

Start with $\frac{\frac{x+1}{x+2}}{x+3}$ then we get $ 2+x $ and $3$.

There are three formulas to know:

the first is $\gamma^2 + \theta^2 = \omega^2$

$\sqrt{x^2+1}$ is next

Integral $\int_{a}^{b} x^2 \,dx$ is last

Start typing below to see the output.

I spent $5 at the grocery store. Then I bought a $2.50 ice cream cone.
`;

export default defineDemo({
  name: "latex",
  python: `
import gradio as gr

TEXT = ${JSON.stringify(TEXT)}

with gr.Blocks() as demo:
    gr.Markdown(TEXT)
`,
  app: () =>
    new gr.Blocks({}, () => {
      new gr.Markdown(TEXT);
    }),
  browser: async (page) => {
    const heading = page.getByRole("heading", { level: 1 });
    await heading.waitFor();
    // Gradio 6's Markdown renders only $$…$$ as LaTeX by default: single dollars stay text.
    return {
      katex: await page.locator(".katex").count(),
      headings: await page.getByRole("heading").count(),
      prices: await page.getByText("I spent $5 at the grocery store.").isVisible(),
    };
  },
});
