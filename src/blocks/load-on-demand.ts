/**
 * `gr.load`, whose module and the client it calls the other app with load at its first call: most
 * apps never call it, and every app would otherwise load both at start.
 */
import type { Blocks } from "./blocks.js";
import type { LoadOptions } from "./load.js";

/** Loads the Gradio app at `url` as a Blocks whose events call it. */
export async function load(url: string, options: LoadOptions = {}): Promise<Blocks> {
  const { load: loadApp } = await import("./load.js");
  return loadApp(url, options);
}
