/** HighlightedText, ColorPicker, DateTime, UploadButton, DownloadButton, Timer and BrowserState. */
import { ButtonIcon } from "./button.js";
import { useEffect, useRef, useState } from "preact/hooks";
import type { FileData } from "../../../src/protocol/index.js";
import { Frame, Info, Label, classes, elemClasses, inputId, num, text, useProps, useDispatcher } from "../block.js";
import { fileName, useFileUrl } from "../files.js";
import { acceptOf, filesOf, isFile, listOf, useUploader } from "./media-common.js";

const PALETTE = [
  "#fde68a",
  "#bfdbfe",
  "#bbf7d0",
  "#fecaca",
  "#e9d5ff",
  "#a5f3fc",
  "#fed7aa",
  "#fbcfe8",
  "#d9f99d",
  "#c7d2fe",
];
const safeColor = (value: unknown) =>
  typeof value === "string" && /^#[0-9a-f]{3,8}$|^[a-z]{3,20}$/i.test(value) ? value : null;

export function HighlightedText({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const tokens = (Array.isArray(props.value) ? props.value : []).map((item) =>
    Array.isArray(item)
      ? { token: text(item[0]), label: (item[1] ?? null) as string | number | null }
      : {
          token: text((item as { token?: unknown }).token),
          label: ((item as { class_or_confidence?: unknown }).class_or_confidence ?? null) as string | number | null,
        },
  );
  const colorMap = (props.color_map ?? {}) as Record<string, unknown>;
  const labels = [...new Set(tokens.flatMap((t) => (typeof t.label === "string" ? [t.label] : [])))];
  const colorOf = (label: string) => safeColor(colorMap[label]) ?? PALETTE[labels.indexOf(label) % PALETTE.length]!;
  const background = (label: string | number | null) =>
    label === null
      ? undefined
      : typeof label === "number"
        ? label >= 0
          ? `rgb(34 197 94 / ${Math.min(1, Math.abs(label))})`
          : `rgb(239 68 68 / ${Math.min(1, Math.abs(label))})`
        : colorOf(label);
  return (
    <Frame id={id} type="highlightedtext" props={props}>
      <Label props={props} fallback="Highlighted text" as="span" />
      {props.show_legend === true && labels.length > 0 && (
        <ul class="legend" aria-label="Categories">
          {labels.map((label) => (
            <li key={label} class="legend-item" style={{ borderLeftColor: colorOf(label) }}>
              {label}
            </li>
          ))}
        </ul>
      )}
      {tokens.length === 0 ? (
        <p class="empty">Empty</p>
      ) : (
        <p class="highlighted" dir="auto">
          {tokens.map((t, index) =>
            t.label === null ? (
              <span key={index}>{t.token}</span>
            ) : (
              <mark
                key={index}
                class="hl"
                style={{ backgroundColor: background(t.label) }}
                data-label={String(t.label)}
                onClick={() => dispatcher.trigger(id, "select", { index, value: [t.token, t.label], selected: true })}
              >
                {t.token}
                {props.show_inline_category !== false && typeof t.label === "string" && (
                  <span class="hl-label">{t.label}</span>
                )}
                {typeof t.label === "number" && <span class="sr-only"> ({t.label})</span>}
              </mark>
            ),
          )}
        </p>
      )}
    </Frame>
  );
}

export function ColorPicker({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const interactive = dispatcher.isInteractive(id);
  const value = text(props.value);
  const domId = inputId(id);
  const [draft, setDraft] = useState<string | null>(null);
  const full = /^#[0-9a-f]{6}$/i.test(value)
    ? value
    : /^#[0-9a-f]{3}$/i.test(value)
      ? `#${[...value.slice(1)].map((c) => c + c).join("")}`
      : /^#[0-9a-f]{8}$/i.test(value)
        ? value.slice(0, 7)
        : "#000000";
  return (
    <Frame id={id} type="colorpicker" props={props}>
      <Label props={props} htmlFor={domId} fallback="Color" />
      <Info props={props} id={`${domId}-info`} />
      <div class="color-row">
        <input
          id={domId}
          type="color"
          class="color-swatch"
          value={full}
          disabled={!interactive}
          onInput={(event) => dispatcher.setValue(id, event.currentTarget.value.toLowerCase(), true)}
          onBlur={() => dispatcher.trigger(id, "blur")}
        />
        <input
          type="text"
          class="input color-hex"
          aria-label={`${text(props.label) || "Color"} (hex)`}
          value={draft ?? value}
          readOnly={!interactive}
          aria-invalid={draft !== null}
          onInput={(event) => {
            const raw = event.currentTarget.value.trim();
            if (/^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(raw)) {
              setDraft(null);
              dispatcher.setValue(id, raw.toLowerCase(), true);
            } else setDraft(raw);
          }}
          onKeyDown={(event) => event.key === "Enter" && dispatcher.trigger(id, "submit")}
        />
      </div>
    </Frame>
  );
}

const pad = (n: number) => String(n).padStart(2, "0");
/** "YYYY-MM-DD HH:MM:SS" in UTC (the server's zone). */
function format(ms: number, includeTime: boolean): string {
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return includeTime ? `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` : date;
}

export function DateTime({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const interactive = dispatcher.isInteractive(id);
  const includeTime = props.include_time !== false;
  const value = text(props.value);
  const domId = inputId(id);
  const parsed = /^\d{4}-\d\d-\d\d/.test(value)
    ? Date.parse(`${value.replace(" ", "T")}${value.length > 10 ? "Z" : ""}`)
    : Number.NaN;
  const pickerValue = Number.isFinite(parsed)
    ? includeTime
      ? format(parsed, true).replace(" ", "T")
      : format(parsed, false)
    : "";
  return (
    <Frame id={id} type="datetime" props={props}>
      <Label props={props} htmlFor={domId} fallback="Date" />
      <Info props={props} id={`${domId}-info`} />
      <div class="color-row">
        <input
          id={domId}
          class="input"
          value={value}
          readOnly={!interactive}
          placeholder={includeTime ? "YYYY-MM-DD HH:MM:SS" : "YYYY-MM-DD"}
          onInput={(event) => dispatcher.setValue(id, event.currentTarget.value, true)}
          onKeyDown={(event) => event.key === "Enter" && dispatcher.trigger(id, "submit")}
          onBlur={() => dispatcher.trigger(id, "blur")}
        />
        {interactive && (
          <>
            <input
              type={includeTime ? "datetime-local" : "date"}
              class="input date-picker"
              step={1}
              aria-label="Pick a date (UTC)"
              value={pickerValue}
              onInput={(event) => {
                const raw = event.currentTarget.value;
                if (!raw) return;
                dispatcher.setValue(
                  id,
                  includeTime ? `${raw.replace("T", " ")}${raw.length === 16 ? ":00" : ""}` : raw,
                  true,
                );
              }}
            />
            <button
              type="button"
              class="icon-button"
              onClick={() => dispatcher.setValue(id, format(Date.now(), includeTime), true)}
            >
              Now
            </button>
          </>
        )}
      </div>
      <p class="info">Times are UTC.</p>
    </Frame>
  );
}

function buttonClasses(props: Record<string, unknown>, stretch = true) {
  return classes(
    "button",
    `button-${text(props.variant, "secondary")}`,
    `button-${text(props.size, "lg")}`,
    stretch && "button-file",
    elemClasses(props),
  );
}

export function UploadButton({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const { progress, upload } = useUploader(dispatcher);
  const multiple = props.file_count === "multiple" || props.file_count === "directory";
  const input = useRef<HTMLInputElement>(null);
  const scale = num(props.scale);
  return (
    <>
      <button
        type="button"
        id={text(props.elem_id) || undefined}
        class={buttonClasses(props)}
        style={scale !== undefined ? { flexGrow: scale } : undefined}
        disabled={props.interactive === false || progress !== null}
        data-testid={`uploadbutton-${id}`}
        onClick={() => {
          dispatcher.trigger(id, "click");
          input.current?.click();
        }}
      >
        {progress === null && <ButtonIcon icon={props.icon} />}
        {progress !== null ? `Uploading… ${Math.round(progress * 100)}%` : text(props.label) || "Upload a File"}
      </button>
      <input
        ref={input}
        type="file"
        class="sr-only"
        tabIndex={-1}
        aria-hidden="true"
        aria-label={text(props.label) || "Upload a File"}
        accept={acceptOf(listOf(props.file_types))}
        multiple={multiple}
        onChange={async (event) => {
          const element = event.currentTarget;
          const uploaded = await upload(Array.from(element.files ?? []));
          element.value = "";
          if (!uploaded) return;
          dispatcher.setValue(id, multiple ? uploaded : (uploaded[0] ?? null), true);
          dispatcher.trigger(id, "upload");
        }}
      />
    </>
  );
}

export function DownloadButton({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const urlOf = useFileUrl();
  const file = filesOf(props.value)[0] as FileData | undefined;
  const url = file ? urlOf(file) : null;
  const label = text(props.label) || "Download";
  const scale = num(props.scale);
  const style = scale !== undefined ? { flexGrow: scale } : undefined;
  if (!url || props.interactive === false) {
    return (
      <button type="button" class={buttonClasses(props)} style={style} disabled data-testid={`downloadbutton-${id}`}>
        <ButtonIcon icon={props.icon} />
        {label}
      </button>
    );
  }
  return (
    <a
      id={text(props.elem_id) || undefined}
      class={buttonClasses(props)}
      style={style}
      href={url}
      download={file ? fileName(file) : true}
      data-testid={`downloadbutton-${id}`}
      onClick={() => dispatcher.trigger(id, "click")}
    >
      <ButtonIcon icon={props.icon} />
      {label}
    </a>
  );
}

/** Invisible: fires `tick` every `value` seconds while `active`. */
export function Timer({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const seconds = num(props.value) ?? 1;
  const active = props.active !== false;
  useEffect(() => {
    if (!active || seconds <= 0) return;
    const timer = setInterval(() => dispatcher.trigger(id, "tick"), Math.max(10, seconds * 1000));
    return () => clearInterval(timer);
  }, [seconds, active]);
  return null;
}

/** Invisible: keeps its value in localStorage (read at start-up by the store, written here on change). */
export function BrowserState({ id }: { id: number }) {
  const props = useProps(id);
  const key = text(props.storage_key) || `gradio-ts-browser-state-${id}`;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    try {
      if (props.value === null || props.value === undefined) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(props.value));
    } catch {
      // storage full or disabled: the value still lives for this page
    }
  }, [JSON.stringify(props.value ?? null)]);
  return null;
}

export { isFile };
