/**
 * Chatbot (messages format: sanitized Markdown, highlighted code, LaTeX as MathML, files inline,
 * streaming updates, feedback, retry/undo/clear) and MultimodalTextbox (text + attached files).
 */
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { FileData } from "../../../src/protocol/index.js";
import { Frame, Info, Label, classes, inputId, num, safeLink, text, useProps, useDispatcher } from "../block.js";
import { fileName, useFileUrl } from "../files.js";
import type { Delimiter } from "../rich-text.js";
import { MessageComponent, type ComponentPart } from "./chat-component.js";
import { CopyButton } from "./textbox.js";
import { MarkdownView } from "./markdown.js";
import { acceptOf, cssSize, filesOf, isFile, listOf, UploadProgress, useUploader } from "./media-common.js";

/** One part of a message: Gradio 6 sends a list of these; a lone string or `{ file }` (Gradio 5) is one part. */
type Part = { type: "text"; text: string } | { type: "file"; file: FileData; alt_text?: string | null } | ComponentPart;
type FileContentValue = { file: FileData; alt_text?: string | null };

interface Message {
  role: "user" | "assistant" | "system";
  content: string | FileContentValue | Part[];
  metadata?: { title?: string; log?: string; duration?: number; status?: string } | null;
  options?: { value: string; label?: string }[] | null;
}

let richRenderer: Promise<typeof import("../rich-text.js").renderRich> | null = null;

/** Message text as rich HTML; keeps showing the previous render until the next one is ready (no flicker while streaming). */
function RichText({
  source,
  markdown,
  lineBreaks,
  latex,
  rtl,
}: {
  source: string;
  markdown: boolean;
  lineBreaks: boolean;
  latex: Delimiter[];
  rtl: boolean;
}) {
  const [html, setHtml] = useState("");
  const latexKey = JSON.stringify(latex);
  useEffect(() => {
    let current = true;
    richRenderer ??= import("../rich-text.js").then((module) => module.renderRich);
    void richRenderer
      .then((render) => render(source, { markdown, lineBreaks, latex }))
      .then((out) => current && setHtml(out))
      .catch(() => current && setHtml(""));
    return () => {
      current = false;
    };
  }, [source, markdown, lineBreaks, latexKey]);
  return <div class="prose message-text" dir={rtl ? "rtl" : "auto"} dangerouslySetInnerHTML={{ __html: html }} />;
}

function FileContent({ file, alt }: { file: FileData; alt: string | null | undefined }) {
  const urlOf = useFileUrl();
  const url = urlOf(file);
  const mime = file.mime_type ?? "";
  const name = fileName(file);
  if (!url) return <span>{name}</span>;
  if (mime.startsWith("image/")) return <img class="message-image" src={url} alt={alt || name} />;
  if (mime.startsWith("audio/")) return <audio class="message-media" src={url} controls aria-label={alt || name} />;
  if (mime.startsWith("video/")) return <video class="message-media" src={url} controls aria-label={alt || name} />;
  return (
    <a class="file-link" href={url} download={name}>
      {name}
    </a>
  );
}

function asMessages(value: unknown): Message[] {
  return Array.isArray(value)
    ? value.filter((m): m is Message => typeof m === "object" && m !== null && typeof (m as Message).role === "string")
    : [];
}

function partsOf(content: Message["content"] | undefined): Part[] {
  const given: unknown[] = Array.isArray(content) ? content : [content];
  return given.flatMap((part): Part[] => {
    if (typeof part === "string") return [{ type: "text", text: part }];
    if (typeof part !== "object" || part === null) return [];
    const item = part as Partial<{ type: string; text: unknown } & FileContentValue & Omit<ComponentPart, "type">>;
    if (item.type === "text" || typeof item.text === "string") return [{ type: "text", text: text(item.text) }];
    if (item.type === "component" && typeof item.component === "string")
      return [{ type: "component", component: item.component, value: item.value ?? null, props: item.props ?? {} }];
    return isFile(item.file) ? [{ type: "file", file: item.file, alt_text: item.alt_text ?? null }] : [];
  });
}

const messageText = (m: Message) =>
  partsOf(m.content)
    .map((part) => (part.type === "text" ? part.text : ""))
    .join("");

