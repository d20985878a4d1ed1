/** Components that show a value: JSON, Label (a chunk of their own, loaded when an app uses them). */
import { useState } from "preact/hooks";
import "./components.css";
import { Frame, Label as BlockLabel, inputId, num, text, useProps, useDispatcher } from "../block.js";
import { CopyButton } from "./textbox.js";

export function Json({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const interactive = dispatcher.isInteractive(id);
  const formatted = props.value === null || props.value === undefined ? "" : JSON.stringify(props.value, null, 2);
  const [draft, setDraft] = useState<string | null>(null);
  const domId = inputId(id);
  return (
    <Frame id={id} type="json" props={props}>
      <div class="label-row">
        <BlockLabel
          props={props}
          htmlFor={interactive ? domId : undefined}
          fallback="JSON"
          as={interactive ? "label" : "span"}
        />
        {formatted && <CopyButton value={formatted} />}
      </div>
      {interactive ? (
        <>
          <textarea
            id={domId}
            class="input code"
            rows={Math.min(20, Math.max(3, (draft ?? formatted).split("\n").length))}
            value={draft ?? formatted}
            aria-invalid={draft !== null}
            onInput={(event) => {
              const raw = event.currentTarget.value;
              try {
                dispatcher.setValue(id, raw.trim() === "" ? null : JSON.parse(raw), true);
                setDraft(null);
              } catch {
                setDraft(raw);
              }
            }}
          />
          {draft !== null && <p class="info error-text">Not valid JSON yet.</p>}
        </>
      ) : formatted ? (
        <pre class="json" tabIndex={0}>
          <JsonTokens source={formatted} />
        </pre>
      ) : (
        <p class="empty">Empty</p>
      )}
    </Frame>
  );
}

/** Colours keys, strings, numbers and literals of pretty-printed JSON. */
function JsonTokens({ source }: { source: string }) {
  const parts: preact.JSX.Element[] = [];
  // eslint-disable-next-line security/detect-unsafe-regex -- linear: [^"\\] and \\. cannot match the same text, so there is one way to match a string
  const pattern = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false|null)/g;
  let last = 0;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    if (match.index > last) parts.push(<>{source.slice(last, match.index)}</>);
    const kind = match[1] ? (match[2] ? "key" : "string") : match[3] ? "number" : "literal";
    parts.push(<span class={`json-${kind}`}>{match[1] ?? match[0]}</span>);
    if (match[2]) parts.push(<>{match[2]}</>);
    last = pattern.lastIndex;
  }
  parts.push(<>{source.slice(last)}</>);
  return <>{parts}</>;
}

interface Confidence {
  label: unknown;
  confidence: unknown;
}

export function LabelView({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  // With a select listener each class is a button, as in Gradio.
  const selectable = dispatcher.hasListener(id, "select");
  const value = (props.value ?? null) as { label?: unknown; confidences?: Confidence[] | null } | null;
  const confidences = Array.isArray(value?.confidences) ? value.confidences : [];
  return (
    <Frame id={id} type="label" props={props}>
      <BlockLabel props={props} fallback="Label" as="span" />
      {value && value.label !== null && value.label !== undefined ? (
        <p class="label-top">{text(value.label)}</p>
      ) : (
        <p class="empty">Empty</p>
      )}
      {confidences.length > 0 && (
        <ul class="confidences">
          {confidences.map((item, index) => {
            const confidence = num(item.confidence) ?? 0;
            const percent = Math.round(confidence * 100);
            const row = (
              <>
                <div class="confidence-text">
                  <span>{text(item.label)}</span>
                  <span>{percent}%</span>
                </div>
                <div
                  class="bar"
                  role="meter"
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={percent}
                  aria-label={text(item.label)}
                >
                  <div class="bar-fill" style={{ width: `${percent}%` }} />
                </div>
              </>
            );
            const pick = () => dispatcher.trigger(id, "select", { index, value: item.label, selected: true });
            return (
              <li key={index} class="confidence">
                {selectable ? (
                  <button type="button" class="confidence-select" onClick={pick}>
                    {row}
                  </button>
                ) : (
                  row
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Frame>
  );
}
