/** String shortcuts (`inputs: "text"`) → components. A new component adds one line here. */
import { Button } from "./button.js";
import { Checkbox } from "./checkbox.js";
import { CheckboxGroup } from "./checkbox-group.js";
import type { Component } from "./component.js";
import { Dropdown } from "./dropdown.js";
import { File } from "./file.js";
import { HTML } from "./html.js";
import { Image } from "./image.js";
import { JSON_ } from "./json.js";
import { Label } from "./label.js";
import { Markdown } from "./markdown.js";
import { Number_ } from "./number.js";
import { Radio } from "./radio.js";
import { Slider } from "./slider.js";
import { State } from "./state.js";
import { Textbox } from "./textbox.js";

const shortcuts = {
  text: () => new Textbox(),
  textbox: () => new Textbox(),
  textarea: () => new Textbox({ lines: 7 }),
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
  file: () => new File(),
  files: () => new File({ fileCount: "multiple" }),
  image: () => new Image(),
  state: () => new State(),
} satisfies Record<string, () => Component>;

export type ComponentShortcut = keyof typeof shortcuts;
type ShortcutMap = { [K in ComponentShortcut]: ReturnType<(typeof shortcuts)[K]> };
export type ComponentFor<S> = S extends ComponentShortcut ? ShortcutMap[S] : S extends Component ? S : never;

export function isShortcut(name: string): name is ComponentShortcut {
  return Object.hasOwn(shortcuts, name.toLowerCase());
}

export function componentFromShortcut(name: string): Component {
  const key = name.toLowerCase();
  if (!isShortcut(key)) throw new TypeError(`Unknown component "${name}". Known names: ${Object.keys(shortcuts).join(", ")}.`);
  return shortcuts[key]();
}
