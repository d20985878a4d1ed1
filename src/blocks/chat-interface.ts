/**
 * `gr.ChatInterface`: a chat app around `fn(message, history, ...additionalInputs)`. The fn returns the
 * reply (text, a file `{ path }`, a ChatMessage or a list of them) or is a generator that yields the
 * reply so far (streaming tokens). With `multimodal: true` the message is `{ text, files }`.
 *
 * What it builds:
 * - the API endpoint, named after the fn as in Gradio 6 (`reply` → `/reply`; an anonymous fn is
 *   `/lambda_2`, as a Python lambda is there), or `apiName`: inputs message (+ additional inputs), output the reply. The
 *   history of an API session lives in a State, so consecutive calls of one client form a conversation.
 * - the page: a Chatbot and a textbox; submitting streams the reply into the Chatbot; the Chatbot's
 *   `retry`, `undo` and `clear` events re-run the last turn, take it back, or start over.
 * - examples below the textbox (clicking one fills it).
 */
import { Button } from "../components/button.js";
import { Chatbot, type ChatComponentValue, type ChatFile, type ChatMessage } from "../components/chatbot.js";
import { isComponentPart } from "../components/chat-components.js";
import type { Component } from "../components/component.js";
import { Dataset } from "../components/dataset.js";
import { Markdown } from "../components/markdown.js";
import { MultimodalTextbox, type MultimodalValue } from "../components/multimodal-textbox.js";
import { State } from "../components/state.js";
import { Textbox } from "../components/textbox.js";
import { AppConfigError, GradioError } from "../errors.js";
import { CSVLogger, DEFAULT_FLAGGING_DIR } from "../flagging/csv-logger.js";
import type { EncryptionKey } from "../security/encryption.js";
import { chatFlaggingModeFromEnv } from "../server/settings.js";
import { Blocks, defaultApiName, type BlocksOptions } from "./blocks.js";
import { Dependency, EventHandle, type EventContext, type EventOptions, type LikeData } from "./events.js";
import type { ShowProgress } from "../protocol/config.js";
import { Accordion, Column, Row } from "./layouts.js";
import { savedChatsColumn, wireSavedChats, type SavedChats } from "./chat-history.js";
import { currentContainer } from "./context.js";
import { skip } from "./update.js";

export type ChatReply = string | ChatFile | ChatMessage | readonly ChatMessage[] | null | undefined;
export type ChatFn = (message: string | MultimodalValue, history: ChatMessage[], ...rest: unknown[]) => unknown;

export interface ChatInterfaceOptions extends BlocksOptions {
  fn: ChatFn;
  multimodal?: boolean;
  chatbot?: Chatbot;
  textbox?: Textbox | MultimodalTextbox;
  additionalInputs?: Component[];
  /**
   * Components the fn also writes to: it then returns (or yields) `[reply, ...values]`, one value per
   * component (`gr.update(...)` or `gr.skip()` work too). Components not placed yet go below the chat.
   */
  additionalOutputs?: Component[];
  /** Label of the (closed) accordion holding the additional inputs; default "Additional Inputs". */
  additionalInputsAccordion?: string;
  /** Example messages (text, or `{ text, files }` when multimodal). */
  examples?: readonly (string | { text: string; files?: string[] })[];
  description?: string;
  /** Name of the API endpoint; default: the fn's name (see `chatApiName`). */
  apiName?: string;
  /** The submit button's label; `null` for none (a multimodal textbox then submits on Enter only). */
  submitBtn?: string | null;
  concurrencyLimit?: number | null | "default";
  showProgress?: ShowProgress;
  /**
   * Lets the user edit their past messages (the Chatbot becomes `editable: "user"` unless it says otherwise):
   * the conversation is cut at the edited message and the reply generated again from it.
   */
  editable?: boolean;
  /**
   * Keeps the user's conversations in their browser (localStorage): a column beside the chat lists them
   * under a "New chat" button, and clicking one shows it again. Nothing is kept on the server.
   */
  saveHistory?: boolean;
  /**
   * "manual": the feedback buttons under each reply (`flaggingOptions`) add the conversation, the message's
   * index and the choice to `flaggingDir`/log.csv. Default "never", or GRADIO_CHAT_FLAGGING_MODE.
   */
  flaggingMode?: "never" | "manual";
  /** The choices offered: "Like" and "Dislike" are thumbs up and down, others are listed under a flag. */
  flaggingOptions?: string[];
  /** Default ".gradio/flagged". */
  flaggingDir?: string;
  /** Bounds the history kept for an API session (messages). Default 1000. */
  maxHistory?: number;
  /**
   * Where `fn` runs (see EventOptions.runIn): by default in a worker thread when it is a sync fn or sync
   * generator, on the server's thread when it is async.
   */
  runIn?: "main" | "worker";
}

