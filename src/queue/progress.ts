/**
 * `gr.Progress`: a bar the caller sees move. Call it with a fraction (`progress(0.5, { desc })`), a pair
 * (`progress([3, 10])`), or wrap an iterable (`for (const x of progress.tqdm(items))`).
 */
import type { ProgressReporter } from "../blocks/events.js";
import { currentEventScope, type EventScope } from "./event-scope.js";

export interface ProgressOptions {
  desc?: string;
  total?: number;
  unit?: string;
}

export function createProgress(scope: EventScope | undefined): ProgressReporter {
  const report = (value: number | [number, number | null] | null, options: ProgressOptions = {}) => {
    if (!scope) return;
    const unit = options.unit ?? "steps";
    if (Array.isArray(value)) {
      scope.progress([{ index: value[0], length: value[1], unit, progress: null, desc: options.desc ?? null }]);
    } else {
      scope.progress([
        {
          index: null,
          length: null,
          unit,
          progress: value === null ? null : Math.max(0, Math.min(1, value)),
          desc: options.desc ?? null,
        },
      ]);
    }
  };
  report.tqdm = function* tqdm<T>(items: Iterable<T>, options: ProgressOptions = {}): Iterable<T> {
    const total = options.total ?? (Array.isArray(items) ? items.length : null);
    let index = 0;
    report([0, total], options);
    for (const item of items) {
      yield item;
      report([++index, total], options);
    }
  };
  return report;
}

/** `new gr.Progress()` inside a fn reports for the event that fn runs for. */
export const Progress = function Progress(this: unknown): ProgressReporter {
  return createProgress(currentEventScope());
} as unknown as { new (): ProgressReporter; (): ProgressReporter };
