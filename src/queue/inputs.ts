/**
 * The one path of an event's inputs. At join they are aligned (no I/O) and checked (cheap: types,
 * ranges, choices, the file access policy; no decoding, no downloads); the queue then keeps them as
 * the caller sent them. They are prepared (decoded, downloaded, State read) once, when the event
 * starts, by whichever process runs it: a waiting event never holds decoded inputs.
 */
import type { Dependency, Output } from "../blocks/events.js";
import { isComponent, type Component, type ProcessContext } from "../components/component.js";
import { State } from "../components/state.js";
import { BadRequestError, InputValidationError } from "../errors.js";
import type { StateStore } from "./session-state.js";

/**
 * Lines up the caller's values with the inputs. Accepted: one value per input, or one per non-State
 * input (State positions are then filled from the session, as Gradio's clients expect).
 */
export function alignData(dependency: Dependency, data: readonly unknown[]): unknown[] {
  const { inputs } = dependency;
  if (data.length === inputs.length) return [...data];
  const apiInputs = inputs.filter((c) => !(c instanceof State));
  if (data.length === apiInputs.length) {
    const values = [...data];
    return inputs.map((c) => (c instanceof State ? null : values.shift()));
  }
  const names = apiInputs.map((c) => c.parameterName).join(", ");
  const count = `${apiInputs.length} input${apiInputs.length === 1 ? "" : "s"}`;
  throw new BadRequestError(
    `/${dependency.apiName} takes ${count} (${names}), but ${data.length} ${data.length === 1 ? "was" : "were"} given.`,
  );
}

/**
 * Join-time checks of aligned wire values: every component's `check`, with file inputs checked
 * against the access policy but never downloaded. Throws InputsRejectedError (a 422) naming each bad input.
 */
export async function validateInputs(
  dependency: Dependency,
  data: readonly unknown[],
  context: ProcessContext,
  sessionHash: string,
  states: StateStore,
): Promise<void> {
  const checking: ProcessContext = { ...context, files: context.files.checking() };
  const inputs = await sessionComponents(dependency.inputs, sessionHash, states);
  await eachInput(dependency, inputs, async (component, index) => {
    if (!(component instanceof State)) await component.check(data[index], checking);
  });
}

/** Input values for the fn, made when the event starts: State from the session, the rest preprocessed. */
export async function prepareInputs(
  dependency: Dependency,
  data: readonly unknown[],
  sessionHash: string,
  states: StateStore,
  context: ProcessContext,
): Promise<unknown[]> {
  const inputs = await sessionComponents(dependency.inputs, sessionHash, states);
  return eachInput(dependency, inputs, (component, index) =>
    component instanceof State ? states.get(sessionHash, component) : component.preprocess(data[index], context),
  );
}

/**
 * The components as the session sees them: each one a `gr.update` of this session changed is rebuilt
 * with its new props (choices, range...), as Gradio checks and processes a session's values.
 */
export async function sessionComponents<C extends Output>(
  components: readonly C[],
  sessionHash: string,
  states: StateStore,
): Promise<C[]> {
  const ids = components.flatMap((component) =>
    isComponent(component) && !(component instanceof State) ? [component.id] : [],
  );
  const changed = ids.length === 0 ? new Map<number, never>() : await states.props(sessionHash, ids);
  return components.map((component) => {
    const props = changed.get(component.id);
    return props && isComponent(component) ? (component.withUpdatedProps(props) as C) : component;
  });
}

/** Runs `step` on every input at once; all InputValidationErrors are gathered into one InputsRejectedError. */
async function eachInput<T>(
  dependency: Dependency,
  inputs: readonly Component[],
  step: (component: Component, index: number) => T | Promise<T>,
): Promise<T[]> {
  const problems: { index: number; error: InputValidationError }[] = [];
  const results = await Promise.all(
    inputs.map(async (component, index) => {
      try {
        return await step(component, index);
      } catch (error) {
        if (!(error instanceof InputValidationError)) throw error;
        problems.push({ index, error: new InputValidationError(error.message, component.parameterName) });
        return undefined as T;
      }
    }),
  );
  if (problems.length > 0) throw new InputsRejectedError(dependency.inputs, problems);
  return results;
}

type InputVerdict =
  { __type__: "validate"; is_valid: false; message: string; parameter_name: string } | { is_valid: true; message: "" };

/** Every input that failed, in Gradio's validator format (one entry per input), for a 422 answer. */
export class InputsRejectedError extends Error {
  override readonly name = "InputsRejectedError";
  readonly detail: InputVerdict[];
  constructor(inputs: readonly Component[], problems: { index: number; error: InputValidationError }[]) {
    super(problems.map(({ error }) => `${error.parameter}: ${error.message}`).join("; "));
    this.detail = inputs.map((_, index): InputVerdict => {
      const problem = problems.find((p) => p.index === index);
      if (!problem) return { is_valid: true, message: "" };
      const { parameter, message } = problem.error;
      return { __type__: "validate", is_valid: false, message: `${parameter}: ${message}`, parameter_name: parameter };
    });
  }
}