type AnyIterator = (Iterator<unknown> | AsyncIterator<unknown>) & (Iterable<unknown> | AsyncIterable<unknown>);
const isIterator = (value: unknown): value is AnyIterator =>
  typeof value === "object" && value !== null && typeof (value as { next?: unknown }).next === "function";

/** The fn's reply (or reply so far) → assistant messages. Text stays text; files stay `{ path }` for the rules. */
export function replyToMessages(reply: unknown): ChatMessage[] {
  if (reply === null || reply === undefined) return [];
  if (typeof reply === "string") return [{ role: "assistant", content: reply }];
  if (Array.isArray(reply)) return reply.flatMap(replyToMessages);
  // A component (instance or `{ component, value }`): the Chatbot's postprocess shows it inside the message.
  if (isComponentPart(reply)) return [{ role: "assistant", content: reply as ChatComponentValue }];
  if (typeof reply === "object" && "role" in reply && "content" in reply) return [reply as ChatMessage];
  if (typeof reply === "object" && "path" in reply) return [{ role: "assistant", content: reply as ChatFile }];
  return [{ role: "assistant", content: String(reply) }];
}

/** A user turn as messages: files first, then the text (as Gradio shows it). */
function userMessages(message: string | MultimodalValue): ChatMessage[] {
  if (typeof message === "string") return [{ role: "user", content: message }];
  const files = message.files.map((path): ChatMessage => ({ role: "user", content: { path } }));
  return message.text ? [...files, { role: "user", content: message.text }] : files;
}

function replyText(messages: readonly ChatMessage[]): string {
  return messages.map((m) => (typeof m.content === "string" ? m.content : "")).join("\n");
}

/**
 * Gradio 6 names the chat endpoint after the fn. A Python lambda's "lambda" and "lambda_1" are already
 * taken there by ChatInterface's own internal events, so an anonymous fn's endpoint is "lambda_2":
 * kept, so that clients of a ported app call the same name.
 */
export function chatApiName(fn: ChatFn): string {
  const name = defaultApiName(fn as (...args: never[]) => unknown);
  return name === "lambda" ? "lambda_2" : name;
}

function isGeneratorFn(fn: unknown): boolean {
  const kind = (fn as { constructor?: { name?: string } } | null)?.constructor?.name;
  return kind === "GeneratorFunction" || kind === "AsyncGeneratorFunction";
}

/** What one step of the fn gives: the reply messages so far, and the values for the additional outputs. */
interface ReplyStep {
  messages: ChatMessage[];
  extras: unknown[];
}

/**
 * With additional outputs the fn returns (or yields) `[reply, ...values]`, as in Gradio; a bare reply leaves
 * those outputs as they are.
 */
function replyStep(value: unknown, extraCount: number): ReplyStep {
  if (extraCount === 0) return { messages: replyToMessages(value), extras: [] };
  const [reply, ...given] = Array.isArray(value) ? (value as unknown[]) : [value];
  const extras = Array.from({ length: extraCount }, (_, i) => (i < given.length ? given[i] : skip()));
  return { messages: replyToMessages(reply), extras };
}

