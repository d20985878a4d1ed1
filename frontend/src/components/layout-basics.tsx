/** The layout blocks nearly every app uses: Row, Column, Group (in the main bundle). */
import type { ComponentChildren } from "preact";
import type { LayoutNode } from "../../../src/protocol/index.js";
import { classes, elemClasses, num, text, useProps } from "../block.js";
import type { Props } from "../store.js";

export interface LayoutProps {
  id: number;
  node: LayoutNode;
  children: ComponentChildren;
}

export function frameAttributes(props: Props, kind: string, extra?: string | false) {
  return { id: text(props.elem_id) || undefined, class: classes(kind, extra, elemClasses(props)) };
}

export function Row({ id, children }: LayoutProps) {
  const props = useProps(id);
  return <div {...frameAttributes(props, "row", props.equal_height === true && "equal-height")}>{children}</div>;
}

export function Column({ id, children }: LayoutProps) {
  const props = useProps(id);
  const scale = num(props.scale);
  const minWidth = num(props.min_width);
  const style = { flexGrow: scale ?? 1, minWidth: `min(${minWidth ?? 320}px, 100%)` };
  return (
    <div {...frameAttributes(props, "column", text(props.variant) === "panel" && "panel")} style={style}>
      {children}
    </div>
  );
}

export function Group({ id, children }: LayoutProps) {
  const props = useProps(id);
  return <div {...frameAttributes(props, "group")}>{children}</div>;
}
