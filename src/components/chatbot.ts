/**
 * A chat transcript in Gradio 6's "messages" format. Wire value: `[{ role, metadata, content, options }]`
 * where `content` is a list of parts: `{ type: "text", text }` (Markdown, sanitized and rendered by the
 * browser; code highlighting and LaTeX there too) or `{ type: "file", file: FileData, alt_text }`. Text
 * is dedented like Gradio's (`inspect.cleandoc`). On input, Gradio 5's single content (text or
 * `{ file }`) is accepted too.
 *
 * The fn receives `ChatMessage[]` with one part per message: text content stays text whatever it looks
 * like (C08); a file is written `{ path, alt_text? }` (a FileData is accepted too) and always goes
 * through the file rules — `acceptInput` on the way in, `publish` on the way out. The fn may return a
 * list of parts as a message's content, and `[user, bot]` pairs, which are turned into messages. A part
 * may also be a component (see chat-components.ts): the fn receives it as `{ component, value }`.
 */
import type { CopyData, EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import type { FileData } from "../protocol/file-data.js";
import {
  acceptComponentMessage,
  adoptMessageComponent,
  componentMessage,
  isComponentPart,
  type ChatComponentValue,
  type ComponentMessagePayload,
} from "./chat-components.js";
import { cleandoc } from "./cleandoc.js";
import {
  Component,
  type ComponentOptions,
  type JsonSchema,
  type ProcessContext,
  type ResolvedOptions,
} from "./component.js";
import { acceptFile, expectArray, FILE_REF, fileDefs, isPlainObject, mimeFromName, publishPath } from "./media.js";
import { describeValue, expectString, fail } from "./payload.js";

export type ChatRole = "user" | "assistant" | "system";
export interface ChatFile {
  path: string;
  alt_text?: string | null;
}
export interface ChatMetadata {
  title?: string;
  id?: string | number;
  parent_id?: string | number;
  log?: string;
  duration?: number;
  status?: "pending" | "done";
}
export interface ChatOption {
  value: string;
  label?: string;
}
/**
 * One part of a message as a fn may return it (Gradio 6's TextMessage / FileMessage / ComponentMessage):
 * a component is an instance (`new gr.Image({ value })`) or a plain `{ component: "image", value }`.
 */
export type ChatContentPart =
  | string
  | ChatFile
  | FileData
  | Component
  | ChatComponentValue
  | { type: "text"; text: string }
  | { type: "file"; file: ChatFile | FileData; alt_text?: string | null };
export type { ChatComponentValue } from "./chat-components.js";
export interface ChatMessage {
  role: ChatRole;
  content: string | ChatFile | FileData | ChatComponentValue;
  metadata?: ChatMetadata | null;
  options?: ChatOption[] | null;
}
/** A message a fn returns: its content may also be a component instance, or a list of parts. */
export interface ChatReturnMessage extends Omit<ChatMessage, "content"> {
  content: ChatMessage["content"] | Component | readonly ChatContentPart[];
}
export type ChatPartPayload =
  { type: "text"; text: string } | { type: "file"; file: FileData; alt_text: string | null } | ComponentMessagePayload;
export interface ChatMessagePayload {
  role: ChatRole;
  metadata: ChatMetadata | null;
  content: ChatPartPayload[];
  options: ChatOption[] | null;
}
type ChatPair = readonly [string | ChatFile | null, string | ChatFile | null];
export type ChatbotOutput = readonly (ChatMessage | ChatReturnMessage | ChatPair)[];

export interface ChatbotOptions extends ComponentOptions<ChatbotOutput> {
  height?: number | string;
  maxHeight?: number | string;
  minHeight?: number | string;
  autoscroll?: boolean;
  renderMarkdown?: boolean;
  /** Delimiters the browser renders as LaTeX. */
  latexDelimiters?: { left: string; right: string; display: boolean }[];
  /** Sanitize HTML in messages (always on unless the developer turns it off for trusted content). */
  sanitizeHtml?: boolean;
  lineBreaks?: boolean;
  rtl?: boolean;
  showCopyButton?: boolean;
  showCopyAllButton?: boolean;
  /** Feedback buttons under assistant messages; `like` events carry the choice. */
  feedbackOptions?: string[] | null;
  /** Lets the reader rewrite messages in the page ("user": their own; "all": any text message); fires `edit`. */
  editable?: "user" | "all" | null;
  placeholder?: string;
  /** Avatar image URLs for [user, assistant]. */
  avatarImages?: [string | null, string | null];
  layout?: "bubble" | "panel";
  groupConsecutiveMessages?: boolean;
  /** Example prompts shown in an empty chat (`example_select` event). */
  examples?: { text?: string; display_text?: string }[];
  /** Most messages accepted in one value. Default 10 000. */
  maxMessages?: number;
}

const ROLES = new Set<ChatRole>(["user", "assistant", "system"]);
const MAX_META_TEXT = 100_000;

export class Chatbot extends Component<ChatMessage[], ChatMessagePayload[]> {
  readonly type = "chatbot";

  override clearedValue(): unknown {
    return [];
  }
  readonly chatOptions: ResolvedOptions<ChatbotOptions>;

  constructor(options: ChatbotOptions = {}) {
    super(options as ComponentOptions<ChatMessage[]>);
    const { editable } = options;
    if (editable !== undefined && editable !== null && editable !== "user" && editable !== "all") {
      throw new TypeError(`Chatbot editable must be "user", "all" or null, got ${describeValue(options.editable)}.`);
    }
    this.chatOptions = { ...options, value: this.options.value } as ResolvedOptions<ChatbotOptions>;
    for (const part of componentParts(this.chatOptions.value)) adoptMessageComponent(part);
  }

  /** An empty chat unless told otherwise: Gradio's API then lists `[]` as the parameter's default. */
  override get initialValue(): ChatMessage[] {
    return this.options.value ?? [];
  }

  override props() {
    const o = this.chatOptions;
    return {
      ...super.props(),
      value: [],
      type: "messages",
      height: o.height ?? 400,
      maxHeight: o.maxHeight,
      minHeight: o.minHeight,
      autoscroll: o.autoscroll ?? true,
      renderMarkdown: o.renderMarkdown ?? true,
      latexDelimiters: o.latexDelimiters ?? [{ left: "$$", right: "$$", display: true }],
      sanitizeHtml: o.sanitizeHtml ?? true,
      lineBreaks: o.lineBreaks ?? true,
      rtl: o.rtl ?? false,
      showCopyButton: o.showCopyButton ?? true,
      showCopyAllButton: o.showCopyAllButton ?? false,
      feedbackOptions: o.feedbackOptions === undefined ? ["Like", "Dislike"] : o.feedbackOptions,
      editable: o.editable,
      placeholder: o.placeholder,
      avatarImages: o.avatarImages ?? [null, null],
      layout: o.layout ?? "bubble",
      groupConsecutiveMessages: o.groupConsecutiveMessages ?? true,
      examples: o.examples,
    };
  }

  apiInfo(): JsonSchema {
    const nullable = (schema: JsonSchema) => ({ anyOf: [schema, { type: "null" }], default: null });
    return {
      $defs: fileDefs({
        FileMessage: {
          properties: {
            file: FILE_REF,
            alt_text: { ...nullable({ type: "string" }), title: "Alt Text" },
            type: { const: "file", default: "file", title: "Type", type: "string" },
          },
          required: ["file"],
          title: "FileMessage",
          type: "object",
        },
        ComponentMessage: {
          properties: {
            component: { title: "Component", type: "string" },
            value: { title: "Value" },
            constructor_args: { additionalProperties: true, title: "Constructor Args", type: "object" },
            props: { additionalProperties: true, title: "Props", type: "object" },
            type: { const: "component", default: "component", title: "Type", type: "string" },
          },
          required: ["component", "value", "constructor_args", "props"],
          title: "ComponentMessage",
          type: "object",
        },
        TextMessage: {
          properties: {
            text: { title: "Text", type: "string" },
            type: { const: "text", default: "text", title: "Type", type: "string" },
          },
          required: ["text"],
          title: "TextMessage",
          type: "object",
        },
        Metadata: {
          properties: {
            title: { type: "string" },
            id: { anyOf: [{ type: "string" }, { type: "integer" }] },
            parent_id: { anyOf: [{ type: "string" }, { type: "integer" }] },
            log: { type: "string" },
            duration: { type: "number" },
            status: { enum: ["pending", "done"], type: "string" },
          },
          title: "Metadata",
          type: "object",
        },
        Option: {
          properties: { value: { type: "string" }, label: { type: "string" } },
          required: ["value"],
          title: "Option",
          type: "object",
        },
        Message: {
          properties: {
            role: { enum: ["user", "assistant", "system"], title: "Role", type: "string" },
            content: {
              items: {
                anyOf: [
                  { $ref: "#/$defs/TextMessage" },
                  { $ref: "#/$defs/FileMessage" },
                  { $ref: "#/$defs/ComponentMessage" },
                ],
              },
              title: "Content",
              type: "array",
            },
            metadata: nullable({ $ref: "#/$defs/Metadata" }),
            options: nullable({ items: { $ref: "#/$defs/Option" }, type: "array" }),
          },
          required: ["role", "content"],
          title: "Message",
          type: "object",
        },
      }),
      items: { $ref: "#/$defs/Message" },
      title: "ChatbotDataMessages",
      type: "array",
    };
  }

  exampleInput() {
    return [
      { role: "user", content: "Hello!" },
      { role: "assistant", content: "Hi! How can I help?" },
    ];
  }

  async preprocess(payload: unknown, context: ProcessContext): Promise<ChatMessage[] | null> {
    if (payload === null || payload === undefined) return null;
    const messages = expectArray(payload, "a list of chat messages", this.chatOptions.maxMessages ?? 10_000);
    const out: ChatMessage[] = [];
    for (const [index, raw] of messages.entries()) {
      if (!isPlainObject(raw)) fail(`message ${index + 1} is ${describeValue(raw)}, not { role, content }`);
      const role = raw.role as ChatRole;
      if (!ROLES.has(role))
        fail(`message ${index + 1} has role ${describeValue(raw.role)}; expected "user", "assistant" or "system"`);
      const metadata = raw.metadata === undefined || raw.metadata === null ? null : checkMetadata(raw.metadata, index);
      const options = raw.options === undefined || raw.options === null ? null : checkOptions(raw.options, index);
      // Gradio 6 sends a list of parts; each part becomes its own message with the same role.
      const parts = Array.isArray(raw.content) ? raw.content : [raw.content];
      if (parts.length > 100) fail(`message ${index + 1} has more than 100 parts`);
      for (const part of parts)
        out.push({ role, content: await this.#content(part, index, context), metadata, options });
    }
    return out;
  }

  async #content(
    part: unknown,
    index: number,
    context: ProcessContext,
  ): Promise<string | ChatFile | ChatComponentValue> {
    if (typeof part === "string") return expectString(part);
    if (!isPlainObject(part))
      fail(`message ${index + 1} has content ${describeValue(part)}; expected text or { file: FileData }`);
    if (part.type === "text") return expectString(part.text);
    if (part.type === "component" || typeof part.component === "string") return acceptComponentMessage(part, context);
    const altText = typeof part.alt_text === "string" ? expectString(part.alt_text, MAX_META_TEXT) : null;
    // `{ file: FileData }` (Gradio 5), `{ type: "file", file }` (Gradio 6), or a bare FileData: all checked as files.
    const file = "file" in part ? part.file : part;
    return { path: (await acceptFile(file, context, this.parameterName)).path, alt_text: altText };
  }

  /** Gradio 6's wire form: each message's content a list of parts; nothing (None) is an empty chat. */
  async postprocess(
    value: ChatbotOutput | null | undefined,
    context: ProcessContext,
    namedByDeveloper = false,
  ): Promise<ChatMessagePayload[]> {
    if (value === null || value === undefined) return [];
    if (!Array.isArray(value))
      fail(`the fn returned ${describeValue(value)} where a list of chat messages was expected`);
    const messages: ChatReturnMessage[] = [];
    for (const item of value as ChatbotOutput) {
      if (Array.isArray(item)) {
        const [user, bot] = item as ChatPair;
        if (user !== null && user !== undefined) messages.push({ role: "user", content: user });
        if (bot !== null && bot !== undefined) messages.push({ role: "assistant", content: bot });
      } else messages.push(item as ChatReturnMessage);
    }
    const wire = await Promise.all(
      messages.map(async (message, index): Promise<ChatMessagePayload | null> => {
        if (!isPlainObject(message) || !ROLES.has(message.role))
          fail(`the fn returned chat message ${index + 1} without a role of "user", "assistant" or "system"`);
        const given: readonly unknown[] = Array.isArray(message.content) ? message.content : [message.content];
        const parts = await Promise.all(given.map((part) => this.#wirePart(part, context, namedByDeveloper)));
        const content = parts.filter((part) => part !== null);
        // Like Gradio, a message left with no content at all is not sent.
        if (content.length === 0) return null;
        return { role: message.role, metadata: message.metadata ?? null, content, options: message.options ?? null };
      }),
    );
    return wire.filter((message) => message !== null);
  }

  async #wirePart(part: unknown, context: ProcessContext, namedByDeveloper: boolean): Promise<ChatPartPayload | null> {
    if (part === null || part === undefined) return null;
    if (typeof part === "string") return { type: "text", text: cleandoc(part) };
    if (isComponentPart(part)) return componentMessage(part, context, namedByDeveloper);
    if (!isPlainObject(part)) return { type: "text", text: cleandoc(String(part)) };
    if (part.type === "text") return { type: "text", text: expectString(part.text) };
    const altText = typeof part.alt_text === "string" ? part.alt_text : null;
    const file = await publishPath(context, part.file ?? part, namedByDeveloper, "a file ({ path })");
    file.mime_type ??= mimeFromName(file.path);
    return { type: "file", file, alt_text: altText };
  }

  override async configValue(context: ProcessContext, namedByDeveloper = true): Promise<unknown> {
    const value = this.chatOptions.value;
    return value === undefined || value === null ? [] : this.postprocess(value, context, namedByDeveloper);
  }

  /** A feedback button was pressed; the event data says which message and which option. */
  like<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "like", options);
  }
  retry<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "retry", options);
  }
  undo<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "undo", options);
  }
  clear<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "clear", options);
  }
  /** A message was edited in the page (see `editable`); the event data is `{ index, value, previous_value }`. */
  edit<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "edit", options);
  }
  select<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "select", options);
  }
  optionSelect<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "option_select", options);
  }
  exampleSelect<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "example_select", options);
  }

  /** The user copied a value from it (the copy button); the event data is `{ value }`. */
  copy<const I extends Inputs>(options: EventOptions<I, CopyData>): EventHandle {
    return listen(this, "copy", options);
  }
}

