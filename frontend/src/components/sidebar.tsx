/** Sidebar: a panel fixed to one side of the page, opened and closed by its toggle (a lazy chunk: few apps use it). */
import { useState } from "preact/hooks";
import { classes, elemClasses, num, text, useProps, useDispatcher } from "../block.js";
import type { LayoutProps } from "./layout-basics.js";
import "./sidebar.css";

/** Gradio's `width`: pixels for a number, any CSS length for a string. */
function cssWidth(value: unknown): string {
  const pixels = num(value);
  return pixels !== undefined ? `${pixels}px` : text(value) || "320px";
}

export function Sidebar({ id, children }: LayoutProps) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const wanted = props.open !== false;
  // The user's toggle wins until the server sends a new `open` (gr.update(open=...)).
  const [local, setLocal] = useState<{ from: boolean; open: boolean } | null>(null);
  const open = local && local.from === wanted ? local.open : wanted;
  const right = text(props.position) === "right";
  const toggle = () => {
    setLocal({ from: wanted, open: !open });
    dispatcher.trigger(id, open ? "collapse" : "expand");
  };
  return (
    <aside
      id={text(props.elem_id) || undefined}
      class={classes("sidebar", right ? "sidebar-right" : "sidebar-left", open && "open", elemClasses(props))}
      style={{ "--sidebar-width": cssWidth(props.width) }}
      data-testid={`sidebar-${id}`}
    >
      <button
        type="button"
        class="sidebar-toggle"
        aria-expanded={open}
        aria-controls={`sidebar-body-${id}`}
        aria-label={open ? "Close sidebar" : "Open sidebar"}
        onClick={toggle}
      >
        <span aria-hidden="true">{open === right ? "›" : "‹"}</span>
      </button>
      <div id={`sidebar-body-${id}`} class="sidebar-body" hidden={!open}>
        {children}
      </div>
    </aside>
  );
}
