/**
 * gradio-ts: wrap a function, get a web app, a fair queue, and an API Gradio's own clients can call.
 * This list is the whole public surface; anything not exported here is internal.
 */
export { Blocks, DEFAULT_MAX_QUEUE_SIZE, type BlocksOptions, type QueueOptions } from "./blocks/blocks.js";
export { Interface, type InterfaceOptions } from "./blocks/interface.js";
export { ChatInterface, type ChatInterfaceOptions } from "./blocks/chat-interface.js";
export { load } from "./blocks/load-on-demand.js";
export type { LoadOptions } from "./blocks/load.js";
export { TabbedInterface, type TabbedInterfaceOptions } from "./blocks/tabbed-interface.js";
export { Examples, type ExamplesOptions } from "./blocks/examples.js";
export { CSVLogger, type CSVLoggerOptions, type FlagOptions } from "./flagging/csv-logger.js";
export { addFlagging, flagButton, type FlaggingOptions } from "./flagging/flag.js";
/** Reading flags back, decrypting them when they were stored with `launch({ encryptionKey })`. */
export { readFlags, readFlaggedFile, type ReadFlagsOptions } from "./flagging/read-flags.js";
export { EncryptionError, type EncryptionKey } from "./security/encryption.js";
/** `gr.themes.Soft`, `gr.themes.Default`, …: Gradio 6's themes, for `Blocks({ theme })`. */
export * as themes from "./themes/index.js";
export { Row, Column, Group, Tabs, Tab, Accordion, Sidebar } from "./blocks/layouts.js";
/** Layouts that depend on values: `gr.render({ inputs }, fn)` re-builds a part of the page per session. */
export { render, type RenderOptions, type RenderFn, type Renderable } from "./blocks/render.js";
export type {
  RowOptions,
  ColumnOptions,
  TabOptions,
  TabsOptions,
  AccordionOptions,
  SidebarOptions,
} from "./blocks/layouts.js";
export {
  on,
  type EventOptions,
  type Output,
  type EventContext,
  type EventHandle,
  type ProgressReporter,
} from "./blocks/events.js";
export { GradioRequest as Request } from "./blocks/request.js";
export { update, skip, type Update } from "./blocks/update.js";

export { Component, type ComponentOptions } from "./components/component.js";
export { Textbox, Text, TextArea, type TextboxOptions } from "./components/textbox.js";
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
export { ClearButton, type ClearButtonOptions } from "./components/clear-button.js";
export { File, type FileOptions } from "./components/file.js";
export { Image, type ImageOptions, type ImagePixels, type ImageType, type ImageFormat } from "./components/image.js";
export {
  ImageSlider,
  type ImageSliderOptions,
  type ImageSliderOutput,
  type ImageSliderValue,
} from "./components/image-slider.js";
export {
  Dialogue,
  formatDialogueLine,
  type DialogueLine,
  type DialogueOptions,
  type DialogueType,
  type DialogueValueFor,
} from "./components/dialogue.js";
export {
  ImageEditor,
  Sketchpad,
  Paint,
  type ImageEditorOptions,
  type BrushOptions,
  type EditorValue,
} from "./components/image-editor.js";
export { Audio, type AudioOptions, type AudioSamples } from "./components/audio.js";
export { Video, type VideoOptions } from "./components/video.js";
export { Gallery, type GalleryOptions, type GalleryValue } from "./components/gallery.js";
export { Dataframe, type DataframeOptions, type DataframeValue } from "./components/dataframe.js";
export { parseCsv, type TableLimits } from "./components/csv.js";
export {
  Chatbot,
  type ChatbotOptions,
  type ChatMessage,
  type ChatFile,
  type ChatContentPart,
  type ChatReturnMessage,
  type ChatComponentValue,
} from "./components/chatbot.js";
export {
  Plot,
  LinePlot,
  BarPlot,
  ScatterPlot,
  plotly,
  vegaLite,
  type PlotData,
  type PlotValue,
  type PlotlyFigure,
  type VegaLiteSpec,
  type PlotOptions,
  type NativePlotAggregate,
  type NativePlotOptions,
  type NativePlotData,
} from "./components/plot.js";
export { Code, type CodeOptions } from "./components/code.js";
export { HighlightedText, type HighlightedTextOptions } from "./components/highlighted-text.js";
export { AnnotatedImage, type AnnotatedImageOptions } from "./components/annotated-image.js";
export { ColorPicker } from "./components/color-picker.js";
export { DateTime, type DateTimeOptions } from "./components/datetime.js";
export { UploadButton, type UploadButtonOptions } from "./components/upload-button.js";
export { DownloadButton, type DownloadButtonOptions } from "./components/download-button.js";
export { Timer, type TimerOptions } from "./components/timer.js";
export { Navbar, type NavbarOptions, type NavbarLink } from "./components/navbar.js";
export { I18n, type Translations } from "./blocks/i18n.js";
export type { RouteOptions } from "./blocks/pages.js";
export { BrowserState, type BrowserStateOptions } from "./components/browser-state.js";
export {
  MultimodalTextbox,
  type MultimodalTextboxOptions,
  type MultimodalValue,
} from "./components/multimodal-textbox.js";
export { Model3D, type Model3DOptions } from "./components/model3d.js";
export { State } from "./components/state.js";
export { Dataset } from "./components/dataset.js";

export { GradioError as Error, type GradioErrorOptions } from "./errors.js";
export { Info, Warning, Success, type NotifyOptions } from "./queue/notify.js";
export { Progress } from "./queue/progress.js";
export { FileSize } from "./files/size.js";
export type { FileData } from "./protocol/file-data.js";
export type {
  ConnectionLimits,
  FilesOptions,
  LaunchOptions,
  PageOptions,
  RedisOptions,
  RunningApp,
  SecurityOptions,
  ServerOptions,
  WorkerOptions,
} from "./server/options.js";
/** Endpoint types for the typed client: `gr.typedEndpoints(demo, { greet })`, then `Client.connect<typeof demo>(url)`. */
export { typedEndpoints, type ApiTypes, type TypedApp } from "./client/typed.js";
/** API tokens for programs (`gradio-ts token create` does the same from the shell). */
export { TokenStore, type TokenRecord } from "./security/tokens.js";
/** `auth: gr.oidc({ issuer, clientId, clientSecret })`: single sign-on through OpenID Connect. */
export { oidc, type OidcOptions, type OidcAuth } from "./security/oidc.js";

/** Folders served in place (not copied into the cache), in addition to `allowedPaths`. */
export { setStaticPaths } from "./blocks/static-paths.js";
