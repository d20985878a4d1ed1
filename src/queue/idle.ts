/**
 * Waiting for a queue to have nothing running, for graceful shutdown. Both queue backends keep one
 * of these; they call `notify()` whenever their running count reaches zero.
 */
export class IdleWaiters {
  readonly #waiters = new Set<() => void>();

  /** Resolves `true` at the next `notify()`, or `false` when `graceMs` passes first. */
  wait(graceMs: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const done = (finished: boolean) => {
        clearTimeout(timer);
        this.#waiters.delete(onIdle);
        resolve(finished);
      };
      const onIdle = () => done(true);
      const timer = setTimeout(() => done(false), Math.max(0, graceMs));
      this.#waiters.add(onIdle);
    });
  }

  notify(): void {
    for (const wake of [...this.#waiters]) wake();
  }
}
