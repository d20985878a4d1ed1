/**
 * Puts Flag buttons on an app: `gr.addFlagging(demo, { dir })` for an Interface (its inputs and outputs
 * are flagged), or `gr.flagButton(logger, components)` inside any Blocks callback.
 */
import { Button } from "../components/button.js";
import type { Component } from "../components/component.js";
import { Row } from "../blocks/layouts.js";
import type { EventContext, EventHandle } from "../blocks/events.js";
import type { Blocks, EncryptionKeyHolder } from "../blocks/blocks.js";
import { appBeingBuilt } from "../blocks/context.js";
import { AppConfigError } from "../errors.js";
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
export function flagButton(
  logger: CSVLogger,
  components: readonly Component[],
  options: Pick<FlaggingOptions, "flaggingOptions" | "apiName"> = {},
): EventHandle[] {
  return wireFlagButtons(flagButtonRow(options.flaggingOptions), logger, components, options.apiName);
}

/** The Flag button(s), in a Row, not wired yet: Interface places them beside its outputs and wires them last. */
export function flagButtonRow(flaggingOptions: readonly string[] = [""]): { button: Button; reason: string }[] {
  const buttons: { button: Button; reason: string }[] = [];
  Row(() => {
    for (const reason of flaggingOptions) {
      buttons.push({
        reason,
        button: new Button({
          value: reason ? `Flag as ${reason}` : "Flag",
          variant: "secondary",
          elemClasses: ["flag-button"],
        }),
      });
    }
  });
  return buttons;
}

/** Clicking a Flag button appends the components' current values (with its reason) to the logger. */
export function wireFlagButtons(
  buttons: readonly { button: Button; reason: string }[],
  logger: CSVLogger,
  components: readonly Component[],
  apiName = "flag",
): EventHandle[] {
  if (logger.components.length === 0) logger.setup(components);
  // The app these buttons belong to: its launch key (if any) encrypts what they flag.
  const app = appBeingBuilt() as (ReturnType<typeof appBeingBuilt> & Partial<EncryptionKeyHolder>) | undefined;
  return buttons.map(({ button, reason }) =>
    button.click({
      fn: async function flag(...args: unknown[]) {
        const context = args.pop() as EventContext;
        await logger.flag(args, {
          flagOption: reason,
          username: context.request.username,
          appEncryptionKey: app?.encryptionKey,
        });
        return undefined;
      },
      inputs: [...components],
      outputs: [],
      apiName,
      apiVisibility: "undocumented",
      showProgress: "hidden",
      concurrencyLimit: null,
    }),
  );
}

type FlaggableApp = Blocks & {
  readonly inputComponents: readonly Component[];
  readonly outputComponents: readonly Component[];
  readonly flagLogger?: CSVLogger | null;
};

/**
 * Adds Flag button(s) under an Interface, flagging its inputs and outputs. Returns the logger. An
 * Interface already has its own Flag button unless built with `flaggingMode: "never"`: a second set
 * would flag twice as much in two places, so that is refused.
 */
export function addFlagging(demo: FlaggableApp, options: FlaggingOptions = {}): CSVLogger {
  if (demo.flagLogger) {
    throw new AppConfigError(
      'addFlagging: this Interface already has a Flag button; build it with flaggingMode: "never" first, or use its flaggingDir and flaggingOptions.',
    );
  }
  const logger = options.logger ?? new CSVLogger(options);
  const components = [...demo.inputComponents, ...demo.outputComponents];
  logger.setup(components);
  demo.extend(() => flagButton(logger, components, options));
  return logger;
}
