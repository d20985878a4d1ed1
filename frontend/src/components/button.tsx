import { classes, elemClasses, num, safeLink, text, useProps, useDispatcher } from "../block.js";

/** Gradio's button `icon` (a FileData, or a URL as one): an image beside the label, or nothing. */
export function ButtonIcon({ icon }: { icon: unknown }) {
  const dispatcher = useDispatcher();
  const file = icon as { path?: unknown; url?: unknown } | null;
  if (typeof file?.path !== "string") return null;
  const url = safeLink(file.url) ?? safeLink(dispatcher.client.fileUrl(file.path));
  return url ? <img class="button-icon" src={url} alt="" /> : null;
}

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
        <ButtonIcon icon={props.icon} />
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
      {!stop && <ButtonIcon icon={props.icon} />}
      {label}
    </button>
  );
}
