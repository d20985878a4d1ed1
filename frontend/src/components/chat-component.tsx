/**
 * A component inside a Chatbot message (Gradio's ComponentMessage `{ component, value, props }`), shown
 * by the page's own component of that type, read-only. It lives in the store under an id of its own,
 * below zero so it never meets a block of the app: no event listens to it, so nothing it fires goes out.
 */
import type { ComponentType } from "preact";
import { useEffect, useLayoutEffect, useState } from "preact/hooks";
import { useDispatcher } from "../block.js";
import { componentOf } from "../render.js";
import type { Props } from "../store.js";

export interface ComponentPart {
  type: "component";
  component: string;
  value: unknown;
  props: Props;
}

let nextMessageBlockId = -1;

/** The props the message's component is shown with: Gradio's chat view shows the label only when there is one. */
function shownProps(part: ComponentPart): Props {
  const props = part.props ?? {};
  return {
    ...props,
    value: part.value,
    interactive: false,
    show_label: Boolean(props.label),
    // The message bubble is its frame.
    container: false,
    elem_id: null,
    visible: true,
  };
}

export function MessageComponent({ part }: { part: ComponentPart }) {
  const dispatcher = useDispatcher();
  const [id] = useState(() => {
    const fresh = nextMessageBlockId--;
    dispatcher.store.set(fresh, shownProps(part));
    return fresh;
  });
  const [View, setView] = useState<ComponentType<{ id: number }> | null | undefined>(undefined);
  const shown = JSON.stringify(shownProps(part));
  // A streamed message changes in place: the component follows it.
  useLayoutEffect(() => void dispatcher.store.set(id, JSON.parse(shown) as Props), [shown]);
  useEffect(() => {
    let current = true;
    void componentOf(part.component).then((view) => current && setView(() => view ?? null));
    return () => {
      current = false;
    };
  }, [part.component]);
  if (View === undefined) return null;
  if (View === null) return <p class="info">This page cannot show a “{part.component}” component yet.</p>;
  return (
    <div class={`message-component message-component-${part.component}`}>
      <View id={id} />
    </div>
  );
}
