/** Renders the config's layout tree: each node becomes its component (by `type`), hidden ones render nothing. */
import type { ComponentType } from "preact";
import type { LayoutNode } from "../../src/protocol/index.js";
import { useProps, useDispatcher } from "./block.js";
import { Button } from "./components/button.js";
import { Dataset } from "./components/dataset.js";
import { Column, Group, Row, type LayoutProps } from "./components/layout-basics.js";
import { Markdown } from "./components/markdown.js";
import { Slider } from "./components/number.js";
import { Textbox } from "./components/textbox.js";

type BlockComponent = ComponentType<{ id: number }>;

/** Components nearly every app uses ship in the main bundle. */
const COMPONENTS: Record<string, BlockComponent> = {
  textbox: Textbox,
  slider: Slider,
  markdown: Markdown,
  button: Button,
  dataset: Dataset,
};

/** The others are chunks of their own, loaded before the first render only by apps that use them. */
const LAZY_COMPONENTS: Record<string, () => Promise<BlockComponent>> = {
  number: () => import("./components/number-input.js").then((m) => m.NumberInput),
  checkbox: () => import("./components/checkbox.js").then((m) => m.Checkbox),
  checkboxgroup: () => import("./components/choices.js").then((m) => m.CheckboxGroup),
  radio: () => import("./components/choices.js").then((m) => m.Radio),
  dropdown: () => import("./components/choices.js").then((m) => m.Dropdown),
  html: () => import("./components/html.js").then((m) => m.Html),
  json: () => import("./components/display.js").then((m) => m.Json),
  label: () => import("./components/display.js").then((m) => m.LabelView),
  file: () =>
    import("./components/file.js").then((m) => ({ id }: { id: number }) => <m.FileInput id={id} type="file" />),
  image: () => import("./components/media.js").then((m) => m.ImageInput),
  audio: () => import("./components/media.js").then((m) => m.AudioInput),
  video: () => import("./components/media.js").then((m) => m.VideoInput),
  gallery: () => import("./components/gallery.js").then((m) => m.Gallery),
  annotatedimage: () => import("./components/gallery.js").then((m) => m.AnnotatedImage),
  imageeditor: () => import("./components/image-editor.js").then((m) => m.ImageEditor),
  dataframe: () => import("./components/dataframe.js").then((m) => m.Dataframe),
  plot: () => import("./components/plot.js").then((m) => m.Plot),
  nativeplot: () => import("./components/plot-native.js").then((m) => m.NativePlot),
  code: () => import("./components/code.js").then((m) => m.Code),
  highlightedtext: () => import("./components/misc.js").then((m) => m.HighlightedText),
  colorpicker: () => import("./components/misc.js").then((m) => m.ColorPicker),
  datetime: () => import("./components/misc.js").then((m) => m.DateTime),
  uploadbutton: () => import("./components/misc.js").then((m) => m.UploadButton),
  downloadbutton: () => import("./components/misc.js").then((m) => m.DownloadButton),
  timer: () => import("./components/misc.js").then((m) => m.Timer),
  browserstate: () => import("./components/misc.js").then((m) => m.BrowserState),
  model3d: () => import("./components/model3d.js").then((m) => m.Model3D),
  chatbot: () => import("./components/chat.js").then((m) => m.Chatbot),
  multimodaltextbox: () => import("./components/chat.js").then((m) => m.MultimodalTextbox),
  imageslider: () => import("./components/image-slider.js").then((m) => m.ImageSlider),
  dialogue: () => import("./components/dialogue.js").then((m) => m.Dialogue),
};

/** Layouts few apps use, loaded like the lazy components. */
const LAZY_LAYOUTS: Record<string, () => Promise<ComponentType<LayoutProps>>> = {
  sidebar: () => import("./components/sidebar.js").then((m) => m.Sidebar),
  tabs: () => import("./components/layouts.js").then((m) => m.Tabs),
  tabitem: () => import("./components/layouts.js").then((m) => m.TabItem),
  tab: () => import("./components/layouts.js").then((m) => m.TabItem),
  accordion: () => import("./components/layouts.js").then((m) => m.Accordion),
};

export async function loadComponents(types: Iterable<string>): Promise<void> {
  await Promise.all(
    [...new Set(types)].map(async (type) => {
      const load = LAZY_COMPONENTS[type];
      if (load && !COMPONENTS[type]) COMPONENTS[type] = await load();
      const loadLayout = LAZY_LAYOUTS[type];
      if (loadLayout && !LAYOUTS[type]) LAYOUTS[type] = await loadLayout();
    }),
  );
}

/** The page's component for a type, its chunk loaded first; undefined for a type the page cannot show. */
export async function componentOf(type: string): Promise<BlockComponent | undefined> {
  await loadComponents([type]);
  return COMPONENTS[type];
}

/** Invisible blocks that still work: a BrowserState keeps its value in storage, a Timer ticks. */
const ALWAYS_MOUNTED = new Set(["browserstate", "timer"]);

const LAYOUTS: Record<string, ComponentType<LayoutProps>> = {
  row: Row,
  column: Column,
  group: Group,
  form: Group,
};

export function BlockNode({ node }: { node: LayoutNode }) {
  const dispatcher = useDispatcher();
  const props = useProps(node.id);
  const type = dispatcher.typeOf(node.id);
  // A Navbar has no place in the layout: the nav bar above the page shows what it says.
  if ((props.visible === false && !ALWAYS_MOUNTED.has(type)) || type === "state" || type === "navbar") return null;
  const Layout = LAYOUTS[type];
  // A render container shows what its render fn built last.
  const children = dispatcher.store.children(node.id) ?? node.children;
  if (Layout || children) {
    const Container = Layout ?? Column;
    return (
      <Container id={node.id} node={node}>
        {(children ?? []).map((child) => (
          <BlockNode key={child.id} node={child} />
        ))}
      </Container>
    );
  }
  const Component = COMPONENTS[type];
  if (!Component) {
    return (
      <div class="block container unsupported" role="note">
        This page cannot show a “{type}” component yet.
      </div>
    );
  }
  return <Component id={node.id} />;
}
