/**
 * Layouts arrange blocks; they hold no value and never appear in the API. Each is a function that
 * builds its children in a callback: `gr.Row(() => { ... })`, or `gr.Row({ equalHeight: true }, () => ...)`.
 */
import { Block, type BlockOptions, type Container, type Props } from "./block.js";
import { buildInside, currentContainer } from "./context.js";
import { AppConfigError } from "../errors.js";
import { listen, type EventHandle, type EventOptions, type Inputs } from "./events.js";

export abstract class Layout extends Block implements Container {
  override readonly skipApi = true;
  readonly children: Block[] = [];
  constructor(protected readonly layoutOptions: BlockOptions & { label?: string; open?: boolean } = {}) {
    super(layoutOptions);
  }
  add(block: Block): void {
    this.children.push(block);
  }
  override props(): Props {
    const {
      visible: _visible,
      elemId: _elemId,
      elemClasses: _elemClasses,
      key: _key,
      render: _render,
      preservedByKey = [],
      ...own
    } = this.layoutOptions as BlockOptions & Props;
    return { ...super.props(), ...own, preservedByKey, name: this.type };
  }
}

export interface RowOptions extends BlockOptions {
  equalHeight?: boolean;
  variant?: "default" | "panel" | "compact";
}
export interface ColumnOptions extends BlockOptions {
  scale?: number;
  minWidth?: number;
  variant?: "default" | "panel" | "compact";
}
export interface TabOptions extends BlockOptions {
  id?: string | number;
  interactive?: boolean;
}
export interface TabsOptions extends BlockOptions {
  selected?: string | number;
}
export interface AccordionOptions extends BlockOptions {
  open?: boolean;
}

export interface SidebarOptions extends BlockOptions {
  /** Open when the page loads (default true). */
  open?: boolean;
  /** Pixels for a number, any CSS length for a string (default 320). */
  width?: number | string;
  position?: "left" | "right";
}

export class RowLayout extends Layout {
  readonly type = "row";
}
export class ColumnLayout extends Layout {
  readonly type = "column";
}
export class GroupLayout extends Layout {
  readonly type = "group";
}
export class TabsLayout extends Layout {
  readonly type = "tabs";

  /** The user chose a tab of this set; the event data is the chosen tab's `{ index, value: label, selected }`. */
  select<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "select", options);
  }

  /** The user chose another tab. */
  change<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "change", options);
  }
}
/**
 * The Tabs Gradio puts around a bare Tab (one built outside gr.Tabs): consecutive bare Tabs share one,
 * so they show as one set of tabs, one visible at a time, instead of all their contents stacked.
 */
export class ImplicitTabsLayout extends TabsLayout {}
/** Gradio calls a tab's block "tabitem". */
export class TabLayout extends Layout {
  readonly type = "tabitem";

  /** The user chose this tab; the fn's event data is `{ index, value: label, selected: true }`. */
  select<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "select", options);
  }
}
export class AccordionLayout extends Layout {
  readonly type = "accordion";

  /** The user opened the accordion. */
  expand<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "expand", options);
  }

  /** The user closed the accordion. */
  collapse<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "collapse", options);
  }
}

/** A panel at the side of the page that the user opens and closes. */
export class SidebarLayout extends Layout {
  readonly type = "sidebar";

  /** The user opened the sidebar. */
  expand<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "expand", options);
  }

  /** The user closed the sidebar. */
  collapse<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "collapse", options);
  }
}

type Build = () => void;

function layoutCall<O extends BlockOptions, L extends Layout>(
  make: (options: O) => L,
  optionsOrBuild: O | Build,
  maybeBuild?: Build,
): L {
  const options = (typeof optionsOrBuild === "function" ? {} : optionsOrBuild) as O;
  const build = typeof optionsOrBuild === "function" ? optionsOrBuild : (maybeBuild ?? (() => {}));
  return buildInside(make(options), build);
}

export function Row(build: Build): RowLayout;
export function Row(options: RowOptions, build: Build): RowLayout;
export function Row(optionsOrBuild: RowOptions | Build, build?: Build): RowLayout {
  return layoutCall(
    (o: RowOptions) => new RowLayout({ equalHeight: false, variant: "default", ...o }),
    optionsOrBuild,
    build,
  );
}

export function Column(build: Build): ColumnLayout;
export function Column(options: ColumnOptions, build: Build): ColumnLayout;
export function Column(optionsOrBuild: ColumnOptions | Build, build?: Build): ColumnLayout {
  return layoutCall(
    (o: ColumnOptions) => new ColumnLayout({ scale: 1, minWidth: 320, variant: "default", ...o }),
    optionsOrBuild,
    build,
  );
}

export function Group(build: Build): GroupLayout;
export function Group(options: BlockOptions, build: Build): GroupLayout;
export function Group(optionsOrBuild: BlockOptions | Build, build?: Build): GroupLayout {
  return layoutCall((o: BlockOptions) => new GroupLayout(o), optionsOrBuild, build);
}

export function Tabs(build: Build): TabsLayout;
export function Tabs(options: TabsOptions, build: Build): TabsLayout;
export function Tabs(optionsOrBuild: TabsOptions | Build, build?: Build): TabsLayout {
  return layoutCall((o: TabsOptions) => new TabsLayout(o), optionsOrBuild, build);
}

export function Tab(label: string, build: Build): TabLayout;
export function Tab(label: string, options: TabOptions, build: Build): TabLayout;
export function Tab(label: string, optionsOrBuild: TabOptions | Build, build?: Build): TabLayout {
  const tab = () =>
    layoutCall((o: TabOptions) => new TabLayout({ label, interactive: true, ...o }), optionsOrBuild, build);
  const parent = currentContainer();
  if (!parent || parent instanceof TabsLayout) return tab();
  const previous = parent.children[parent.children.length - 1];
  const tabs = previous instanceof ImplicitTabsLayout ? previous : new ImplicitTabsLayout();
  let built!: TabLayout;
  buildInside(tabs, () => (built = tab()));
  return built;
}

export function Accordion(label: string, build: Build): AccordionLayout;
export function Accordion(label: string, options: AccordionOptions, build: Build): AccordionLayout;
export function Accordion(label: string, optionsOrBuild: AccordionOptions | Build, build?: Build): AccordionLayout {
  return layoutCall((o: AccordionOptions) => new AccordionLayout({ label, open: true, ...o }), optionsOrBuild, build);
}

export function Sidebar(build: Build): SidebarLayout;
export function Sidebar(options: SidebarOptions, build: Build): SidebarLayout;
export function Sidebar(optionsOrBuild: SidebarOptions | Build, build?: Build): SidebarLayout {
  return layoutCall(
    (o: SidebarOptions) => new SidebarLayout(checkedSidebar({ open: true, width: 320, position: "left", ...o })),
    optionsOrBuild,
    build,
  );
}

function checkedSidebar(options: SidebarOptions): SidebarOptions {
  if (options.position !== "left" && options.position !== "right") {
    throw new AppConfigError(`Sidebar position must be "left" or "right", not ${JSON.stringify(options.position)}.`);
  }
  const { width } = options;
  if (
    !(typeof width === "string"
      ? width.trim() !== ""
      : typeof width === "number" && Number.isFinite(width) && width > 0)
  ) {
    throw new AppConfigError(
      `Sidebar width must be a positive number of pixels or a CSS length, not ${JSON.stringify(width)}.`,
    );
  }
  return options;
}
