/**
 * Dialogue: one row per line (a speaker and their text), or the whole dialogue as one plain-text box, with
 * a switch between the two (a lazy chunk: few apps use it). Typing ":" in a line offers the app's tags.
 * Lines become text as `[speaker] text` joined by the separator, and text becomes lines the same way back,
 * as Gradio's default formatter and unformatter do.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { Props } from "../store.js";
import { Frame, Info, Label, inputId, num, text, useDispatcher, useProps } from "../block.js";
import { listOf } from "./media-common.js";
import { CopyButton } from "./textbox.js";
import "./dialogue.css";

interface Line {
  speaker: string;
  text: string;
}

/** Gradio's page colours speakers with these when the app gives no color_map. */
const DEFAULT_COLORS = [
  "rgba(254, 202, 202, 0.7)",
  "rgba(209, 250, 229, 0.7)",
  "rgba(219, 234, 254, 0.7)",
  "rgba(254, 243, 199, 0.7)",
  "rgba(233, 213, 255, 0.7)",
  "rgba(204, 251, 241, 0.7)",
  "rgba(254, 215, 170, 0.7)",
  "rgba(207, 250, 254, 0.7)",
  "rgba(217, 249, 157, 0.7)",
  "rgba(252, 231, 243, 0.7)",
];

function linesOf(value: unknown): Line[] | null {
  if (!Array.isArray(value)) return null;
  return value.map((line: Partial<Line> | null) => ({ speaker: text(line?.speaker), text: text(line?.text) }));
}

function formatLines(lines: Line[], separator: string): string {
  if (lines.length === 1 && lines[0]!.text === "") return "";
  return lines.map((line) => `[${line.speaker}] ${line.text}`).join(separator);
}

function unformatText(value: string, separator: string, defaultSpeaker: string): Line[] {
  return value
    .split(separator)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const end = line.indexOf("]");
      if (!line.startsWith("[") || end < 0) return { speaker: defaultSpeaker, text: line };
      return { speaker: line.slice(1, end), text: line.slice(end + 1).trim() };
    });
}

function speakerColors(props: Props, speakers: string[]): Record<string, string> {
  const map = props.color_map;
  if (map && typeof map === "object") return map as Record<string, string>;
  return Object.fromEntries(speakers.map((speaker, i) => [speaker, DEFAULT_COLORS[i % DEFAULT_COLORS.length]!]));
}

/** The tag search at the cursor: the text after the last ":" before it, if it holds no space. */
function tagQuery(value: string, cursor: number): { colon: number; query: string } | null {
  const colon = value.lastIndexOf(":", cursor - 1);
  if (colon < 0) return null;
  const query = value.slice(colon + 1, cursor);
  return query.includes(" ") ? null : { colon, query };
}

interface TagMenuState {
  line: number;
  colon: number;
  cursor: number;
  options: string[];
  active: number;
}

