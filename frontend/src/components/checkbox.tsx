/** Checkbox: a chunk of its own, loaded before the first render only by apps that use it. */
import { Frame, Info, Label, inputId, text, useProps, useDispatcher } from "../block.js";

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
