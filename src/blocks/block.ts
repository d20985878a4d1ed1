/**
 * The smallest unit of an app: anything with an id in the page (components and layouts). Blocks are
 * added to whichever container is building when they are constructed, the way Python Gradio's
 * `with gr.Row():` collects what is created inside it.
 */
import { AppConfigError } from "../errors.js";
import { appBeingBuilt, currentContainer } from "./context.js";

export type Props = Record<string, unknown>;

export interface BlockOptions {
  visible?: boolean;
  elemId?: string;
  /** CSS classes for the block's element; one class may be given as a string, as in Gradio. */
  elemClasses?: string | readonly string[];
  /** Stable identity across re-renders of a gr.render fn, as in Gradio. */
  key?: string | number;
  /** Props of a keyed block that keep the browser's current value across re-renders (default `["value"]`). */
  preservedByKey?: readonly string[];
  /**
   * `false`: the block joins the app (events may use it) but not the layout until `.render()` is called
   * inside a layout or Blocks callback, as in Gradio.
   */
  render?: boolean;
}

export abstract class Block {
  /** Lower-case type name as the config and clients know it ("textbox", "row"). */
  abstract readonly type: string;
  /** Assigned when the block is added to an app; -1 until then. */
  id = -1;
  /** True for blocks the API does not list as parameters: layouts, buttons, State. */
  readonly skipApi: boolean = false;
  protected readonly blockOptions: BlockOptions;

  constructor(options: BlockOptions = {}) {
    this.blockOptions = options;
    if (options.render === false) {
      appBeingBuilt()?.register(this);
      return;
    }
    const parent = currentContainer();
    if (parent) this.attachTo(parent);
  }

  #placed = false;
  #parent: Container | undefined;

  /**
   * Places a block made with `render: false` in the layout being built, here. Refused outside a
   * Blocks or layout callback, and for a block already placed (a block has one place in the page).
   */
  render(): this {
    const parent = currentContainer();
    if (!parent) throw new AppConfigError(`A ${this.type} can only be rendered inside a gr.Blocks or layout callback.`);
    if (this.#placed)
      throw new AppConfigError(`This ${this.type} is already in the layout; a block can be rendered only once.`);
    this.attachTo(parent);
    return this;
  }

  /** Puts this block in `parent` and gives it an id from the app being built. */
  attachTo(parent: Container): void {
    this.#placed = true;
    this.#parent = parent;
    parent.add(this);
    appBeingBuilt()?.register(this);
  }

  /**
   * Takes this block out of the layout and the app being built, as Gradio's `unrender()`: a component
   * written into another's value (a Chatbot message's content) is shown there, not in the page.
   */
  unrender(): void {
    const siblings = this.#parent?.children;
    const at = siblings?.indexOf(this) ?? -1;
    if (siblings && at >= 0) siblings.splice(at, 1);
    this.#parent = undefined;
    this.#placed = false;
    if (this.id >= 0) appBeingBuilt()?.unregister?.(this);
    this.id = -1;
  }

  /** The developer's stable identity for this block across re-renders of a gr.render fn. */
  get key(): string | number | undefined {
    return this.blockOptions.key;
  }

  /** Props in camelCase; the config turns them into Gradio's snake_case names. */
  props(): Props {
    const { visible = true, elemId, elemClasses = [], key, preservedByKey } = this.blockOptions;
    const classes = typeof elemClasses === "string" ? [elemClasses] : [...elemClasses];
    return { visible, elemId, elemClasses: classes, key, preservedByKey: preservedByKey ?? ["value"] };
  }
}

/** A block that holds other blocks: the app itself and every layout. */
export interface Container {
  readonly children: Block[];
  add(block: Block): void;
}
