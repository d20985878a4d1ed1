/**
 * A conversation between speakers, one `{ speaker, text }` line after another: typed in as an input
 * (a speaker picker and a text box per line, or one plain-text box) or shown as an output. On the wire it
 * is Gradio's DialogueModel: the list of lines, or a string. With `type: "text"` (the default) the fn
 * receives the lines joined into one string, each formatted as `[speaker] text` (or by `formatter`).
 */
import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import { AppConfigError, refuseUnbuiltOptions } from "../errors.js";
import { Component, type ComponentOptions, type JsonSchema } from "./component.js";
import { expectArray, isPlainObject } from "./media.js";
import { describeValue, expectString, fail } from "./payload.js";

export interface DialogueLine {
  speaker: string;
  text: string;
}

export type DialogueType = "list" | "text";
/** What the fn receives: the lines (`type: "list"`; a string if the page sent plain text) or one string. */
export type DialogueValueFor<T extends DialogueType> = T extends "list" ? DialogueLine[] | string : string;

export interface DialogueOptions<T extends DialogueType = "text"> extends ComponentOptions<
  readonly DialogueLine[] | string
> {
  /** "text" (default): the fn receives one formatted string; "list": the lines themselves. */
  type?: T;
  /** The speakers a line may pick from; none makes the component one plain textarea. */
  speakers?: string[];
  /** Turns one line into text for `type: "text"`; default `[speaker] text`. */
  formatter?: (speaker: string, text: string) => string;
  /** Offered in a menu when the user types ":" in a line. */
  tags?: string[];
  /** Put between the formatted lines; not a single space. */
  separator?: string;
  /** Speaker → CSS colour of their lines when the component is not interactive. */
  colorMap?: Record<string, string>;
  /** The most lines the page lets a user add. */
  maxLines?: number;
  placeholder?: string;
  autofocus?: boolean;
  /** Scroll to the newest line when the value changes. */
  autoscroll?: boolean;
  /** `["copy"]` shows a button that copies the dialogue as text. */
  buttons?: "copy"[];
  /** A submit button under the lines (its text, or an icon for `true`); it fires `.submit`. */
  submitBtn?: string | boolean;
  /** "dialogue" (lines only), "text" (one textarea only) or "both" (a switch between them, default). */
  uiMode?: "dialogue" | "text" | "both";
}

const MAX_LINES_ON_WIRE = 10_000;
const TAG_HINT = "Type colon (:) in the dialogue line to see the available tags";
const UNBUILT = ["unformatter"] as const;

/** Gradio's default formatter: `[speaker] text`. */
export function formatDialogueLine(speaker: string, text: string): string {
  return `[${speaker}] ${text}`;
}

function checkOptions(options: DialogueOptions<DialogueType>): void {
  refuseUnbuiltOptions("Dialogue", options, UNBUILT);
  if (options.separator === " ") throw new AppConfigError("Dialogue: separator cannot be a single space.");
  if (options.type !== undefined && options.type !== "list" && options.type !== "text")
    throw new AppConfigError(`Dialogue: type must be "list" or "text", got ${JSON.stringify(options.type)}.`);
}

/** A wire value or a returned one → the lines or the string, refusing anything else by name. */
function readDialogue(value: unknown, what: string): DialogueLine[] | string {
  if (typeof value === "string") return expectString(value);
  const lines = expectArray(value, `${what} (a list of {speaker, text} lines or a string)`, MAX_LINES_ON_WIRE);
  return lines.map((line, index) => {
    if (!isPlainObject(line) || typeof line.speaker !== "string" || typeof line.text !== "string")
      fail(`line ${index + 1} of ${what} must be {speaker: string, text: string}, got ${describeValue(line)}`);
    return { speaker: expectString(line.speaker, 10_000), text: expectString(line.text) };
  });
}

export class Dialogue<T extends DialogueType = "text"> extends Component<DialogueValueFor<T>, DialogueLine[] | string> {
  readonly type = "dialogue";
  readonly dialogueOptions: DialogueOptions<T>;

  constructor(options: DialogueOptions<T> = {}) {
    // Gradio labels it "Dialogue" unless told otherwise, and gives the tag hint only to an interactive one.
    super({
      ...options,
      label: options.label ?? "Dialogue",
      info: options.interactive === true ? (options.info ?? TAG_HINT) : undefined,
    } as ComponentOptions<DialogueValueFor<T>>);
    checkOptions(options as DialogueOptions<DialogueType>);
    this.dialogueOptions = options;
  }

  override props() {
    const o = this.dialogueOptions;
    return {
      ...super.props(),
      value: null,
      type: o.type ?? "text",
      speakers: o.speakers,
      tags: o.tags ?? [],
      separator: o.separator ?? "\n",
      colorMap: o.colorMap,
      placeholder: o.placeholder,
      autofocus: o.autofocus ?? false,
      autoscroll: o.autoscroll ?? true,
      maxLines: o.maxLines,
      buttons: o.buttons ?? [],
      submitBtn: o.submitBtn ?? false,
      uiMode: o.uiMode ?? "both",
    };
  }

  apiInfo(): JsonSchema {
    return {
      $defs: {
        DialogueLine: {
          properties: { speaker: { title: "Speaker", type: "string" }, text: { title: "Text", type: "string" } },
          required: ["speaker", "text"],
          title: "DialogueLine",
          type: "object",
        },
      },
      anyOf: [{ items: { $ref: "#/$defs/DialogueLine" }, type: "array" }, { type: "string" }],
      title: "DialogueModel",
      additional_description: null,
    };
  }

  exampleInput(): DialogueLine[] {
    return [
      { speaker: "Speaker 1", text: "Hello, how are you?" },
      { speaker: "Speaker 2", text: "I'm fine, thank you!" },
    ];
  }

  preprocess(payload: unknown): DialogueValueFor<T> | null {
    if (payload === null || payload === undefined) return null;
    const value = readDialogue(payload, this.parameterName);
    if ((this.dialogueOptions.type ?? "text") === "list") return value as DialogueValueFor<T>;
    return this.format(value) as DialogueValueFor<T>;
  }

  /** The dialogue as one string, as the fn receives it with `type: "text"`. */
  format(value: readonly DialogueLine[] | string): string {
    if (typeof value === "string") return value;
    // A single empty line is the page's "nothing typed yet".
    if (value.length === 1 && value[0]!.text === "") return "";
    const formatter = this.dialogueOptions.formatter ?? formatDialogueLine;
    return value.map((line) => formatter(line.speaker, line.text)).join(this.dialogueOptions.separator ?? "\n");
  }

  postprocess(value: readonly DialogueLine[] | string | null | undefined): DialogueLine[] | string | null {
    if (value === null || value === undefined) return null;
    return readDialogue(value, "the value the fn returned to a Dialogue");
  }

  submit<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "submit", options);
  }
}
