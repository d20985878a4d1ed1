/**
 * One ported demo of the conformance suite: a demo from gradio-app/gradio's `demo/` folder, written
 * twice here (never copied): as a gradio-ts app and as a Python Gradio twin. The suite runs both and
 * compares what a user of Gradio meets: the components and endpoints, the answers through the official
 * `gradio_client`, and what the browser shows after one interaction.
 */
import type * as gr from "gradio-ts";
import type { Page } from "playwright-core";

/** A file argument: a file of `test/conformance/media/`, sent with `handle_file`. */
export interface MediaFile {
  $file: string;
}

export type CallArg = null | boolean | number | string | MediaFile | CallArg[] | { [key: string]: CallArg };

export interface DemoCall {
  /** The endpoint, as `gradio_client` names it (`"/greet"`). */
  api: string;
  args: CallArg[];
  /** Applied to both answers before they are compared, to keep only what is deterministic. */
  normalize?: (answer: unknown) => unknown;
}

export interface Demo {
  /** The demo's folder name in Gradio's `demo/`: the credit, and the twin's mount path. */
  name: string;
  /** The Python twin: a script building `demo` (no `launch()`; it is mounted by the suite's host). */
  python: string;
  /** The port. */
  app: () => gr.Blocks;
  /** Calls made through `gradio_client` on both servers; their answers must be equal. */
  calls?: DemoCall[];
  /**
   * One interaction, run in Chromium on both pages; what it returns (the visible result) must be
   * equal. Use locators both apps share: `getByLabel`, `getByRole`, visible text.
   */
  browser?: (page: Page) => Promise<unknown>;
  /** Why the demo cannot pass yet: its tests are reported as "todo" with this reason. */
  knownGap?: string;
}

export function defineDemo(demo: Demo): Demo {
  return demo;
}

export const media = (name: string): MediaFile => ({ $file: name });
