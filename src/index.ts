/**
 * gradio-ts: wrap a function, get a web app, a fair queue, and an API Gradio's own clients can call.
 * This list is the whole public surface; anything not exported here is internal.
 */
export { Blocks, type BlocksOptions, type QueueOptions } from "./blocks/blocks.js";
export { Interface, type InterfaceOptions } from "./blocks/interface.js";
export { Row, Column, Group, Tabs, Tab, Accordion } from "./blocks/layouts.js";
export type { RowOptions, ColumnOptions, TabOptions, TabsOptions, AccordionOptions } from "./blocks/layouts.js";
export { on, type EventOptions, type EventContext, type EventHandle, type ProgressReporter } from "./blocks/events.js";
export { GradioRequest as Request } from "./blocks/request.js";
export { update, type Update } from "./blocks/update.js";

export { Component, type ComponentOptions } from "./components/component.js";
export { Textbox, type TextboxOptions } from "./components/textbox.js";
export { Number_ as Number, type NumberOptions } from "./components/number.js";
export { Slider, type SliderOptions } from "./components/slider.js";
export { Checkbox } from "./components/checkbox.js";
export { CheckboxGroup, type CheckboxGroupOptions } from "./components/checkbox-group.js";
export { Dropdown, type DropdownOptions } from "./components/dropdown.js";
export { Radio, type RadioOptions } from "./components/radio.js";
export { Markdown, type MarkdownOptions } from "./components/markdown.js";
export { HTML } from "./components/html.js";
export { JSON_ as JSON, type JsonValue } from "./components/json.js";
export { Label, type LabelOptions, type LabelValue } from "./components/label.js";
export { Button, type ButtonOptions } from "./components/button.js";
export { File, type FileOptions } from "./components/file.js";
export { Image, type ImageOptions } from "./components/image.js";
export { State } from "./components/state.js";
export { Dataset } from "./components/dataset.js";

export { GradioError as Error, type GradioErrorOptions } from "./errors.js";
export { Info, Warning, Success, type NotifyOptions } from "./queue/notify.js";
export { Progress } from "./queue/progress.js";
export { FileSize } from "./files/size.js";
export type { FileData } from "./files/file-data.js";
export type { LaunchOptions, RunningApp } from "./server/options.js";

/** Folders served in place (not copied into the cache), in addition to `allowedPaths`. */
export { setStaticPaths } from "./server/runtime.js";
