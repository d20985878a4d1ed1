/** Components that pick from `choices` (`[[shown, value], ...]`): CheckboxGroup, Radio, Dropdown. */
import { Frame, Info, Label, inputId, text, useProps, useDispatcher } from "../block.js";
import "./components.css";
import type { Props } from "../store.js";

type Choice = [label: string, value: unknown];

function choicesOf(props: Props): Choice[] {
  if (!Array.isArray(props.choices)) return [];
  return props.choices.map((choice): Choice =>
    Array.isArray(choice) ? [text(choice[0]), choice[1]] : [text(choice), choice],
  );
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

export function CheckboxGroup({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const selected = Array.isArray(props.value) ? props.value : [];
  const disabled = !dispatcher.isInteractive(id);
  const toggle = (index: number, value: unknown, on: boolean) => {
    const next = choicesOf(props)
      .map(([, v]) => v)
      .filter((v) => (same(v, value) ? on : selected.some((s) => same(s, v))));
    dispatcher.setValue(id, next, true);
    dispatcher.trigger(id, "select", { index, value, selected: on });
  };
  return (
    <Frame id={id} type="checkboxgroup" props={props}>
      <fieldset class="choices" aria-describedby={props.info ? `${inputId(id)}-info` : undefined}>
        <Label props={props} fallback="Options" as="legend" />
        <Info props={props} id={`${inputId(id)}-info`} />
        <div class="choice-list">
          {choicesOf(props).map(([label, value], index) => (
            <label class="check choice" key={index}>
              <input
                type="checkbox"
                disabled={disabled}
                checked={selected.some((s) => same(s, value))}
                onChange={(event) => toggle(index, value, event.currentTarget.checked)}
              />
              <span>{label}</span>
            </label>
          ))}
        </div>
      </fieldset>
    </Frame>
  );
}

export function Radio({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const disabled = !dispatcher.isInteractive(id);
  return (
    <Frame id={id} type="radio" props={props}>
      <fieldset class="choices" role="radiogroup" aria-describedby={props.info ? `${inputId(id)}-info` : undefined}>
        <Label props={props} fallback="Options" as="legend" />
        <Info props={props} id={`${inputId(id)}-info`} />
        <div class="choice-list">
          {choicesOf(props).map(([label, value], index) => (
            <label class="check choice" key={index}>
              <input
                type="radio"
                name={inputId(id)}
                disabled={disabled}
                checked={same(props.value, value)}
                onChange={() => {
                  dispatcher.setValue(id, value, true);
                  dispatcher.trigger(id, "select", { index, value, selected: true });
                }}
              />
              <span>{label}</span>
            </label>
          ))}
        </div>
      </fieldset>
    </Frame>
  );
}

/**
 * A native <select> (accessible, good on phones). Multiselect shows the picked values as removable
 * chips above it; `allow_custom_value` uses a text box with suggestions.
 */
export function Dropdown({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const choices = choicesOf(props);
  const domId = inputId(id);
  const disabled = !dispatcher.isInteractive(id);
  const multiselect = props.multiselect === true;
  const selected = multiselect ? (Array.isArray(props.value) ? props.value : []) : [props.value];
  const pick = (index: number, value: unknown) => {
    if (multiselect) {
      if (selected.some((s) => same(s, value))) return;
      const max = typeof props.max_choices === "number" ? props.max_choices : Infinity;
      if (selected.length >= max) return;
      dispatcher.setValue(id, [...selected, value], true);
    } else {
      dispatcher.setValue(id, value, true);
    }
    dispatcher.trigger(id, "select", { index, value, selected: true });
  };
  const remove = (value: unknown) =>
    dispatcher.setValue(
      id,
      selected.filter((s) => !same(s, value)),
      true,
    );
  const labelOf = (value: unknown) => choices.find(([, v]) => same(v, value))?.[0] ?? text(value);
  const describedBy = props.info ? `${domId}-info` : undefined;

  let control;
  if (props.allow_custom_value === true && !multiselect) {
    control = (
      <>
        <input
          id={domId}
          class="input"
          list={`${domId}-list`}
          value={labelOf(props.value)}
          disabled={disabled}
          aria-describedby={describedBy}
          onFocus={() => dispatcher.trigger(id, "focus")}
          onBlur={() => dispatcher.trigger(id, "blur")}
          onKeyUp={(event) =>
            dispatcher.trigger(id, "key_up", { key: event.key, input_value: event.currentTarget.value })
          }
          onChange={(event) => {
            const typed = event.currentTarget.value;
            const index = choices.findIndex(([label]) => label === typed);
            if (index >= 0) pick(index, choices[index]![1]);
            else dispatcher.setValue(id, typed, true);
          }}
        />
        <datalist id={`${domId}-list`}>
          {choices.map(([label], index) => (
            <option key={index} value={label} />
          ))}
        </datalist>
      </>
    );
  } else {
    const current = multiselect ? -1 : choices.findIndex(([, v]) => same(v, props.value));
    control = (
      <select
        id={domId}
        class="input"
        disabled={disabled}
        aria-describedby={describedBy}
        value={String(current)}
        onChange={(event) => {
          const index = Number(event.currentTarget.value);
          const choice = choices[index];
          if (choice) pick(index, choice[1]);
          if (multiselect) event.currentTarget.value = "-1";
        }}
      >
        {(multiselect || current < 0) && <option value="-1">{multiselect ? "Add…" : "Select…"}</option>}
        {choices.map(([label, value], index) => (
          <option key={index} value={String(index)} disabled={multiselect && selected.some((s) => same(s, value))}>
            {label}
          </option>
        ))}
      </select>
    );
  }

  return (
    <Frame id={id} type="dropdown" props={props}>
      <Label props={props} htmlFor={domId} fallback="Dropdown" />
      <Info props={props} id={describedBy} />
      {multiselect && selected.length > 0 && (
        <ul class="chips" aria-label="Selected">
          {selected.map((value, index) => (
            <li class="chip" key={index}>
              {labelOf(value)}
              {!disabled && (
                <button
                  type="button"
                  class="chip-remove"
                  aria-label={`Remove ${labelOf(value)}`}
                  onClick={() => remove(value)}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {control}
    </Frame>
  );
}
