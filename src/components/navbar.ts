/**
 * How the nav bar of a multipage app looks on the page that holds it (Gradio's `gr.Navbar`): shown or
 * not, the main page's name in it, and extra links. A page has at most one (see Blocks.route).
 */
import type { BlockOptions, Props } from "../blocks/block.js";
import { Component, type JsonSchema } from "./component.js";
import { describeValue, expectString, fail } from "./payload.js";

/** `[name, path]`: a page of this app ("analytics") or any URL ("https://example.com"). */
export type NavbarLink = [name: string, path: string];

/** A Navbar keeps nothing across re-renders (Gradio's has no preserved_by_key). */
export interface NavbarOptions extends Omit<BlockOptions, "preservedByKey"> {
  /** Links added after the app's pages. */
  value?: readonly NavbarLink[] | null;
  /** The main page's name in the bar (default "Home"); `false` leaves it out. */
  mainPageName?: string | false;
}

const MAX_LINKS = 100;

function links(value: unknown): NavbarLink[] {
  if (!Array.isArray(value) || value.length > MAX_LINKS)
    fail(`A Navbar's value must be a list of at most ${MAX_LINKS} [name, path] pairs, not ${describeValue(value)}.`);
  return value.map((link: unknown) => {
    if (!Array.isArray(link) || link.length !== 2)
      fail(`Each Navbar link must be a [name, path] pair, not ${describeValue(link)}.`);
    return [expectString(link[0]), expectString(link[1])];
  });
}

export class Navbar extends Component<NavbarLink[]> {
  readonly type = "navbar";
  readonly navbarOptions: NavbarOptions;

  constructor(options: NavbarOptions = {}) {
    const value = options.value === undefined || options.value === null ? null : links(options.value);
    super({ ...options, value });
    const { mainPageName = "Home" } = options;
    if (mainPageName !== false && typeof mainPageName !== "string")
      fail(`Navbar mainPageName must be a string or false, not ${describeValue(mainPageName)}.`);
    this.navbarOptions = { ...options, mainPageName };
  }

  override props(): Props {
    const { visible, elemId, elemClasses, key } = super.props();
    return {
      visible,
      mainPageName: this.navbarOptions.mainPageName,
      elemId,
      elemClasses,
      key,
      name: this.type,
    };
  }

  apiInfo(): JsonSchema {
    return {};
  }

  exampleInput(): null {
    return null;
  }

  preprocess(payload: unknown): NavbarLink[] | null {
    return payload === null || payload === undefined ? null : links(payload);
  }

  postprocess(value: NavbarLink[] | null | undefined): NavbarLink[] | null {
    return value === null || value === undefined ? null : links(value);
  }
}
