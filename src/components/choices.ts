/** Choices as Gradio takes them: plain values, or `[shown text, value]` pairs. */
import { describeValue, fail } from "./payload.js";

export type ChoiceValue = string | number;
export type Choice = ChoiceValue | readonly [string, ChoiceValue];

export function normalizeChoices(choices: readonly Choice[] = []): [string, ChoiceValue][] {
  return choices.map((choice) =>
    Array.isArray(choice) ? [choice[0], choice[1]] : [String(choice), choice as ChoiceValue],
  );
}

export function choiceValues(choices: readonly [string, ChoiceValue][]): ChoiceValue[] {
  return choices.map(([, value]) => value);
}

/** The value itself, if it is one of the choices; a clear error listing a few choices otherwise. */
export function expectChoice(value: unknown, choices: readonly [string, ChoiceValue][]): ChoiceValue {
  const found = choices.find(([, candidate]) => candidate === value);
  if (found) return found[1];
  const shown = choices
    .slice(0, 10)
    .map(([, v]) => JSON.stringify(v))
    .join(", ");
  return fail(`${describeValue(value)} is not one of the choices (${shown}${choices.length > 10 ? ", …" : ""})`);
}

export function choicesSchema(choices: readonly [string, ChoiceValue][]): { type: string; enum?: ChoiceValue[] } {
  const values = choiceValues(choices);
  const type = values.every((v) => typeof v === "number") && values.length > 0 ? "number" : "string";
  return values.length > 0 ? { type, enum: values } : { type };
}
