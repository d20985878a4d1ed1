/**
 * Gradio's ClearButton: a Button that empties the components it was given. As in Gradio, the clearing
 * is one browser-only event whose `js` returns each component's cleared value (a constant the page reads
 * as JSON, so the strict CSP holds); State has no value in the page, so its reset runs on the server.
 */
import type { ApiVisibility } from "../protocol/config.js";
import { listen } from "../blocks/events.js";
import { Button, type ButtonOptions } from "./button.js";
import type { Component, ResolvedOptions } from "./component.js";
import { pythonJson } from "../server/python-json.js";

export interface ClearButtonOptions extends ButtonOptions {
  /** What a click clears; `add()` appends more. */
  components?: Component | readonly Component[];
  /** The name of the server event that resets State components (the browser-only event has none). */
  apiName?: string;
  apiVisibility?: ApiVisibility;
}

type Clearable = Component | readonly Component[] | null | undefined;

const listOf = (components: Clearable): Component[] =>
  !components ? [] : Array.isArray(components) ? [...(components as readonly Component[])] : [components as Component];

export class ClearButton extends Button {
  declare protected readonly options: ResolvedOptions<ClearButtonOptions>;

  constructor(componentsOrOptions: Component | readonly Component[] | ClearButtonOptions = {}) {
    const isOptions = !Array.isArray(componentsOrOptions) && !("preprocess" in (componentsOrOptions as object));
    const options: ClearButtonOptions = isOptions
      ? (componentsOrOptions as ClearButtonOptions)
      : { components: componentsOrOptions as Component | readonly Component[] };
    super({ ...options, value: options.value ?? "Clear" });
    if (this.id >= 0) this.add(options.components);
  }

  override props() {
    return { ...super.props(), apiVisibility: this.options.apiVisibility ?? "undocumented" };
  }

  override exampleInput() {
    return "Clear";
  }

  /** Clears these components too when the button is clicked. */
  add(components: Clearable): this {
    const list = listOf(components);
    if (list.length === 0) return this;
    const cleared = pythonJson(list.map((component) => component.clearedValue()));
    listen(this, "click", {
      inputs: [],
      outputs: list,
      js: `() => ${cleared}`,
      apiName: this.options.apiName,
      apiVisibility: "private",
      queue: false,
    });
    const states = list.filter((component) => component.type === "state");
    if (states.length > 0) {
      // A copy per click, so a fn that changes a session's state in place never changes the initial value.
      const initial = states.map((state) => structuredClone(state.initialValue ?? null));
      const reset = () => (initial.length === 1 ? structuredClone(initial[0]) : structuredClone(initial));
      // Gradio names this endpoint after its nameless fn: "lambda".
      const apiName = this.options.apiName ?? "lambda";
      listen(this, "click", {
        fn: reset,
        inputs: [],
        outputs: states,
        apiName,
        apiVisibility: this.options.apiVisibility ?? "undocumented",
      });
    }
    return this;
  }
}
