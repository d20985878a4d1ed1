/** `gr.update({...})`: change a component's props (and optionally its value) from a fn's return value. */
import type { Props } from "./block.js";
import { snakeProps } from "./config.js";

export interface Update extends Props {
  __type__: "update";
}

/**
 * As in Gradio: `value: null` empties the component and goes on the wire as `"value": null` (an absent
 * `value` leaves it as it is), while any other prop given as null or undefined is left out, unchanged.
 */
export function update(props: Props): Update {
  const { value, ...others } = props;
  const result: Props = snakeProps(others);
  if (value !== undefined) result.value = value;
  return { ...result, __type__: "update" };
}

/** Leaves an output as it is (Gradio's `gr.skip()`): an update with no props. */
export function skip(): Update {
  return { __type__: "update" };
}

export function isUpdate(value: unknown): value is Update {
  return typeof value === "object" && value !== null && (value as { __type__?: unknown }).__type__ === "update";
}

/** The props an update changes, without its value or marker: what a session keeps of it. */
export function propsOfUpdate(value: Update): Props {
  const { __type__: _type, value: _value, ...props } = value;
  return props;
}
