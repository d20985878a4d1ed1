/** Number: a chunk of its own, loaded before the first render only by apps that use it. */
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
