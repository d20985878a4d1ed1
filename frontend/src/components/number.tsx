import { Frame, Info, Label, inputId, num, text, useProps, useDispatcher } from "../block.js";

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
