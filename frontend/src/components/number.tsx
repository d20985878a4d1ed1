import { Frame, Info, Label, inputId, num, text, useProps, useDispatcher } from "../block.js";

export function NumberInput({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const domId = inputId(id);
  const value = num(props.value);
  return (
    <Frame id={id} type="number" props={props}>
      <Label props={props} htmlFor={domId} fallback="Number" />
      <Info props={props} id={`${domId}-info`} />
      <input
        id={domId}
        class="input"
        type="number"
        inputMode="decimal"
        value={value ?? ""}
        min={num(props.minimum)}
        max={num(props.maximum)}
        step={num(props.step) ?? "any"}
        placeholder={text(props.placeholder) || undefined}
        readOnly={!dispatcher.isInteractive(id)}
        aria-describedby={props.info ? `${domId}-info` : undefined}
        onInput={(event) => {
          const raw = event.currentTarget.value;
          if (raw === "" || Number.isFinite(Number(raw)))
            dispatcher.setValue(id, raw === "" ? null : Number(raw), true);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter" && dispatcher.hasListener(id, "submit")) {
            event.preventDefault();
            dispatcher.trigger(id, "submit");
          }
        }}
        onFocus={() => dispatcher.trigger(id, "focus")}
        onBlur={() => dispatcher.trigger(id, "blur")}
      />
    </Frame>
  );
}

export function Slider({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const domId = inputId(id);
  const minimum = num(props.minimum) ?? 0;
  const maximum = num(props.maximum) ?? 100;
  const step = num(props.step) ?? 1;
  const value = num(props.value) ?? minimum;
  const interactive = dispatcher.isInteractive(id);
  const set = (raw: string) => {
    if (raw !== "" && Number.isFinite(Number(raw))) dispatcher.setValue(id, Number(raw), true);
  };
  const release = () => dispatcher.trigger(id, "release", value);
  return (
    <Frame id={id} type="slider" props={props}>
      <div class="label-row">
        <Label props={props} htmlFor={domId} fallback="Slider" />
        <input
          class="input slider-number"
          type="number"
          aria-label={`${text(props.label) || "Slider"} value`}
          value={value}
          min={minimum}
          max={maximum}
          step={step}
          disabled={!interactive}
          onInput={(event) => set(event.currentTarget.value)}
          onChange={release}
        />
      </div>
      <Info props={props} id={`${domId}-info`} />
      <input
        id={domId}
        class="range"
        type="range"
        value={value}
        min={minimum}
        max={maximum}
        step={step}
        disabled={!interactive}
        aria-describedby={props.info ? `${domId}-info` : undefined}
        onInput={(event) => set(event.currentTarget.value)}
        onChange={release}
      />
    </Frame>
  );
}

export function Checkbox({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const domId = inputId(id);
  return (
    <Frame id={id} type="checkbox" props={props}>
      {props.show_label !== false && props.info ? (
        <Label props={props} htmlFor={domId} fallback="Checkbox" as="span" />
      ) : null}
      <Info props={props} id={`${domId}-info`} />
      <label class="check">
        <input
          id={domId}
          type="checkbox"
          checked={props.value === true}
          disabled={!dispatcher.isInteractive(id)}
          aria-describedby={props.info ? `${domId}-info` : undefined}
          onChange={(event) => {
            const checked = event.currentTarget.checked;
            dispatcher.setValue(id, checked, true);
            dispatcher.trigger(id, "select", { index: null, value: checked, selected: checked });
          }}
        />
        <span>{text(props.label) || "Checkbox"}</span>
      </label>
    </Frame>
  );
}