export function Dialogue({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const interactive = dispatcher.isInteractive(id);
  const speakers = listOf(props.speakers);
  const tags = listOf(props.tags);
  const separator = typeof props.separator === "string" ? props.separator : "\n";
  const uiMode = text(props.ui_mode, "both");
  const defaultSpeaker = speakers[0] ?? "";
  const value = props.value;
  const lines = linesOf(value) ?? [];
  const shownLines = lines.length > 0 ? lines : [{ speaker: defaultSpeaker, text: "" }];
  const [plainChosen, setPlain] = useState(typeof value === "string");
  const plain = uiMode === "text" || (uiMode === "both" && plainChosen);
  const [draft, setDraft] = useState(typeof value === "string" ? value : formatLines(lines, separator));
  const [menu, setMenu] = useState<TagMenuState | null>(null);
  const domId = inputId(id);
  const plainBox = useRef<HTMLTextAreaElement>(null);
  const firstLine = useRef<HTMLTextAreaElement>(null);
  const colors = speakerColors(props, speakers);
  const maxLines = num(props.max_lines);
  const buttons = listOf(props.buttons);

  // A value the app sends while the plain-text box shows replaces its text.
  useEffect(() => {
    if (typeof value === "string") setDraft(value);
    else if (Array.isArray(value)) setDraft(formatLines(linesOf(value) ?? [], separator));
    if (props.autoscroll !== false && plainBox.current) plainBox.current.scrollTop = plainBox.current.scrollHeight;
  }, [JSON.stringify(value)]);
  useEffect(() => {
    if (props.autofocus === true) (plainBox.current ?? firstLine.current)?.focus();
  }, []);

  const setLines = (next: Line[]) => dispatcher.setValue(id, next, true);
  const updateLine = (index: number, change: Partial<Line>) =>
    setLines(shownLines.map((line, i) => (i === index ? { ...line, ...change } : line)));

  const openMenu = (line: number, element: HTMLTextAreaElement) => {
    const cursor = element.selectionStart ?? element.value.length;
    const found = tagQuery(element.value, cursor);
    const options = found ? tags.filter((tag) => tag.toLowerCase().includes(found.query.toLowerCase())) : [];
    setMenu(found && options.length > 0 ? { line, colon: found.colon, cursor, options, active: 0 } : null);
  };

  const insertTag = (tag: string) => {
    if (!menu) return;
    const current = menu.line < 0 ? draft : (shownLines[menu.line]?.text ?? "");
    const next = `${current.slice(0, menu.colon)}${tag} ${current.slice(menu.cursor)}`;
    if (menu.line < 0) {
      setDraft(next);
      dispatcher.setValue(id, speakers.length === 0 ? next : unformatText(next, separator, defaultSpeaker), true);
    } else updateLine(menu.line, { text: next });
    setMenu(null);
  };

  const menuKeys = (event: KeyboardEvent) => {
    if (!menu) return;
    if (event.key === "Escape") setMenu(null);
    else if (event.key === "ArrowDown")
      setMenu({ ...menu, active: Math.min(menu.active + 1, menu.options.length - 1) });
    else if (event.key === "ArrowUp") setMenu({ ...menu, active: Math.max(menu.active - 1, 0) });
    else if (event.key === "Enter") insertTag(menu.options[menu.active]!);
    else return;
    event.preventDefault();
  };

  const switchMode = (toPlain: boolean) => {
    if (toPlain) setDraft(formatLines(shownLines, separator));
    else dispatcher.setValue(id, unformatText(draft, separator, defaultSpeaker), true);
    setMenu(null);
    setPlain(toPlain);
  };

  const submit = () => {
    if (plain) dispatcher.setValue(id, unformatText(draft, separator, defaultSpeaker), true);
    dispatcher.trigger(id, "submit");
  };

  const tagMenu = (line: number) =>
    menu && menu.line === line ? (
      <ul class="dialogue-tags" role="listbox" aria-label="Tags">
        {menu.options.map((tag, i) => (
          <li
            key={tag}
            role="option"
            aria-selected={i === menu.active}
            onMouseDown={(event) => {
              event.preventDefault();
              insertTag(tag);
            }}
          >
            {tag}
          </li>
        ))}
      </ul>
    ) : null;

  const copyText = typeof value === "string" ? value : formatLines(lines, separator);
  return (
    <Frame id={id} type="dialogue" props={props}>
      <div class="label-row">
        <Label props={props} htmlFor={plain ? domId : undefined} fallback="Dialogue" as={plain ? "label" : "span"} />
        {buttons.includes("copy") && props.show_label !== false && <CopyButton value={copyText} />}
      </div>
      <Info props={props} />
      {uiMode === "both" && (
        <label class="dialogue-switch">
          <input
            type="checkbox"
            role="switch"
            checked={plain}
            disabled={!interactive && typeof value !== "string" && lines.length === 0}
            onChange={(event) => switchMode(event.currentTarget.checked)}
          />
          Plain Text
        </label>
      )}
      {plain ? (
        <div class="dialogue-plain">
          <textarea
            ref={plainBox}
            id={domId}
            class="input"
            rows={5}
            value={draft}
            placeholder={text(props.placeholder) || undefined}
            readOnly={!interactive}
            onInput={(event) => {
              const next = event.currentTarget.value;
              setDraft(next);
              dispatcher.setValue(id, next, true);
              openMenu(-1, event.currentTarget);
            }}
            onKeyDown={menuKeys}
            onBlur={() => setMenu(null)}
          />
          {tagMenu(-1)}
        </div>
      ) : (
        <div class="dialogue-lines" data-testid="dialogue-lines">
          {shownLines.map((line, i) => (
            <div
              key={i}
              class="dialogue-line"
              data-speaker={line.speaker}
              style={interactive ? undefined : { "--speaker-color": colors[line.speaker] ?? "transparent" }}
            >
              {interactive && speakers.length > 0 ? (
                <select
                  class="input dialogue-speaker"
                  aria-label={`Speaker of line ${i + 1}`}
                  value={line.speaker}
                  onChange={(event) => updateLine(i, { speaker: event.currentTarget.value })}
                >
                  {(speakers.includes(line.speaker) ? speakers : [line.speaker, ...speakers]).map((speaker) => (
                    <option key={speaker} value={speaker}>
                      {speaker}
                    </option>
                  ))}
                </select>
              ) : (
                <span class="dialogue-speaker">{line.speaker}</span>
              )}
              <div class="dialogue-text">
                <textarea
                  ref={i === 0 ? firstLine : undefined}
                  class="input"
                  rows={1}
                  aria-label={`Line ${i + 1}`}
                  value={line.text}
                  placeholder={text(props.placeholder) || undefined}
                  readOnly={!interactive}
                  onInput={(event) => {
                    updateLine(i, { text: event.currentTarget.value });
                    openMenu(i, event.currentTarget);
                  }}
                  onKeyDown={menuKeys}
                  onBlur={() => setMenu(null)}
                />
                {tagMenu(i)}
              </div>
              {interactive && (maxLines === undefined || shownLines.length < maxLines) && (
                <button
                  type="button"
                  class="icon-button"
                  aria-label={`Add a line after line ${i + 1}`}
                  onClick={() =>
                    setLines([
                      ...shownLines.slice(0, i + 1),
                      { speaker: defaultSpeaker, text: "" },
                      ...shownLines.slice(i + 1),
                    ])
                  }
                >
                  +
                </button>
              )}
              {interactive && i > 0 && (
                <button
                  type="button"
                  class="icon-button"
                  aria-label={`Remove line ${i + 1}`}
                  onClick={() => setLines(shownLines.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              )}
            </div>
          ))}
        </div>
      )}
      {props.submit_btn && props.submit_btn !== false && interactive && (
        <div class="dialogue-submit">
          <button type="button" class="button button-primary button-lg" onClick={submit}>
            {typeof props.submit_btn === "string" ? props.submit_btn : "Submit"}
          </button>
        </div>
      )}
    </Frame>
  );
}
