/**
 * The stack of containers being built. A block created while a Blocks or layout callback runs lands
 * in the innermost one. Synchronous on purpose: building a layout is plain code, not I/O.
 */
import type { Block, Container } from "./block.js";

/** What the outermost container (the app) offers to the blocks built inside it. */
export interface AppUnderConstruction extends Container {
  register(block: Block): void;
  /** Forgets a block registered by mistake (see `Block.unrender`). */
  unregister?(block: Block): void;
  /** Makes the hidden Timer that drives an event's `every`, in the container being built. */
  everyTimer(seconds: number): Block;
  /** Records the event that re-runs a component's function `value`; the app adds it once it is built. */
  valueEvent?(event: ValueEvent): void;
}

/** A component's function `value`: what runs it again (page load, a timer's ticks, its inputs' changes). */
export interface ValueEvent {
  component: Block;
  fn: (...args: never[]) => unknown;
  timer: Block | null;
  inputs: Block[];
}

const stack: Container[] = [];

export function currentContainer(): Container | undefined {
  return stack[stack.length - 1];
}

/** The app being built: where ids come from and where events register. */
export function appBeingBuilt(): AppUnderConstruction | undefined {
  return stack[0] as AppUnderConstruction | undefined;
}

/**
 * Builds `root` as an app of its own, whatever is being built around it: a gr.render fn runs while the
 * server serves, and must never land its blocks in another app that happens to be under construction.
 */
export function buildDetached<T extends AppUnderConstruction>(root: T, build: (root: T) => void): T {
  const outer = stack.splice(0, stack.length);
  try {
    return buildInside(root, build);
  } finally {
    stack.splice(0, stack.length, ...outer);
  }
}

/** Runs `make` with no app or container being built, so the blocks it creates land nowhere. */
export function outsideAnyApp<T>(make: () => T): T {
  const outer = stack.splice(0, stack.length);
  try {
    return make();
  } finally {
    stack.splice(0, stack.length, ...outer);
  }
}

export function buildInside<T extends Container>(container: T, build: (container: T) => void): T {
  stack.push(container);
  try {
    build(container);
  } finally {
    stack.pop();
  }
  return container;
}
