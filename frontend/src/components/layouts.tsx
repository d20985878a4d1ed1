/**
 * Tabs (with TabItem children) and Accordion: a chunk of their own, loaded before the first render only
 * by apps that use them (Row, Column and Group are in layout-basics.tsx, in the main bundle).
 */
import type { LayoutNode } from "../../../src/protocol/index.js";
import { text, useProps, useDispatcher } from "../block.js";
import { frameAttributes, type LayoutProps } from "./layout-basics.js";
import "./layouts.css";

export type { LayoutProps };

export function Accordion({ id, children }: LayoutProps) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  return (
    <details
      {...frameAttributes(props, "accordion")}
      open={props.open !== false}
      onToggle={(event) => {
        const open = (event.currentTarget as HTMLDetailsElement).open;
        if (open === (props.open !== false)) return;
        dispatcher.store.set(id, { open });
        dispatcher.trigger(id, open ? "expand" : "collapse");
      }}
    >
      <summary>{text(props.label) || "Details"}</summary>
      <div class="accordion-body">{children}</div>
    </details>
  );
}

/** Tabs with the ARIA tabs pattern: arrow keys move between tabs, only the selected panel is shown. */
export function Tabs({ id, node, children }: LayoutProps) {
  const dispatcher = useDispatcher();
  const props = useProps(id);
  const items = (node.children ?? []).filter((child) => dispatcher.typeOf(child.id) === "tabitem");
  const visible = items.filter((item) => dispatcher.store.props(item.id).visible !== false);
  // A tab is named by its `id` prop (gr.Tab({ id })), else by its block id. The user's choice is kept in
  // `selected` too, so that a fn returning gr.update({ selected }) for the Tabs moves it as in Gradio.
  const tabKey = (item: LayoutNode) => dispatcher.store.props(item.id).id ?? item.id;
  const current =
    visible.find(
      (item) => props.selected !== undefined && props.selected !== null && tabKey(item) === props.selected,
    ) ?? visible[0];
  const panels = Array.isArray(children) ? children : [children];

  const select = (item: LayoutNode, focus = false) => {
    dispatcher.store.set(id, { selected: tabKey(item) });
    const index = items.indexOf(item);
    const data = { index, value: text(dispatcher.store.props(item.id).label), selected: true };
    dispatcher.trigger(item.id, "select", data);
    // As in Gradio, the set of tabs fires too (a listener on gr.Tabs hears every tab of it).
    dispatcher.trigger(id, "select", data);
    dispatcher.trigger(id, "change");
    if (focus) document.getElementById(`tab-${item.id}`)?.focus();
  };

  return (
    <div {...frameAttributes(props, "tabs")}>
      <div class="tablist" role="tablist">
        {visible.map((item, index) => {
          const tabProps = dispatcher.store.props(item.id);
          const selected = item === current;
          return (
            <button
              key={item.id}
              id={`tab-${item.id}`}
              type="button"
              role="tab"
              class="tab"
              aria-selected={selected}
              aria-controls={`tabpanel-${item.id}`}
              tabIndex={selected ? 0 : -1}
              disabled={tabProps.interactive === false}
              onClick={() => select(item)}
              onKeyDown={(event) => {
                const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
                if (!step) return;
                event.preventDefault();
                select(visible[(index + step + visible.length) % visible.length]!, true);
              }}
            >
              {text(tabProps.label) || `Tab ${index + 1}`}
            </button>
          );
        })}
      </div>
      {items.map((item, index) =>
        item === current ? (
          <div
            key={item.id}
            id={`tabpanel-${item.id}`}
            role="tabpanel"
            aria-labelledby={`tab-${item.id}`}
            class="tabpanel"
          >
            {panels[index]}
          </div>
        ) : null,
      )}
    </div>
  );
}

/** A tab's content; the Tabs parent draws the tab itself. */
export function TabItem({ id, children }: LayoutProps) {
  const props = useProps(id);
  return <div {...frameAttributes(props, "tabitem column")}>{children}</div>;
}
