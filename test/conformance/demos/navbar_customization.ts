// Port of Gradio's demo/navbar_customization: a Navbar with an extra link and its own main page name,
// hidden and shown again by events, and a second page. The browser step leaves out "Hide Navbar": in
// Gradio 6.31 the bar stays on screen after it (here it hides), so the pages would differ there.
import * as gr from "gradio-ts";
import { defineDemo } from "../demo.js";
import { until } from "../until.js";

export default defineDemo({
  name: "navbar_customization",
  python: `
import gradio as gr

with gr.Blocks(title="Navbar Demo") as demo:
    navbar = gr.Navbar(value=[("About Me", "https://x.com/abidlabs")], visible=True, main_page_name="Dashboard")
    gr.Markdown("# Dashboard Page")
    hide_btn = gr.Button("Hide Navbar")
    hide_btn.click(fn=lambda : gr.Navbar(visible=False), outputs=navbar)
    show_btn = gr.Button("Show Navbar")
    show_btn.click(fn=lambda : gr.Navbar(visible=True, main_page_name="Dashboard is Back!"), outputs=navbar)

with demo.route("Settings", "/settings"):
    gr.Markdown("# Settings Page")
`,
  app: () => {
    const demo = new gr.Blocks({ title: "Navbar Demo" }, () => {
      const navbar = new gr.Navbar({ value: [["About Me", "https://x.com/abidlabs"]], mainPageName: "Dashboard" });
      new gr.Markdown("# Dashboard Page");
      new gr.Button("Hide Navbar").click({ fn: () => gr.update({ visible: false }), outputs: navbar });
      new gr.Button("Show Navbar").click({
        fn: () => gr.update({ visible: true, main_page_name: "Dashboard is Back!" }),
        outputs: navbar,
      });
    });
    demo.route("Settings", "/settings", () => void new gr.Markdown("# Settings Page"));
    return demo;
  },
  browser: async (page) => {
    const link = (name: string) => page.getByRole("link", { name, exact: true });
    const shown = [await until(() => link("About Me").count(), (n) => n > 0), await link("Settings").count()];
    await page.getByRole("button", { name: "Show Navbar" }).click();
    const back = await until(() => link("Dashboard is Back!").isVisible(), (visible) => visible);
    return { shown, back };
  },
});
