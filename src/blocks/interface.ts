/**
 * `gr.Interface`: one fn, its inputs and outputs, laid out the way Gradio users expect (inputs on the
 * left, outputs on the right, Submit and Clear, examples below).
 */
import { Button } from "../components/button.js";
import type { Component } from "../components/component.js";
import { Dataset } from "../components/dataset.js";
import { Markdown } from "../components/markdown.js";
import { componentFromShortcut, type ComponentFor, type ComponentShortcut } from "../components/registry.js";
import { Blocks, defaultApiName, type BlocksOptions } from "./blocks.js";
import { CSVLogger } from "../flagging/csv-logger.js";
import { flaggingModeFromEnv } from "../server/settings.js";
import { flagButtonRow, wireFlagButtons } from "../flagging/flag.js";
import { AppConfigError } from "../errors.js";
import { currentContainer } from "./context.js";
import { Examples } from "./examples.js";
import { fnParameterNames, noteDefinitionSite } from "./fn-params.js";
import { Dependency, EventHandle, type ArgsOf, type EventContext, type EventOptions } from "./events.js";
import type { ShowProgress } from "../protocol/config.js";
import { Column, Row } from "./layouts.js";
import { update } from "./update.js";

export type ComponentSpec = Component | ComponentShortcut;
export type ComponentSpecs = ComponentSpec | readonly ComponentSpec[] | null | undefined;
/** Components for a list of specs, shortcuts resolved: `["text", slider]` → `[Textbox, Slider]`. */
export type ResolveSpecs<S> = S extends readonly ComponentSpec[]
  ? { -readonly [K in keyof S]: ComponentFor<S[K]> }
  : S extends ComponentSpec
    ? [ComponentFor<S>]
    : [];

export interface InterfaceOptions<I extends ComponentSpecs, O extends ComponentSpecs> extends BlocksOptions {
  fn: (...args: [...ArgsOf<ResolveSpecs<I>>, EventContext]) => unknown;
  inputs: I;
  outputs: O;
  description?: string;
  article?: string;
  /** Rows of input values; clicking one fills the inputs. */
  examples?: readonly (readonly unknown[])[] | readonly unknown[];
  apiName?: string;
  apiDescription?: string;
  /** Run on every change of an input instead of on Submit. */
  live?: boolean;
  submitBtn?: string;
  /**
   * For a generator fn (without `live`): the Stop button shown in place of Submit while the fn runs, whose
   * click cancels the run. Its label; default "Stop".
   */
  stopBtn?: string;
  clearBtn?: string | null;
  concurrencyLimit?: number | null | "default";
  concurrencyId?: string;
  showProgress?: ShowProgress;
  /** Where `fn` runs (see EventOptions.runIn): by default a worker thread for a sync fn, the server's thread for an async one. */
  runIn?: "main" | "worker";
  examplesPerPage?: number;
  /** Run the fn on every example at start-up (`true`) or on first click (`"lazy"`); a click then shows the cached outputs. */
  cacheExamples?: boolean | "lazy";
  /**
   * "manual" (the default, as in Gradio 6; the GRADIO_FLAGGING_MODE environment variable changes it) adds
   * a Flag button under the outputs that appends inputs and outputs to a CSV in `flaggingDir` (default
   * `.gradio/flagged`, private to the app whatever its name). "never": no button.
   */
  flaggingMode?: FlaggingMode;
  flaggingDir?: string;
  /** Reasons offered, one Flag button each. */
  flaggingOptions?: string[];
}

export type FlaggingMode = "never" | "manual";

/** The mode asked for, else GRADIO_FLAGGING_MODE, else "manual"; Gradio's "auto" is not built, so refused. */
function flaggingModeOf(asked: string | undefined): FlaggingMode {
  const mode = asked ?? flaggingModeFromEnv() ?? "manual";
  if (mode === "never" || mode === "manual") return mode;
  const source = asked === undefined ? "GRADIO_FLAGGING_MODE" : "flaggingMode";
  throw new AppConfigError(`Interface: ${source} "${mode}" is not supported; use "manual" or "never".`);
}