export function Chatbot({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const messages = asMessages(props.value);
  const log = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const [feedback, setFeedback] = useState<Record<number, string>>({});
  const [editing, setEditing] = useState<{ index: number; draft: string } | null>(null);
  const busy = dispatcher.store.status(id) !== undefined;
  const markdown = props.render_markdown !== false;
  const lineBreaks = props.line_breaks !== false;
  const rtl = props.rtl === true;
  const latex = (Array.isArray(props.latex_delimiters) ? props.latex_delimiters : []).filter(
    (d): d is Delimiter => typeof d === "object" && d !== null && typeof (d as Delimiter).left === "string",
  );
  const feedbackOptions = props.feedback_options === null ? [] : listOf(props.feedback_options ?? ["Like", "Dislike"]);
  const avatars = Array.isArray(props.avatar_images) ? props.avatar_images : [];
  const examples = Array.isArray(props.examples) ? (props.examples as { text?: string; display_text?: string }[]) : [];
  const label = text(props.label) || "Chatbot";

  useEffect(() => {
    const element = log.current;
    if (!element) return;
    const height = cssSize(props.height);
    element.style.height = height ?? "";
    element.style.maxHeight = cssSize(props.max_height) ?? "";
    element.style.minHeight = cssSize(props.min_height) ?? "";
  }, [props.height, props.max_height, props.min_height]);

  // Follow new tokens while the reader is at the bottom; leave them alone once they scroll up.
  useLayoutEffect(() => {
    const element = log.current;
    if (element && props.autoscroll !== false && pinned.current) element.scrollTop = element.scrollHeight;
  });

  const lastUser = messages.map((m) => m.role).lastIndexOf("user");
  const groups: { role: string; start: number; items: Message[] }[] = [];
  messages.forEach((message, index) => {
    const last = groups.at(-1);
    if (last && last.role === message.role && props.group_consecutive_messages !== false) last.items.push(message);
    else groups.push({ role: message.role, start: index, items: [message] });
  });

  const like = (index: number, option: string) => {
    setFeedback((old) => ({ ...old, [index]: old[index] === option ? "" : option }));
    const liked = option === "Like" ? true : option === "Dislike" ? false : option;
    const message = messages[index];
    // The message's text, or its file for a file-only message (what the fn compares against).
    const parts = message ? partsOf(message.content) : [];
    const value =
      parts.length === 1 && parts[0]!.type === "file"
        ? { file: parts[0]!.file, alt_text: parts[0]!.alt_text ?? null }
        : message
          ? messageText(message)
          : null;
    dispatcher.trigger(id, "like", { index, value, liked });
  };
  // Gradio's `editable`: "user" lets the reader rewrite their own messages, "all" any text message.
  const canEdit = (message: Message) =>
    (props.editable === "all" || (props.editable === "user" && message.role === "user")) &&
    partsOf(message.content).every((part) => part.type === "text");
  const submitEdit = () => {
    if (!editing) return;
    const previous = messages[editing.index];
    setEditing(null);
    if (!previous) return;
    const edited = messages.map((m, i) =>
      i === editing.index ? { ...m, content: [{ type: "text", text: editing.draft }] } : m,
    );
    dispatcher.setValue(id, edited, true);
    dispatcher.trigger(id, "edit", {
      index: editing.index,
      value: editing.draft,
      previous_value: messageText(previous),
    });
  };
  const turnEvent = (event: string) =>
    dispatcher.trigger(id, event, {
      index: lastUser,
      value: messages[lastUser] ? messageText(messages[lastUser]!) : null,
    });
  const avatar = (role: string) => {
    const item = avatars[role === "user" ? 0 : 1];
    const url = isFile(item)
      ? (safeLink(item.url) ?? safeLink(dispatcher.client.fileUrl(item.path)))
      : typeof item === "string"
        ? safeLink(item)
        : null;
    return url ? <img class="avatar" src={url} alt="" /> : null;
  };

  return (
    <Frame id={id} type="chatbot" props={props}>
      <div class="label-row">
        <Label props={props} fallback="Chatbot" as="span" />
        {props.show_copy_all_button === true && messages.length > 0 && (
          <CopyButton value={messages.map((m) => `${m.role}: ${messageText(m)}`).join("\n\n")} />
        )}
      </div>
      <div
        ref={log}
        class={classes("chat-log", props.layout === "panel" && "chat-panel")}
        role="log"
        aria-label={label}
        aria-busy={busy}
        tabIndex={0}
        onScroll={(event) => {
          const element = event.currentTarget;
          pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
        }}
      >
        {messages.length === 0 && (
          <div class="chat-empty">
            {text(props.placeholder) && <MarkdownView source={text(props.placeholder)} />}
            {examples.length > 0 && (
              <div class="chat-examples">
                {examples.map((example, index) => (
                  <button
                    key={index}
                    type="button"
                    class="button button-secondary button-sm"
                    onClick={() => dispatcher.trigger(id, "example_select", { index, value: example })}
                  >
                    {example.display_text ?? example.text ?? `Example ${index + 1}`}
                  </button>
                ))}
              </div>
            )}
          </div>
        )}
        {groups.map((group) => (
          <div key={group.start} class={`message-row message-row-${group.role}`}>
            {avatar(group.role)}
            <div class="message-group">
              {group.items.map((message, offset) => {
                const index = group.start + offset;
                const parts = partsOf(message.content);
                const copyText = messageText(message);
                const body =
                  editing?.index === index ? (
                    <div class="message-edit">
                      <textarea
                        class="input"
                        aria-label="Edit message"
                        value={editing.draft}
                        autoFocus
                        onInput={(event) => setEditing({ index, draft: event.currentTarget.value })}
                      />
                      <div class="message-actions">
                        <button type="button" class="button button-primary button-sm" onClick={submitEdit}>
                          Submit
                        </button>
                        <button
                          type="button"
                          class="button button-secondary button-sm"
                          onClick={() => setEditing(null)}
                        >
                          Cancel
                        </button>
                      </div>
                    </div>
                  ) : (
                    parts.map((part, p) =>
                      part.type === "text" ? (
                        <RichText
                          key={p}
                          source={part.text}
                          markdown={markdown}
                          lineBreaks={lineBreaks}
                          latex={latex}
                          rtl={rtl}
                        />
                      ) : part.type === "component" ? (
                        <MessageComponent key={p} part={part} />
                      ) : (
                        <FileContent key={p} file={part.file} alt={part.alt_text} />
                      ),
                    )
                  );
                const editButton = canEdit(message) && !busy && editing?.index !== index && (
                  <button type="button" class="icon-button" onClick={() => setEditing({ index, draft: copyText })}>
                    Edit
                  </button>
                );
                const title = message.metadata?.title;
                return (
                  <div key={index} class={`message message-${message.role}`} data-index={index}>
                    <span class="sr-only">
                      {message.role === "user" ? "You:" : message.role === "assistant" ? "Assistant:" : "System:"}
                    </span>
                    {title ? (
                      <details class="message-thought" open={message.metadata?.status === "pending"}>
                        <summary>
                          {title}
                          {message.metadata?.status === "pending"
                            ? " …"
                            : num(message.metadata?.duration) !== undefined
                              ? ` (${num(message.metadata?.duration)!.toFixed(1)}s)`
                              : ""}
                        </summary>
                        {body}
                        {message.metadata?.log && <p class="info">{message.metadata.log}</p>}
                      </details>
                    ) : (
                      body
                    )}
                    {Array.isArray(message.options) && message.options.length > 0 && (
                      <div class="chat-examples">
                        {message.options.map((option, o) => (
                          <button
                            key={o}
                            type="button"
                            class="button button-secondary button-sm"
                            onClick={() => dispatcher.trigger(id, "option_select", { index, value: option.value })}
                          >
                            {option.label ?? option.value}
                          </button>
                        ))}
                      </div>
                    )}
                    {message.role !== "assistant" && editButton && <div class="message-actions">{editButton}</div>}
                    {message.role === "assistant" && !(busy && index === messages.length - 1) && (
                      <div class="message-actions">
                        {editButton}
                        {props.show_copy_button !== false && copyText && (
                          <CopyButton
                            value={copyText}
                            onCopied={() => dispatcher.trigger(id, "copy", { index, value: copyText })}
                          />
                        )}
                        {feedbackOptions.map((option) => (
                          <button
                            key={option}
                            type="button"
                            class="icon-button"
                            aria-pressed={feedback[index] === option}
                            onClick={() => like(index, option)}
                          >
                            {option}
                          </button>
                        ))}
                      </div>
                    )}
                  </div>
                );
              })}
            </div>
          </div>
        ))}
        {busy && messages.at(-1)?.role === "user" && (
          <div class="message-row message-row-assistant">
            <div class="message message-assistant typing" aria-label="The assistant is typing">
              <span />
              <span />
              <span />
            </div>
          </div>
        )}
      </div>
      {messages.length > 0 &&
        (dispatcher.hasListener(id, "retry") ||
          dispatcher.hasListener(id, "undo") ||
          dispatcher.hasListener(id, "clear")) && (
          <div class="chat-actions">
            {dispatcher.hasListener(id, "retry") && lastUser >= 0 && (
              <button type="button" class="icon-button" disabled={busy} onClick={() => turnEvent("retry")}>
                Retry
              </button>
            )}
            {dispatcher.hasListener(id, "undo") && lastUser >= 0 && (
              <button type="button" class="icon-button" disabled={busy} onClick={() => turnEvent("undo")}>
                Undo
              </button>
            )}
            {dispatcher.hasListener(id, "clear") && (
              <button
                type="button"
                class="icon-button"
                onClick={() => {
                  setFeedback({});
                  dispatcher.setValue(id, [], true);
                  dispatcher.trigger(id, "clear");
                }}
              >
                Clear
              </button>
            )}
          </div>
        )}
    </Frame>
  );
}

interface MultimodalValue {
  text: string;
  files: FileData[];
}

/** Text with attached files; Enter sends (Shift+Enter for a new line), the clip button attaches. */
export function MultimodalTextbox({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const interactive = dispatcher.isInteractive(id);
  const raw = (props.value ?? {}) as Partial<MultimodalValue>;
  const value: MultimodalValue = { text: text(raw.text), files: filesOf(raw.files) };
  const { progress, upload } = useUploader(dispatcher);
  const urlOf = useFileUrl();
  const domId = inputId(id);
  const multiple = props.file_count !== "single";
  const lines = Math.max(1, num(props.lines) ?? 1);
  const rows = Math.min(Math.max(lines, num(props.max_lines) ?? 20), Math.max(lines, value.text.split("\n").length));
  const stop = dispatcher.stopper(id);

  const attach = async (files: File[]) => {
    const uploaded = await upload(multiple ? files : files.slice(0, 1));
    if (!uploaded) return;
    dispatcher.setValue(id, { text: value.text, files: multiple ? [...value.files, ...uploaded] : uploaded }, true);
    dispatcher.trigger(id, "upload");
  };
  const submit = () => {
    if (progress !== null) return;
    dispatcher.trigger(id, "submit");
  };
  return (
    <Frame id={id} type="multimodaltextbox" props={props}>
      <Label props={props} htmlFor={domId} fallback="Message" />
      <Info props={props} id={`${domId}-info`} />
      {value.files.length > 0 && (
        <ul class="attachments" aria-label="Attached files">
          {value.files.map((file, index) => {
            const url = urlOf(file);
            return (
              <li key={file.path} class="chip">
                {url && file.mime_type?.startsWith("image/") ? <img class="attachment-thumb" src={url} alt="" /> : null}
                <span>{fileName(file)}</span>
                {interactive && (
                  <button
                    type="button"
                    class="chip-remove"
                    aria-label={`Remove ${fileName(file)}`}
                    onClick={() =>
                      dispatcher.setValue(
                        id,
                        { text: value.text, files: value.files.filter((_, i) => i !== index) },
                        true,
                      )
                    }
                  >
                    ×
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div
        class="multimodal"
        onPaste={(event) => {
          const files = Array.from(event.clipboardData?.files ?? []);
          if (files.length > 0 && interactive) {
            event.preventDefault();
            void attach(files);
          }
        }}
        onDragOver={(event) => event.preventDefault()}
        onDrop={(event) => {
          event.preventDefault();
          if (interactive) void attach(Array.from(event.dataTransfer?.files ?? []));
        }}
      >
        {interactive && listOf(props.sources ?? ["upload"]).includes("upload") && (
          <label class="icon-button attach-button">
            <span aria-hidden="true">+</span>
            <span class="sr-only">Attach files</span>
            <input
              type="file"
              class="sr-only"
              accept={acceptOf(listOf(props.file_types))}
              multiple={multiple}
              onChange={(event) => {
                const input = event.currentTarget;
                void attach(Array.from(input.files ?? [])).then(() => (input.value = ""));
              }}
            />
          </label>
        )}
        <textarea
          id={domId}
          class="input"
          rows={rows}
          value={value.text}
          readOnly={!interactive}
          placeholder={text(props.placeholder) || undefined}
          dir={props.rtl === true ? "rtl" : "auto"}
          autoFocus={props.autofocus === true}
          aria-describedby={props.info ? `${domId}-info` : undefined}
          onInput={(event) => dispatcher.setValue(id, { text: event.currentTarget.value, files: value.files }, true)}
          onBlur={() => dispatcher.trigger(id, "blur")}
          onKeyDown={(event) => {
            if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
            event.preventDefault();
            submit();
          }}
        />
        {interactive && props.submit_btn !== false && !stop && (
          <button type="button" class="button button-primary button-sm" disabled={progress !== null} onClick={submit}>
            {typeof props.submit_btn === "string" ? props.submit_btn : "Send"}
          </button>
        )}
        {interactive && stop && (
          <button
            type="button"
            class="button button-stop button-sm"
            onClick={() => {
              stop();
              dispatcher.trigger(id, "stop");
            }}
          >
            Stop
          </button>
        )}
      </div>
      <UploadProgress progress={progress} />
    </Frame>
  );
}
