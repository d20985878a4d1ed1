import { useEffect, useRef, useState } from "preact/hooks";
import { Frame, Info, Label, inputId, num, text, useProps, useDispatcher } from "../block.js";

export function Textbox({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const interactive = dispatcher.isInteractive(id);
  const value = text(props.value);
  const lines = Math.max(1, num(props.lines) ?? 1);
  const maxLines = Math.max(lines, num(props.max_lines) ?? 20);
  const domId = inputId(id);
  const infoId = props.info ? `${domId}-info` : undefined;
  const common = {
    id: domId,
    value,
    placeholder: text(props.placeholder) || undefined,
    readOnly: !interactive,
    dir: props.rtl === true ? ("rtl" as const) : ("auto" as const),
    "aria-describedby": infoId,
    autoFocus: props.autofocus === true,
    maxLength: num(props.max_length),
    onInput: (event: Event) => dispatcher.setValue(id, (event.currentTarget as HTMLInputElement).value, true),
    onFocus: () => dispatcher.trigger(id, "focus"),
    onBlur: () => dispatcher.trigger(id, "blur"),
    onSelect: ({ currentTarget: box }: Event & { currentTarget: HTMLInputElement }) => {
      const index = [box.selectionStart ?? 0, box.selectionEnd ?? 0] as const;
      dispatcher.trigger(id, "select", { value: box.value.slice(...index), index, selected: true });
    },
  };
  /** Enter submits a one-line box; in a multi-line box Enter is a newline and Ctrl/Cmd+Enter submits. */
  const submitOn = (needsModifier: boolean) => (event: KeyboardEvent) => {
    if (event.key !== "Enter" || event.isComposing || (needsModifier && !event.ctrlKey && !event.metaKey)) return;
    if (!dispatcher.hasListener(id, "submit")) return;
    event.preventDefault();
    dispatcher.trigger(id, "submit");
  };
  const type = text(props.type, "text");
  const multiline = type === "text" && (lines > 1 || !interactive || value.includes("\n"));
  return (
    <Frame id={id} type="textbox" props={props}>
      <div class="label-row">
        <Label props={props} htmlFor={domId} fallback="Textbox" />
        {!interactive && value && (
          <CopyButton value={value} onCopied={() => dispatcher.trigger(id, "copy", { value })} />
        )}
      </div>
      <Info props={props} id={infoId} />
      {multiline ? (
        <AutoTextarea {...common} minRows={lines} maxRows={maxLines} onKeyDown={submitOn(true)} />
      ) : (
        <input
          {...common}
          type={(type === "password" || type === "email" ? type : "text") as "text"}
          class="input"
          onKeyDown={submitOn(false)}
        />
      )}
    </Frame>
  );
}

type TextareaProps = Record<string, unknown> & { value: string; minRows: number; maxRows: number };

/** Grows with its content between `minRows` and `maxRows`. */
function AutoTextarea({ minRows, maxRows, value, ...rest }: TextareaProps) {
  const rows = Math.min(maxRows, Math.max(minRows, value.split("\n").length));
  return <textarea {...rest} value={value} rows={rows} class="input" />;
}

/** `onCopied` lets the component fire its "copy" event once the text is on the clipboard. */
export function CopyButton({ value, onCopied }: { value: string; onCopied?: () => void }) {
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <button
      type="button"
      class="icon-button"
      onClick={() => {
        void navigator.clipboard?.writeText(value).then(() => {
          onCopied?.();
          setCopied(true);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => setCopied(false), 1500);
        });
      }}
    >
      {copied ? "Copied" : "Copy"}
    </button>
  );
}
