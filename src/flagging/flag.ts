/**
 * Puts Flag buttons on an app: `gr.addFlagging(demo, { dir })` for an Interface (its inputs and outputs
 * are flagged), or `gr.flagButton(logger, components)` inside any Blocks callback.
 */
import { Button } from "../components/button.js";
import type { Component } from "../components/component.js";
import { Row } from "../blocks/layouts.js";
import type { EventContext, EventHandle } from "../blocks/events.js";
import type { Blocks } from "../blocks/blocks.js";
import { CSVLogger, type CSVLoggerOptions } from "./csv-logger.js";

export interface FlaggingOptions extends CSVLoggerOptions {
  /** Reasons offered, one button each ("Flag as Incorrect"…); default a single "Flag" button. */
  flaggingOptions?: string[];
  /** Logger to use instead of a CSVLogger on `dir`. */
  logger?: CSVLogger;
  /** Endpoint name of the flag event (not listed in the API docs). Default "flag". */
  apiName?: string;
}

/** A Flag button (inside a Blocks callback) that appends `components`' current values; one per reason. */
export function flagButton(logger: CSVLogger, components: readonly Component[], options: Pick<FlaggingOptions, "flaggingOptions" | "apiName"> = {}): EventHandle[] {
  if (logger.components.length === 0) logger.setup(components);
  const reasons = options.flaggingOptions ?? [""];
  const handles: EventHandle[] = [];
  Row(() => {
    for (const reason of reasons) {
      const button = new Button({ value: reason ? `Flag as ${reason}` : "Flag", variant: "secondary", elemClasses: ["flag-button"] });
      handles.push(
        button.click({
          fn: async function flag(...args: unknown[]) {
            const context = args.pop() as EventContext;
            await logger.flag(args, { flagOption: reason, username: context.request.username });
            return undefined;
          },
          inputs: [...components],
          outputs: [],
          apiName: options.apiName ?? "flag",
          apiVisibility: "undocumented",
          showProgress: "hidden",
          concurrencyLimit: null,
        }),
      );
    }
  });
  return handles;
}

/** Adds Flag button(s) under an Interface, flagging its inputs and outputs. Returns the logger. */
export function addFlagging(demo: Blocks & { readonly inputComponents: readonly Component[]; readonly outputComponents: readonly Component[] }, options: FlaggingOptions = {}): CSVLogger {
  const logger = options.logger ?? new CSVLogger(options);
  const components = [...demo.inputComponents, ...demo.outputComponents];
  logger.setup(components);
  demo.extend(() => flagButton(logger, components, options));
  return logger;
}