function toComponents(specs: ComponentSpecs, interactive: boolean): Component[] {
  const list = specs === null || specs === undefined ? [] : Array.isArray(specs) ? specs : [specs];
  return list.map((spec: ComponentSpec) => {
    const component = typeof spec === "string" ? componentFromShortcut(spec) : spec;
    component.defaultInteractive = interactive;
    return component;
  });
}

export class Interface<
  const I extends ComponentSpecs = ComponentSpecs,
  const O extends ComponentSpecs = ComponentSpecs,
> extends Blocks {
  readonly inputComponents: Component[];
  readonly outputComponents: Component[];
  /** Where flags go, when `flaggingMode` is "manual". */
  flagLogger: CSVLogger | null = null;

  constructor(readonly interfaceOptions: InterfaceOptions<I, O>) {
    super(interfaceOptions);
    this.mode = "interface";
    const o = interfaceOptions;
    this.inputComponents = toComponents(o.inputs, true);
    this.outputComponents = toComponents(o.outputs, false);
    // As in Gradio: unlabelled inputs take the fn's parameter names as written, unlabelled outputs "output".
    noteDefinitionSite(o.fn as (...args: never[]) => unknown);
    const names = fnParameterNames(o.fn as (...args: never[]) => unknown);
    this.inputComponents.forEach((component, i) => (component.defaultLabel = names[i] ?? undefined));
    this.outputComponents.forEach(
      (component, i) => (component.defaultLabel = this.outputComponents.length === 1 ? "output" : `output ${i}`),
    );
    this.extend(() => this.#layout());
  }

  #layout(): void {
    const o = this.interfaceOptions;
    const flaggingMode = flaggingModeOf(o.flaggingMode);
    let flagButtons: ReturnType<typeof flagButtonRow> = [];
    if (o.title) new Markdown({ value: `# ${o.title}`, elemId: "title", elemClasses: ["interface-title"] });
    if (o.description) new Markdown({ value: o.description, elemClasses: ["interface-description"] });
    let submit: Button | undefined;
    let clear: Button | undefined;
    let stop: Button | undefined;
    Row({ equalHeight: false }, () => {
      Column({ variant: "panel" }, () => {
        // Inputs in a column of their own, the buttons under it, as Gradio nests them.
        Column(() => {
          for (const component of this.inputComponents) component.attachTo(currentContainer()!);
        });
        Row(() => {
          if (o.clearBtn !== null)
            clear = new Button({ value: o.clearBtn ?? "Clear", variant: "secondary", elemId: "clear" });
          if (!o.live) submit = new Button({ value: o.submitBtn ?? "Submit", variant: "primary", elemId: "submit" });
          if (!o.live && isGeneratorFn(o.fn)) stop = stopButton(o.stopBtn);
        });
      });
      Column({ variant: "panel" }, () => {
        for (const component of this.outputComponents) component.attachTo(currentContainer()!);
        // Beside the outputs, as in Gradio; wired below, once the main event holds fn_index 0.
        if (flaggingMode === "manual") flagButtons = flagButtonRow(o.flaggingOptions);
      });
    });
    const eventOptions: EventOptions = {
      fn: o.fn as EventOptions["fn"],
      inputs: this.inputComponents,
      outputs: this.outputComponents,
      apiName: o.apiName ?? defaultApiName(o.fn),
      apiDescription: o.apiDescription,
      concurrencyLimit: o.concurrencyLimit,
      concurrencyId: o.concurrencyId,
      showProgress: o.showProgress,
      runIn: o.runIn,
    };
    const targets: [number, string][] = o.live
      ? this.inputComponents.map((c) => [c.id, "change"])
      : [
          [submit!.id, "click"],
          ...this.inputComponents.filter((c) => c.type === "textbox").map((c): [number, string] => [c.id, "submit"]),
        ];
    if (stop) this.#addStoppableEvent(targets, eventOptions, submit!, stop);
    else this.addDependency(new Dependency(targets, eventOptions));

    // After the main event, so that it keeps fn_index 0 whatever else the page adds.
    const examples = normalizeExamples(o.examples, this.inputComponents.length);
    if (examples.length > 0 && o.cacheExamples) {
      new Examples({
        examples,
        inputs: this.inputComponents,
        outputs: this.outputComponents,
        fn: o.fn as (...args: never[]) => unknown,
        cacheExamples: o.cacheExamples,
        examplesPerPage: o.examplesPerPage,
      });
    } else if (examples.length > 0) {
      new Dataset({ components: this.inputComponents, samples: examples, samplesPerPage: o.examplesPerPage ?? 10 });
    }
    if (flagButtons.length > 0) {
      this.flagLogger = new CSVLogger({ dir: o.flaggingDir });
      // "Flag" is the name Gradio gives these (undocumented) endpoints.
      wireFlagButtons(flagButtons, this.flagLogger, [...this.inputComponents, ...this.outputComponents], "Flag");
    }
    if (o.article) new Markdown({ value: o.article, elemClasses: ["interface-article"] });
    if (clear) {
      const reset = new Dependency([[clear.id, "click"]], {
        outputs: [...this.inputComponents, ...this.outputComponents],
        apiVisibility: "private",
        queue: false,
      });
      reset.frontendFn = "clear";
      this.addDependency(reset);
    }
  }

  /**
   * As Gradio wires a generator fn: the triggers swap Submit for Stop, then the fn runs, then the buttons
   * swap back; Stop swaps them back and cancels the run. The fn's event is then the second one (fn_index 1).
   */
  #addStoppableEvent(targets: [number, string][], eventOptions: EventOptions, submit: Button, stop: Button): void {
    const buttons = [submit, stop];
    const showStop = new Dependency(targets, {
      fn: async function lambda() {
        return [update({ visible: false }), update({ visible: true })];
      },
      outputs: buttons,
      queue: false,
      apiVisibility: "undocumented",
    });
    this.addDependency(showStop);
    const run = new Dependency([], { ...eventOptions, scrollToOutput: true });
    run.triggerAfter = showStop.id;
    this.addDependency(run);
    const cleanup = async function cleanup() {
      return [update({ visible: true }), update({ visible: false })];
    };
    const restore = new Dependency([], { fn: cleanup, outputs: buttons, queue: false, apiVisibility: "undocumented" });
    restore.triggerAfter = run.id;
    this.addDependency(restore);
    const stopClick: [number, string][] = [[stop.id, "click"]];
    this.addDependency(
      new Dependency(stopClick, { fn: cleanup, outputs: buttons, queue: false, apiVisibility: "undocumented" }),
    );
    // Gradio sends the cancelling as an event of its own, with no fn.
    this.addDependency(
      new Dependency(stopClick, { cancels: new EventHandle(run), apiVisibility: "private", queue: false }),
    );
  }
}

function isGeneratorFn(fn: unknown): boolean {
  const kind = (fn as { constructor?: { name?: string } } | null)?.constructor?.name;
  return kind === "GeneratorFunction" || kind === "AsyncGeneratorFunction";
}

/** The Stop button: hidden until a run starts. */
function stopButton(label: string | undefined): Button {
  return new Button({ value: label ?? "Stop", variant: "stop", visible: false });
}

function normalizeExamples(
  examples: InterfaceOptions<ComponentSpecs, ComponentSpecs>["examples"],
  inputCount: number,
): unknown[][] {
  if (!examples) return [];
  return examples.map((row) => (inputCount === 1 && !Array.isArray(row) ? [row] : [...(row as unknown[])]));
}
