/** Small checks shared by components: each throws an error a person can act on. */
import { InputValidationError } from "../errors.js";

export const MAX_TEXT_LENGTH = 1_000_000;

export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (typeof value === "string") return value.length > 40 ? `"${value.slice(0, 40)}…"` : JSON.stringify(value);
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

export function fail(message: string): never {
  throw new InputValidationError(message);
}

export function expectString(value: unknown, maxLength = MAX_TEXT_LENGTH): string {
  if (typeof value !== "string") fail(`expected text, got ${describeValue(value)}`);
  if (value.length > maxLength) fail(`text is ${value.length} characters long; the limit is ${maxLength}`);
  return value;
}

export function expectNumber(value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value))
    fail(`expected a finite number, got ${describeValue(value)}`);
  return value;
}

export function expectBoolean(value: unknown): boolean {
  if (typeof value !== "boolean") fail(`expected true or false, got ${describeValue(value)}`);
  return value;
}

export function checkRange(value: number, minimum: number | undefined, maximum: number | undefined): number {
  if (minimum !== undefined && value < minimum) fail(`${value} is below the minimum ${minimum}`);
  if (maximum !== undefined && value > maximum) fail(`${value} is above the maximum ${maximum}`);
  return value;
}
