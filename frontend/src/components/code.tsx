/**
 * Code: a syntax-highlighted editor. A transparent textarea lies over highlighted text (highlight.js,
 * loaded with the language the first time it is needed), so typing, selection, undo and screen readers
 * all work as in a plain textarea. Tab indents; Escape then Tab leaves the editor.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { Frame, Info, Label, classes, inputId, num, text, useProps, useDispatcher } from "../block.js";
import { CopyButton } from "./textbox.js";
import "./components.css";

type Highlighter = typeof import("../highlight.js");
let highlighter: Promise<Highlighter> | null = null;

function useHighlighted(code: string, language: string | null): string | null {
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    highlighter ??= import("../highlight.js");
    void highlighter.then(async (module) => {
      const name = await module.loadLanguage(language);
      if (current) setHtml(module.highlight(code, name));
    });
    return () => {
      current = false;
    };
  }, [code, language]);
  return html;
}

export function Code({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const interactive = dispatcher.isInteractive(id);
  const value = text(props.value);
  const language = typeof props.language === "string" ? props.language : null;
  const html = useHighlighted(value, language);
  const lines = value.split("\n").length;
  const minLines = Math.max(1, num(props.lines) ?? 5);
  const maxLines = num(props.max_lines);
  const rows = Math.max(minLines, maxLines ? Math.min(maxLines, lines) : lines);
  const domId = inputId(id);
  const pre = useRef<HTMLPreElement>(null);
  const gutter = useRef<HTMLPreElement>(null);
  const escaped = useRef(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.style.setProperty("--rows", String(rows));
  }, [rows]);
  const showNumbers = props.show_line_numbers !== false;

  const edit = (next: string) => dispatcher.setValue(id, next, true);
  return (
    <Frame id={id} type="code" props={props}>
      <div class="label-row">
        <Label
          props={props}
          htmlFor={interactive ? domId : undefined}
          fallback="Code"
          as={interactive ? "label" : "span"}
        />
        {value && <CopyButton value={value} />}
      </div>
      <Info props={props} id={`${domId}-info`} />
      <div
        ref={box}
        class={classes("code-editor", props.wrap_lines === true && "code-wrap", showNumbers && "with-numbers")}
        data-language={language ?? "text"}
      >
        {showNumbers && (
          <pre ref={gutter} class="code-gutter" aria-hidden="true">
            {Array.from({ length: Math.max(lines, rows) }, (_, i) => `${i + 1}`).join("\n")}
          </pre>
        )}
        <pre
          ref={pre}
          class="code-highlight"
          aria-hidden={interactive ? "true" : undefined}
          tabIndex={interactive ? -1 : 0}
        >
          {html === null ? (
            <code>{value}</code>
          ) : (
            <code class={`hljs language-${language ?? "text"}`} dangerouslySetInnerHTML={{ __html: `${html}\n` }} />
          )}
        </pre>
        {interactive && (
          <textarea
            id={domId}
            class="code-input"
            value={value}
            spellcheck={false}
            autoComplete="off"
            autoCapitalize="off"
            wrap={props.wrap_lines === true ? "soft" : "off"}
            aria-describedby={props.info ? `${domId}-info` : undefined}
            onInput={(event) => edit(event.currentTarget.value)}
            onBlur={() => dispatcher.trigger(id, "blur")}
            onScroll={(event) => {
              if (pre.current) {
                pre.current.scrollTop = event.currentTarget.scrollTop;
                pre.current.scrollLeft = event.currentTarget.scrollLeft;
              }
              if (gutter.current) gutter.current.scrollTop = event.currentTarget.scrollTop;
            }}
            onKeyDown={(event) => {
              if (event.key === "Escape") {
                escaped.current = true;
                return;
              }
              if (event.key === "Tab" && !escaped.current && !event.ctrlKey && !event.altKey && !event.metaKey) {
                event.preventDefault();
                const area = event.currentTarget;
                const { selectionStart: start, selectionEnd: end } = area;
                if (event.shiftKey) {
                  const lineStart = value.lastIndexOf("\n", start - 1) + 1;
                  const removable = value.slice(lineStart, lineStart + 4).match(/^ {1,4}/)?.[0].length ?? 0;
                  if (!removable) return;
                  area.value = value.slice(0, lineStart) + value.slice(lineStart + removable);
                  area.setSelectionRange(Math.max(lineStart, start - removable), Math.max(lineStart, end - removable));
                  edit(area.value);
                } else {
                  // Changed in place, so the caret stays put and keys typed right after land behind the indent.
                  area.setRangeText("    ", start, end, "end");
                  edit(area.value);
                }
                return;
              }
              escaped.current = false;
            }}
          />
        )}
      </div>
    </Frame>
  );
}
