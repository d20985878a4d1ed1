/** `gr.update({...})`: change a component's props (and optionally its value) from a fn's return value. */
import type { Props } from "./block.js";
import { snakeProps } from "./config.js";

export interface Update extends Props {
  __type__: "update";
}

export function update(props: Props): Update {
  return { ...snakeProps(props), __type__: "update" };
}

export function isUpdate(value: unknown): value is Update {
  return typeof value === "object" && value !== null && (value as { __type__?: unknown }).__type__ === "update";
}