/** Runs the user fn: yields the reply so far (once for a plain fn). */
async function* replies(
  fn: ChatFn,
  message: string | MultimodalValue,
  history: ChatMessage[],
  rest: unknown[],
  extraCount: number,
): AsyncGenerator<ReplyStep> {
  const result = await fn(message, history, ...rest);
  if (isIterator(result)) {
    for await (const partial of result as AsyncIterable<unknown>) yield replyStep(partial, extraCount);
  } else yield replyStep(result, extraCount);
}

/** Leaves each additional output as it is (while only the user's message is shown). */
const unchanged = (count: number) => Array.from({ length: count }, () => skip());

/** The values of an event whose outputs are the chatbot and the additional outputs (a lone chatbot's is its own). */
const chatbotAnd = (messages: ChatMessage[], extras: unknown[]): unknown =>
  extras.length === 0 ? messages : [messages, ...extras];

/**
 * The localStorage key of the saved chats: the one Gradio 6 uses for a ChatInterface that is the whole app, so
 * that it does not depend on how many apps the process built before this one (the chats would be lost).
 */
const SAVED_CHATS_KEY = "_saved_conversations_0";

export class ChatInterface extends Blocks {
  /**
   * `editable`: an edited user message cuts the conversation there; the edited text is sent again and the
   * reply streams in, as Gradio reruns it.
   */
  #addEditEvent(
    chatbot: Chatbot,
    additional: readonly Component[],
    extraOutputs: readonly Component[],
    multimodal: boolean,
    common: Partial<EventOptions>,
  ): Dependency {
    const fn = this.chatOptions.fn;
    const edit = async function* edit(shown: ChatMessage[] | null, ...rest: unknown[]) {
      const messages = shown ?? [];
      const context = rest[additional.length] as EventContext | undefined;
      const index = editedUserIndex(messages, context?.eventData);
      const text = String((context?.eventData as Partial<EditData>).value ?? "");
      const before = messages.slice(0, index);
      const message: string | MultimodalValue = multimodal ? { text, files: [] } : text;
      const withUser = [...before, ...userMessages(message)];
      yield chatbotAnd(withUser, unchanged(extraOutputs.length));
      const inputs = rest.slice(0, additional.length);
      for await (const step of replies(fn, message, before, inputs, extraOutputs.length))
        yield chatbotAnd([...withUser, ...step.messages], step.extras);
    };
    const editEvent = new Dependency([[chatbot.id, "edit"]], {
      ...common,
      fn: edit as unknown as EventOptions["fn"],
      inputs: [chatbot, ...additional],
      outputs: [chatbot, ...extraOutputs],
      apiName: "edit",
      apiVisibility: "private",
    });
    this.addDependency(editEvent);
    return editEvent;
  }

  readonly chatbot: Chatbot;
  readonly textbox: Textbox | MultimodalTextbox;
  readonly history: State<ChatMessage[]>;

  constructor(readonly chatOptions: ChatInterfaceOptions) {
    super(chatOptions);
    this.mode = "chat_interface";
    const o = chatOptions;
    if (typeof o.fn !== "function") throw new AppConfigError("ChatInterface needs fn(message, history).");
    const multimodal = o.multimodal ?? o.textbox instanceof MultimodalTextbox;
    let chatbot!: Chatbot;
    let textbox!: Textbox | MultimodalTextbox;
    let history!: State<ChatMessage[]>;
    let submit: Button | undefined;
    let savedChats: SavedChats | undefined;
    const additional = o.additionalInputs ?? [];
    const extraOutputs = o.additionalOutputs ?? [];
    const extraCount = extraOutputs.length;
    this.extend(() => {
      if (o.title) new Markdown({ value: `# ${o.title}`, elemClasses: ["chat-title"] });
      if (o.description) new Markdown({ value: o.description });
      if (!o.saveHistory) return chatArea();
      // As Gradio lays it out: the saved chats in a narrow column beside the chat.
      Column(() =>
        Row(() => {
          Column({ scale: 1, minWidth: 100 }, () => (savedChats = savedChatsColumn(SAVED_CHATS_KEY)));
          Column({ scale: 6 }, chatArea);
        }),
      );
    });
    this.extend(() => {
      history = new State<ChatMessage[]>([]);
    });
    function chatArea(): void {
      chatbot = o.chatbot ?? new Chatbot({ label: "Chatbot", height: 400 });
      if (o.chatbot) o.chatbot.attachTo(currentContainer()!);
      if (o.editable) {
        const options = chatbot.chatOptions as { editable?: "user" | "all" | null };
        options.editable ??= "user";
      }
      Row(() => {
        const placeholder = "Type a message…";
        // The multimodal textbox has its own submit button, which Gradio labels with submitBtn.
        const submitBtn = o.submitBtn === null ? false : (o.submitBtn ?? true);
        textbox =
          o.textbox ??
          (multimodal
            ? new MultimodalTextbox({ label: "", showLabel: false, placeholder, fileCount: "multiple", submitBtn })
            : new Textbox({ label: "", showLabel: false, placeholder, scale: 7 }));
        if (o.textbox) o.textbox.attachTo(currentContainer()!);
        if (!multimodal && o.submitBtn !== null)
          submit = new Button({ value: o.submitBtn ?? "Submit", variant: "primary", scale: 1 });
      });
      for (const c of [chatbot, textbox]) c.defaultInteractive = true;
      if (additional.length > 0) {
        Accordion(o.additionalInputsAccordion ?? "Additional Inputs", { open: false }, () => {
          for (const component of additional) {
            component.defaultInteractive = true;
            component.attachTo(currentContainer()!);
          }
        });
      }
      if (o.examples && o.examples.length > 0) {
        new Dataset({
          components: [textbox],
          samples: o.examples.map((e) => [multimodal && typeof e === "string" ? { text: e, files: [] } : e]),
          label: "Examples",
        });
      }
      for (const component of extraOutputs) if (component.id < 0) component.attachTo(currentContainer()!);
    }
    this.chatbot = chatbot;
    this.textbox = textbox;
    this.history = history;
    const emptyBox = () => (textbox instanceof MultimodalTextbox ? { text: "", files: [] } : "");
    const maxHistory = o.maxHistory ?? 1000;
    const fn = o.fn;
    // The events that call fn are async wrappers; where they run follows fn itself, as a plain event's would.
    const runIn = o.runIn ?? (["Function", "GeneratorFunction"].includes(fn.constructor.name) ? "worker" : "main");
    const common: Partial<EventOptions> = {
      concurrencyLimit: o.concurrencyLimit,
      showProgress: o.showProgress ?? "minimal",
      runIn,
    };
    const streaming = isGeneratorFn(fn);

    // The API endpoint: message (+ additional inputs) → reply text; history kept per session.
    const apiFn = streaming
      ? async function* chat(message: string | MultimodalValue, past: ChatMessage[] | null, ...rest: unknown[]) {
          const before = (past ?? []).slice(-maxHistory);
          let step: ReplyStep = { messages: [], extras: unchanged(extraCount) };
          for await (step of replies(fn, message ?? "", before, rest.slice(0, additional.length), extraCount))
            yield [replyText(step.messages), before, ...step.extras];
          const after = [...before, ...userMessages(message ?? ""), ...step.messages].slice(-maxHistory);
          yield [replyText(step.messages), after, ...step.extras];
        }
      : async function chat(message: string | MultimodalValue, past: ChatMessage[] | null, ...rest: unknown[]) {
          const before = (past ?? []).slice(-maxHistory);
          let step: ReplyStep = { messages: [], extras: unchanged(extraCount) };
          for await (step of replies(fn, message ?? "", before, rest.slice(0, additional.length), extraCount));
          const after = [...before, ...userMessages(message ?? ""), ...step.messages].slice(-maxHistory);
          return [replyText(step.messages), after, ...step.extras];
        };
    let response!: Textbox;
    this.extend(() => {
      response = new Textbox({ label: "Response", visible: false });
    });
    this.addDependency(
      new Dependency([], {
        ...common,
        fn: apiFn as unknown as EventOptions["fn"],
        inputs: [textbox, history, ...additional],
        outputs: [response, history, ...extraOutputs],
        apiName: o.apiName ?? chatApiName(fn),
      }),
    );

    // The page: submit streams into the chatbot.
    const respond = async function* respond(
      message: string | MultimodalValue | null,
      shown: ChatMessage[] | null,
      ...rest: unknown[]
    ) {
      const empty =
        message === null ||
        (typeof message === "string"
          ? message.trim() === ""
          : message.text.trim() === "" && message.files.length === 0);
      const before = shown ?? [];
      if (empty) {
        yield [emptyBox(), before, ...unchanged(extraCount)];
        return;
      }
      const withUser = [...before, ...userMessages(message)];
      yield [emptyBox(), withUser, ...unchanged(extraCount)];
      for await (const step of replies(fn, message, before, rest.slice(0, additional.length), extraCount))
        yield [emptyBox(), [...withUser, ...step.messages], ...step.extras];
    };
    const targets: [number, string][] = [[textbox.id, "submit"]];
    if (submit) targets.push([submit.id, "click"]);
    const respondEvent = new Dependency(targets, {
      ...common,
      fn: respond as unknown as EventOptions["fn"],
      inputs: [textbox, chatbot, ...additional],
      outputs: [textbox, chatbot, ...extraOutputs],
      apiName: "respond",
      apiVisibility: "private",
    });
    this.addDependency(respondEvent);

    // Retry: drop the last turn's reply and run the last user message again.
    const retry = async function* retry(shown: ChatMessage[] | null, ...rest: unknown[]) {
      const { before, turn } = splitLastTurn(shown ?? []);
      if (turn.length === 0) {
        yield chatbotAnd(shown ?? [], unchanged(extraCount));
        return;
      }
      const message = turnToMessage(turn, multimodal);
      yield chatbotAnd([...before, ...turn], unchanged(extraCount));
      for await (const step of replies(fn, message, before, rest.slice(0, additional.length), extraCount))
        yield chatbotAnd([...before, ...turn, ...step.messages], step.extras);
    };
    const retryEvent = new Dependency([[chatbot.id, "retry"]], {
      ...common,
      fn: retry as unknown as EventOptions["fn"],
      inputs: [chatbot, ...additional],
      outputs: [chatbot, ...extraOutputs],
      apiName: "retry",
      apiVisibility: "private",
    });
    this.addDependency(retryEvent);
    // The textbox's Stop control cancels a reply being generated, whichever event started it (as in Gradio).
    this.addDependency(
      new Dependency([[textbox.id, "stop"]], {
        cancels: [new EventHandle(respondEvent), new EventHandle(retryEvent)],
        apiVisibility: "private",
        queue: false,
      }),
    );

    const editEvent = o.editable
      ? this.#addEditEvent(chatbot, additional, extraOutputs, multimodal, common)
      : undefined;

    // Undo: take back the last turn and put its text in the textbox again.
    const undo = function undo(shown: ChatMessage[] | null) {
      const { before, turn } = splitLastTurn(shown ?? []);
      const message = turnToMessage(turn, multimodal);
      return [before, typeof message === "string" ? message : { text: message.text, files: [] }];
    };
    const undoEvent = new Dependency([[chatbot.id, "undo"]], {
      fn: undo as unknown as EventOptions["fn"],
      inputs: [chatbot],
      outputs: [chatbot, textbox],
      apiName: "undo",
      apiVisibility: "private",
      runIn: "main",
    });
    this.addDependency(undoEvent);

    const clear = function clear() {
      return [[], []];
    };
    const clearEvent = new Dependency([[chatbot.id, "clear"]], {
      fn: clear as unknown as EventOptions["fn"],
      inputs: [],
      outputs: [chatbot, history],
      apiName: "clear",
      apiVisibility: "private",
      runIn: "main",
    });
    this.addDependency(clearEvent);
    if (savedChats) {
      const turns = [respondEvent, retryEvent, undoEvent, ...(editEvent ? [editEvent] : [])];
      wireSavedChats(this, savedChats, chatbot, turns, clearEvent);
    }
    if (chatFlaggingMode(o.flaggingMode) === "manual") this.#addFlagging(chatbot, o);
  }

  /** As Gradio's: the Chatbot's feedback buttons flag the conversation they are under. */
  #addFlagging(chatbot: Chatbot, o: ChatInterfaceOptions): void {
    const options = o.flaggingOptions ?? ["Like", "Dislike"];
    if (!Array.isArray(options) || options.length === 0 || !options.every((x) => typeof x === "string" && x !== ""))
      throw new AppConfigError("ChatInterface: flaggingOptions must be a non-empty list of texts.");
    (chatbot.chatOptions as { feedbackOptions?: string[] | null }).feedbackOptions = [...options];
    const logger = new CSVLogger({ dir: o.flaggingDir ?? DEFAULT_FLAGGING_DIR, fileName: "log.csv" });
    logger.setup([chatbot], ["index"]);
    const app = this as Blocks & { encryptionKey?: EncryptionKey };
    const flag = async function flag(messages: ChatMessage[], context: EventContext) {
      const data = context.eventData as Partial<LikeData> | null;
      const choice = data?.liked === true ? "Like" : data?.liked === false ? "Dislike" : String(data?.liked ?? "");
      // Only the choices offered are recorded: anything else is a forged event.
      if (!options.includes(choice)) throw new GradioError("That is not one of this chat's feedback choices.");
      await logger.flag([messages ?? [], JSON.stringify(data?.index ?? null)], {
        flagOption: choice,
        username: context.request.username,
        appEncryptionKey: app.encryptionKey,
      });
    };
    this.addDependency(
      new Dependency([[chatbot.id, "like"]], {
        fn: flag as unknown as EventOptions["fn"],
        inputs: [chatbot],
        outputs: [],
        apiName: "flag",
        apiVisibility: "undocumented",
        showProgress: "hidden",
        concurrencyLimit: null,
        runIn: "main",
      }),
    );
  }
}