/** The message parts of a Chatbot value that are component instances. */
function componentParts(value: unknown): unknown[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((message: unknown) => {
    const content = Array.isArray(message) ? message : isPlainObject(message) ? message.content : null;
    const parts: unknown[] = Array.isArray(content) ? content : [content];
    return parts.filter((part) => isComponentPart(part));
  });
}

function checkMetadata(value: unknown, index: number): ChatMetadata {
  if (!isPlainObject(value)) fail(`message ${index + 1} has metadata ${describeValue(value)}; expected an object`);
  const out: Record<string, string | number> = {};
  for (const key of ["title", "id", "parent_id", "log", "duration", "status"] as const) {
    const field = value[key];
    if (field === undefined || field === null) continue;
    if (typeof field === "string") out[key] = expectString(field, MAX_META_TEXT);
    else if (typeof field === "number" && Number.isFinite(field)) out[key] = field;
    else fail(`message ${index + 1} has metadata.${key} ${describeValue(field)}`);
  }
  return out as ChatMetadata;
}

function checkOptions(value: unknown, index: number): ChatOption[] {
  return expectArray(value, `the options of message ${index + 1}`, 100).map((option) => {
    if (!isPlainObject(option) || typeof option.value !== "string")
      fail(`message ${index + 1} has an option without a text value`);
    return typeof option.label === "string"
      ? { value: expectString(option.value, MAX_META_TEXT), label: expectString(option.label, MAX_META_TEXT) }
      : { value: expectString(option.value, MAX_META_TEXT) };
  });
}

/** Turns a FileData into the `{ path }` a fn sees; exported for ChatInterface. */
export function toChatFile(file: FileData, altText: string | null = null): ChatFile {
  return { path: file.path, alt_text: altText };
}
