/**
 * A date and time. Wire value: text "YYYY-MM-DD HH:MM:SS" (or "YYYY-MM-DD" without time), or a relative
 * "now", "now - 2h", "now + 30m" (units s, m, h, d, w). The fn receives, by `type`: seconds since the
 * epoch ("timestamp", default), a `Date` ("date"), or the text ("string"); it may return any of these.
 * Times without a zone are UTC. The parser is hand-written (no regex, D02) and refuses text longer than
 * 64 characters before looking at it.
 */
import { Component, type ComponentOptions, type JsonSchema, type ResolvedOptions } from "./component.js";
import { describeValue, fail } from "./payload.js";
import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";

export type DateTimeType = "timestamp" | "date" | "string";
export type DateTimeValueFor<T extends DateTimeType> = T extends "date" ? Date : T extends "string" ? string : number;

export interface DateTimeOptions<T extends DateTimeType = "timestamp"> extends ComponentOptions<
  number | Date | string
> {
  type?: T;
  includeTime?: boolean;
}

export const MAX_DATETIME_LENGTH = 64;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** Parses the wire text into milliseconds since the epoch; `now` is injectable for tests. */
export function parseDateTime(text: string, now: number = Date.now()): number {
  if (text.length > MAX_DATETIME_LENGTH)
    fail(`a date is at most ${MAX_DATETIME_LENGTH} characters, got ${text.length}`);
  const s = text.trim();
  if (s.startsWith("now")) return parseRelative(s, now);
  let i = 0;
  const digits = (count: number, what: string): number => {
    let value = 0;
    for (let k = 0; k < count; k++, i++) {
      const code = s.charCodeAt(i) - 48;
      if (!(code >= 0 && code <= 9)) fail(`"${text}" is not a date like 2024-01-31 12:00:00 (bad ${what})`);
      value = value * 10 + code;
    }
    return value;
  };
  const expect = (char: string, what: string) => {
    if (s[i] !== char) fail(`"${text}" is not a date like 2024-01-31 12:00:00 (expected "${char}" ${what})`);
    i++;
  };
  const year = digits(4, "year");
  expect("-", "after the year");
  const month = digits(2, "month");
  expect("-", "after the month");
  const day = digits(2, "day");
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millis = 0;
  if (i < s.length && (s[i] === " " || s[i] === "T")) {
    i++;
    hour = digits(2, "hour");
    expect(":", "after the hour");
    minute = digits(2, "minute");
    if (s[i] === ":") {
      i++;
      second = digits(2, "second");
      if (s[i] === ".") {
        i++;
        let scale = 100;
        const start = i;
        while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
          millis += (s.charCodeAt(i) - 48) * scale;
          scale /= 10;
          i++;
        }
        if (i === start) fail(`"${text}" has a "." without fractional seconds`);
        millis = Math.floor(millis);
      }
    }
  }
  if (s[i] === "Z") i++;
  if (i !== s.length) fail(`"${text}" has unexpected text after the date`);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    fail(`"${text}" is not a valid date`);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (new Date(ms).getUTCDate() !== day) fail(`"${text}" is not a valid date`);
  return ms;
}

function parseRelative(s: string, now: number): number {
  let i = 3;
  let total = now;
  const skip = () => {
    while (s[i] === " ") i++;
  };
  skip();
  while (i < s.length) {
    const sign = s[i] === "+" ? 1 : s[i] === "-" ? -1 : fail(`"${s}": expected + or - after "now"`);
    i++;
    skip();
    let amount = 0;
    const start = i;
    while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57 && i - start < 9)
      amount = amount * 10 + (s.charCodeAt(i++) - 48);
    if (i === start) fail(`"${s}": expected a number`);
    const unit = UNIT_SECONDS[s[i] ?? ""];
    if (unit === undefined) fail(`"${s}": the unit must be s, m, h, d or w`);
    i++;
    total += sign * amount * unit * 1000;
    skip();
  }
  return total;
}

/** Milliseconds → the wire text Gradio uses. */
export function formatDateTime(ms: number, includeTime = true): string {
  const iso = new Date(ms).toISOString();
  return includeTime ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : iso.slice(0, 10);
}

export class DateTime<T extends DateTimeType = "timestamp"> extends Component<DateTimeValueFor<T>, string> {
  readonly type = "datetime";
  readonly dateOptions: ResolvedOptions<DateTimeOptions<T>>;

  constructor(options: DateTimeOptions<T> = {}) {
    super(options as ComponentOptions<DateTimeValueFor<T>>);
    this.dateOptions = { ...options, value: this.options.value } as ResolvedOptions<DateTimeOptions<T>>;
  }

  override props() {
    const value = this.dateOptions.value;
    return {
      ...super.props(),
      value: value === undefined || value === null ? null : this.postprocess(value),
      type: this.dateOptions.type ?? "timestamp",
      includeTime: this.dateOptions.includeTime ?? true,
      timezone: "UTC",
    };
  }

  apiInfo(): JsonSchema {
    return { type: "string", description: "Formatted as YYYY-MM-DD HH:MM:SS (UTC)" };
  }

  exampleInput() {
    return "2020-10-01 05:20:15";
  }

  preprocess(payload: unknown): DateTimeValueFor<T> | null {
    if (payload === null || payload === undefined || payload === "") return null;
    if (typeof payload !== "string") fail(`expected a date as text, got ${describeValue(payload)}`);
    const ms = parseDateTime(payload);
    const kind = this.dateOptions.type ?? "timestamp";
    const value =
      kind === "date"
        ? new Date(ms)
        : kind === "string"
          ? formatDateTime(ms, this.dateOptions.includeTime ?? true)
          : ms / 1000;
    return value as DateTimeValueFor<T>;
  }

  postprocess(value: number | Date | string | null | undefined): string | null {
    if (value === null || value === undefined) return null;
    const includeTime = this.dateOptions.includeTime ?? true;
    if (value instanceof Date) return formatDateTime(value.getTime(), includeTime);
    if (typeof value === "number" && Number.isFinite(value)) return formatDateTime(value * 1000, includeTime);
    if (typeof value === "string") {
      const ms = parseDateTime(value);
      // A relative time stays relative, so the browser re-evaluates it.
      return value.trim().startsWith("now") ? value.trim() : formatDateTime(ms, includeTime);
    }
    return fail(`the fn returned ${describeValue(value)} where a date was expected`);
  }

  /** The user pressed Enter in it. */
  submit<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "submit", options);
  }
}
