/**
 * Components inside Chatbot messages (Gradio 6's ComponentMessage). A fn puts a component instance
 * (`new gr.Image({ value })`) or a plain `{ component: "image", value }` as a message's content; the
 * wire carries `{ component, value, constructor_args, props, type: "component" }`, where `value` went
 * through that component's own postprocess (so files pass the file rules and the cache like any output)
 * and `props` is the component as the config would describe it. Only the components Gradio's chat view
 * can show are accepted; any other is refused by name.
 */
import { outsideAnyApp } from "../blocks/context.js";
import { snakeProps } from "../blocks/config.js";
import { Audio } from "./audio.js";
import { isComponent, type Component, type ComponentOptions, type ProcessContext } from "./component.js";
import { Dataframe } from "./dataframe.js";
import { File } from "./file.js";
import { Gallery } from "./gallery.js";
import { HTML } from "./html.js";
import { Image } from "./image.js";
import { isPlainObject } from "./media.js";
import { Model3D } from "./model3d.js";
import { describeValue, fail } from "./payload.js";
import { Plot } from "./plot.js";
import { Video } from "./video.js";

type MessageComponentFactory = (options: ComponentOptions<unknown>) => Component;

/** The components a message may hold, by type: those Gradio's chat view renders. */
const MESSAGE_COMPONENTS: Record<string, MessageComponentFactory> = {
  image: (options) => new Image(options as ConstructorParameters<typeof Image>[0]),
  audio: (options) => new Audio(options as ConstructorParameters<typeof Audio>[0]),
  video: (options) => new Video(options as ConstructorParameters<typeof Video>[0]),
  file: (options) => new File(options as ConstructorParameters<typeof File>[0]),
  gallery: (options) => new Gallery(options as ConstructorParameters<typeof Gallery>[0]),
  plot: (options) => new Plot(options as ConstructorParameters<typeof Plot>[0]),
  html: (options) => new HTML(options as ConstructorParameters<typeof HTML>[0]),
  model3d: (options) => new Model3D(options as ConstructorParameters<typeof Model3D>[0]),
  dataframe: (options) => new Dataframe(options as ConstructorParameters<typeof Dataframe>[0]),
};

export const MESSAGE_COMPONENT_TYPES: readonly string[] = Object.keys(MESSAGE_COMPONENTS);

/** A component as the fn sees it in a message it receives, and may return as is. */
export interface ChatComponentValue {
  component: string;
  value: unknown;
  /** The component's options besides `value` (camelCase, as its constructor takes them). */
  options?: Record<string, unknown>;
}

/** Gradio's ComponentMessage on the wire. */
export interface ComponentMessagePayload {
  component: string;
  value: unknown;
  constructor_args: Record<string, unknown>;
  props: Record<string, unknown>;
  type: "component";
}

/** A component instance, or a plain `{ component: "image", value }`. */
export function isComponentPart(part: unknown): boolean {
  return isComponent(part) || (isPlainObject(part) && typeof part.component === "string");
}

function refusal(type: string): string {
  return (
    `a ${type} cannot be shown inside a chat message: a message's content may be text, a file, ` +
    `or one of these components: ${MESSAGE_COMPONENT_TYPES.join(", ")}`
  );
}

/** The component type of a part, checked against the ones a message may hold (refused by name). */
function messageComponentType(part: unknown): string {
  const type = isComponent(part) ? part.type : (part as ChatComponentValue).component;
  if (!Object.hasOwn(MESSAGE_COMPONENTS, type)) fail(refusal(type));
  return type;
}

/** Build-time check of a Chatbot's value: refuses what cannot be shown; takes the rest out of the layout. */
export function adoptMessageComponent(part: unknown): void {
  if (!isComponent(part)) return;
  if (!Object.hasOwn(MESSAGE_COMPONENTS, part.type)) throw new TypeError(`Chatbot value: ${refusal(part.type)}.`);
  part.unrender();
}

/** JSON-able options only: Gradio's `constructor_args` are the Python keyword arguments as given. */
function constructorArgs(options: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (key === "value" || value === undefined || typeof value === "function" || isComponent(value)) continue;
    args[key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)] = value;
  }
  return { ...args, render: false };
}

/** fn value → Gradio's ComponentMessage: the component's own postprocess of its value, and its config props. */
export async function componentMessage(
  part: unknown,
  context: ProcessContext,
  namedByDeveloper: boolean,
): Promise<ComponentMessagePayload> {
  const type = messageComponentType(part);
  const component = isComponent(part)
    ? part
    : outsideAnyApp(() => {
        const { value, options } = part as ChatComponentValue;
        return MESSAGE_COMPONENTS[type]!({ ...(isPlainObject(options) ? options : {}), value });
      });
  const configValue = await component.configValue(context, namedByDeveloper);
  const props = { ...component.props(), ...(await component.fileProps(context, namedByDeveloper)) };
  if (configValue !== undefined && configValue !== null) props.value = configValue;
  // Gradio's chat view always lists a File's files, even for a single one.
  const value =
    type === "file" && configValue !== null && configValue !== undefined && !Array.isArray(configValue)
      ? [configValue]
      : (configValue ?? null);
  return {
    component: type,
    value,
    constructor_args: constructorArgs(component.givenOptions as Record<string, unknown>),
    props: snakeProps(props),
    type: "component",
  };
}

/**
 * A ComponentMessage sent back by a caller → `{ component, value }` for the fn: the value goes through
 * that component's preprocess (files through the file rules); the caller's constructor_args and props
 * are not used, since they would build a component from what a caller wrote.
 */
export async function acceptComponentMessage(part: unknown, context: ProcessContext): Promise<ChatComponentValue> {
  if (!isPlainObject(part) || typeof part.component !== "string")
    fail(`expected a component message { component, value }, got ${describeValue(part)}`);
  const type = messageComponentType(part);
  const component = outsideAnyApp(() => MESSAGE_COMPONENTS[type]!({}));
  const given = type === "file" && Array.isArray(part.value) ? (part.value[0] ?? null) : (part.value ?? null);
  return { component: type, value: await component.preprocess(given, context) };
}
