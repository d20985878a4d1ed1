/** String shortcuts (`inputs: "text"`) → components. A new component adds one line here. */
import { Button } from "./button.js";
import { Checkbox } from "./checkbox.js";
import { ClearButton } from "./clear-button.js";
import { CheckboxGroup } from "./checkbox-group.js";
import type { Component } from "./component.js";
import { Dropdown } from "./dropdown.js";
import { File } from "./file.js";
import { HTML } from "./html.js";
import { Image } from "./image.js";
import { ImageSlider } from "./image-slider.js";
import { Dialogue } from "./dialogue.js";
import { JSON_ } from "./json.js";
import { Label } from "./label.js";
import { Markdown } from "./markdown.js";
import { Number_ } from "./number.js";
import { Radio } from "./radio.js";
import { Slider } from "./slider.js";
import { State } from "./state.js";
import { TextArea, Textbox } from "./textbox.js";
import { AnnotatedImage } from "./annotated-image.js";
import { Audio } from "./audio.js";
import { BrowserState } from "./browser-state.js";
import { Chatbot } from "./chatbot.js";
import { Code } from "./code.js";
import { ColorPicker } from "./color-picker.js";
import { Dataframe } from "./dataframe.js";
import { DateTime } from "./datetime.js";
import { DownloadButton } from "./download-button.js";
import { Gallery } from "./gallery.js";
import { HighlightedText } from "./highlighted-text.js";
import { ImageEditor, Paint, Sketchpad } from "./image-editor.js";
import { Model3D } from "./model3d.js";
import { MultimodalTextbox } from "./multimodal-textbox.js";
import { Plot } from "./plot.js";
import { Timer } from "./timer.js";
import { Navbar } from "./navbar.js";
import { UploadButton } from "./upload-button.js";
import { Video } from "./video.js";

const shortcuts = {
  text: () => new Textbox(),
  textbox: () => new Textbox(),
  textarea: () => new TextArea(),
  number: () => new Number_(),
  slider: () => new Slider(),
  checkbox: () => new Checkbox(),
  checkboxgroup: () => new CheckboxGroup(),
  dropdown: () => new Dropdown(),
  radio: () => new Radio(),
  markdown: () => new Markdown(),
  html: () => new HTML(),
  json: () => new JSON_(),
  label: () => new Label(),
  button: () => new Button(),
  clearbutton: () => new ClearButton(),
  file: () => new File(),
  files: () => new File({ fileCount: "multiple" }),
  image: () => new Image(),
  state: () => new State(),
  audio: () => new Audio(),
  microphone: () => new Audio({ sources: ["microphone"] }),
  video: () => new Video(),
  webcam: () => new Image({ sources: ["webcam"] }),
  gallery: () => new Gallery(),
  dataframe: () => new Dataframe(),
  chatbot: () => new Chatbot(),
  plot: () => new Plot(),
  code: () => new Code(),
  highlightedtext: () => new HighlightedText(),
  highlight: () => new HighlightedText(),
  annotatedimage: () => new AnnotatedImage(),
  colorpicker: () => new ColorPicker(),
  datetime: () => new DateTime(),
  uploadbutton: () => new UploadButton(),
  downloadbutton: () => new DownloadButton(),
  timer: () => new Timer(),
  navbar: () => new Navbar(),
  browserstate: () => new BrowserState(),
  multimodaltextbox: () => new MultimodalTextbox(),
  imageeditor: () => new ImageEditor(),
  sketchpad: () => new Sketchpad(),
  paint: () => new Paint(),
  model3d: () => new Model3D(),
  imageslider: () => new ImageSlider(),
  dialogue: () => new Dialogue(),
} satisfies Record<string, () => Component>;

export type ComponentShortcut = keyof typeof shortcuts;
type ShortcutMap = { [K in ComponentShortcut]: ReturnType<(typeof shortcuts)[K]> };
export type ComponentFor<S> = S extends ComponentShortcut ? ShortcutMap[S] : S extends Component ? S : never;

export function isShortcut(name: string): name is ComponentShortcut {
  return Object.hasOwn(shortcuts, name.toLowerCase());
}

export function componentFromShortcut(name: string): Component {
  const key = name.toLowerCase();
  if (!isShortcut(key))
    throw new TypeError(`Unknown component "${name}". Known names: ${Object.keys(shortcuts).join(", ")}.`);
  return shortcuts[key]();
}
