/**
 * The app's own metric families, kept as plain numbers and written out in Prometheus' text format
 * (version 0.0.4) when `/metrics` is read. Counting an answer is then a Map update, and prom-client
 * (with its dependencies, some 15 MB) loads only for Node's process metrics, at the first scrape.
 */

export type Labels = Readonly<Record<string, string>>;

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

const NEEDS_ESCAPE = /[\\"\n]/;
/** Label values are counted per event (route patterns, statuses): most need no escaping, and are not copied. */
const escapeLabel = (value: string) =>
  NEEDS_ESCAPE.test(value) ? value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n") : value;
const escapeHelp = (value: string) => value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

/** `{a="x",b="y"}` in the family's label order ("" without labels): the series' key and its text. */
function labelText(names: readonly string[], labels: Labels, first = ""): string {
  const parts = names.map((name) => `${name}="${escapeLabel(labels[name] ?? "")}"`);
  if (first) parts.unshift(first);
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

const formatNumber = (value: number) =>
  value === Number.POSITIVE_INFINITY ? "+Inf" : value === Number.NEGATIVE_INFINITY ? "-Inf" : String(value);

abstract class Family {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: "counter" | "gauge" | "histogram",
  ) {}

  protected header(): string {
    return `# HELP ${this.name} ${escapeHelp(this.help)}\n# TYPE ${this.name} ${this.type}\n`;
  }

  abstract render(): string;
}

export class CounterFamily extends Family {
  readonly #values = new Map<string, number>();

  constructor(
    name: string,
    help: string,
    readonly labelNames: readonly string[] = [],
  ) {
    super(name, help, "counter");
  }

  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(this.labelNames, labels);
    this.#values.set(key, (this.#values.get(key) ?? 0) + by);
  }

  render(): string {
    // A counter without labels exists from the start, at 0; labelled series appear when first counted.
    const values = this.labelNames.length === 0 && this.#values.size === 0 ? new Map([["", 0]]) : this.#values;
    let text = this.header();
    for (const [key, value] of values) text += `${this.name}${key} ${formatNumber(value)}\n`;
    return text;
  }
}

/** A gauge without labels, read when the metrics are. */
export class GaugeFamily extends Family {
  constructor(
    name: string,
    help: string,
    private readonly read: () => number,
  ) {
    super(name, help, "gauge");
  }

  render(): string {
    return `${this.header()}${this.name} ${formatNumber(this.read())}\n`;
  }
}

interface HistogramSeries {
  labels: Labels;
  /** Observations per bucket (not cumulative); the last one is +Inf. */
  counts: number[];
  sum: number;
  count: number;
}

export class HistogramFamily extends Family {
  readonly #series = new Map<string, HistogramSeries>();

  constructor(
    name: string,
    help: string,
    readonly labelNames: readonly string[],
    readonly buckets: readonly number[],
  ) {
    super(name, help, "histogram");
  }

  observe(labels: Labels, value: number): void {
    const key = labelText(this.labelNames, labels);
    let series = this.#series.get(key);
    if (!series) {
      series = { labels: { ...labels }, counts: new Array<number>(this.buckets.length + 1).fill(0), sum: 0, count: 0 };
      this.#series.set(key, series);
    }
    const bucket = this.buckets.findIndex((bound) => value <= bound);
    series.counts[bucket === -1 ? this.buckets.length : bucket]! += 1;
    series.sum += value;
    series.count += 1;
  }

  render(): string {
    let text = this.header();
    for (const [key, series] of this.#series) {
      let cumulative = 0;
      const bounds = [...this.buckets, Number.POSITIVE_INFINITY];
      bounds.forEach((bound, index) => {
        cumulative += series.counts[index]!;
        const labels = labelText(this.labelNames, series.labels, `le="${formatNumber(bound)}"`);
        text += `${this.name}_bucket${labels} ${cumulative}\n`;
      });
      text += `${this.name}_sum${key} ${formatNumber(series.sum)}\n${this.name}_count${key} ${series.count}\n`;
    }
    return text;
  }
}

export function renderFamilies(families: readonly Family[]): string {
  return families.map((family) => family.render()).join("\n");
}
