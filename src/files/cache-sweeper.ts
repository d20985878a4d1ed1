/**
 * `deleteCache: [frequencySeconds, ageSeconds]`, as in Gradio: every `frequencySeconds`, the files this
 * app put in the cache more than `ageSeconds` ago are removed. The timer never keeps the process alive.
 */
import type { FileCache } from "./cache.js";

export type DeleteCacheSetting = readonly [frequencySeconds: number, ageSeconds: number];

export function validateDeleteCache(setting: DeleteCacheSetting): void {
  const [frequency, age] = setting;
  if (!Number.isFinite(frequency) || frequency <= 0 || !Number.isFinite(age) || age < 0) {
    throw new RangeError(`deleteCache must be [frequencySeconds > 0, ageSeconds >= 0], got [${frequency}, ${age}].`);
  }
}

export interface CacheSweeper {
  stop(): void;
}

export function startCacheSweeper(
  cache: FileCache,
  setting: DeleteCacheSetting,
  onError: (error: unknown) => void,
): CacheSweeper {
  validateDeleteCache(setting);
  const [frequency, age] = setting;
  let running = false;
  const timer = setInterval(() => {
    // A slow disk must not pile up sweeps.
    if (running) return;
    running = true;
    cache
      .sweep(age * 1000)
      .catch(onError)
      .finally(() => (running = false));
  }, frequency * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
