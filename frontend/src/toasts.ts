/** Messages from the app (gr.Info / gr.Warning / gr.Error, failed calls) shown as toasts. */
import type { LogLevel } from "../../src/protocol/index.js";

export interface Toast {
  id: number;
  level: LogLevel;
  title: string;
  message: string;
  /** Seconds before it hides itself; null keeps it until closed. */
  duration: number | null;
}

export class Toasts {
  #next = 1;
  #items: Toast[] = [];
  readonly #listeners = new Set<() => void>();

  get items(): readonly Toast[] {
    return this.#items;
  }

  show(toast: Omit<Toast, "id">): void {
    const id = this.#next++;
    this.#items = [...this.#items, { ...toast, id }].slice(-6);
    this.#changed();
    if (toast.duration !== null && toast.duration > 0) setTimeout(() => this.dismiss(id), toast.duration * 1000);
  }

  dismiss(id: number): void {
    this.#items = this.#items.filter((toast) => toast.id !== id);
    this.#changed();
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
