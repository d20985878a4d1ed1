import { classes, elemClasses, num, safeLink, text, useProps, useDispatcher } from "../block.js";

/** A button; while a streaming call it started is running, it becomes a Stop button. */
export function Button({ id }: { id: number }) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const stop = dispatcher.stopper(id);
  const variant = stop ? "stop" : text(props.variant, "secondary");
  const size = text(props.size, "lg");
  const link = safeLink(props.link);
  const scale = num(props.scale);
  const style = scale !== undefined ? { flexGrow: scale } : undefined;
  const className = classes("button", `button-${variant}`, `button-${size}`, elemClasses(props));
  const label = stop ? "Stop" : text(props.value, "Run");
  const elemId = text(props.elem_id) || undefined;
  if (link && !stop) {
    return (
      <a
        id={elemId}
        class={className}
        style={style}
        href={link}
        target="_blank"
        rel="noopener noreferrer"
        data-testid={`button-${id}`}
      >
        {label}
      </a>
    );
  }
  return (
    <button
      id={stop && elemId ? `${elemId}-stop` : elemId}
      type="button"
      class={className}
      style={style}
      disabled={props.interactive === false}
      data-testid={`button-${id}`}
      onClick={() => (stop ? stop() : dispatcher.trigger(id, "click"))}
    >
      {label}
    </button>
  );
}