/** The mode asked for, else GRADIO_CHAT_FLAGGING_MODE, else "never" (Gradio's defaults). */
function chatFlaggingMode(asked: string | undefined): "never" | "manual" {
  const mode = asked ?? chatFlaggingModeFromEnv() ?? "never";
  if (mode === "never" || mode === "manual") return mode;
  const source = asked === undefined ? "GRADIO_CHAT_FLAGGING_MODE" : "flaggingMode";
  throw new AppConfigError(`ChatInterface: ${source} "${mode}" is not supported; use "manual" or "never".`);
}

/** What the page sends with an edit: the edited message's index and its new text. */
interface EditData {
  index: number | [number, number];
  value: string;
}

/** The edited message's index, if it is a user message of the conversation shown; else a readable error. */
function editedUserIndex(shown: readonly ChatMessage[], data: unknown): number {
  const raw = (data as Partial<EditData> | null)?.index;
  const index = Array.isArray(raw) ? raw[0] : raw;
  if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= shown.length)
    throw new GradioError("The edited message is not in this conversation.");
  if (shown[index]!.role !== "user") throw new GradioError("Only your own messages can be edited.");
  return index;
}

/** The last user turn (its user messages) and everything before it; trailing replies are dropped. */
function splitLastTurn(messages: readonly ChatMessage[]): { before: ChatMessage[]; turn: ChatMessage[] } {
  let end = messages.length;
  while (end > 0 && messages[end - 1]!.role !== "user") end--;
  let start = end;
  while (start > 0 && messages[start - 1]!.role === "user") start--;
  return { before: messages.slice(0, start), turn: messages.slice(start, end) };
}

function turnToMessage(turn: readonly ChatMessage[], multimodal: boolean): string | MultimodalValue {
  const text = turn
    .map((m) => (typeof m.content === "string" ? m.content : ""))
    .filter(Boolean)
    .join("\n");
  if (!multimodal) return text;
  return {
    text,
    files: turn.flatMap((m) => (typeof m.content === "object" && "path" in m.content ? [m.content.path] : [])),
  };
}
