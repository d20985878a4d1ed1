/**
 * Which `gr.State` values an event changed, for `changed_state_ids`: the browser then fires the
 * `.change` listeners of those States (and re-runs the gr.render fns that read them). As in Gradio,
 * only States that are outputs of the event and have a `change` listener are watched, and a value
 * counts as changed when its content differs from before the fn ran (an in-place edit counts).
 */
import { State } from "../components/state.js";
import type { QueuedCall } from "./queued-call.js";
import type { RenderStore } from "./renders.js";
import type { StateStore } from "./session-state.js";

/** What a value holds, comparable across time: its JSON (Maps, Sets and bigints included), or itself. */
type Fingerprint = string | { readonly itself: unknown };

function fingerprint(value: unknown): Fingerprint {
  try {
    return (
      JSON.stringify(value, (_key, item: unknown) => {
        if (item instanceof Map) return { "[Map]": [...item.entries()] };
        if (item instanceof Set) return { "[Set]": [...item.values()] };
        return typeof item === "bigint" ? `[bigint ${item}]` : item;
      }) ?? "[undefined]"
    );
  } catch {
    // A cycle: only a different object counts as a change.
    return { itself: value };
  }
}

function same(a: Fingerprint | undefined, b: Fingerprint): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  return a?.itself === b.itself;
}

export class StateChanges {
  readonly #fingerprints = new Map<number, Fingerprint>();

  /** Notes the value of each watched State of the event before its fn runs. */
  static async before(job: QueuedCall, states: StateStore, renders: RenderStore): Promise<StateChanges> {
    const changes = new StateChanges();
    for (const output of job.dependency.outputs) {
      if (!(output instanceof State) || changes.#fingerprints.has(output.id)) continue;
      if (!renders.watchesChange(job.request.sessionHash, output.id)) continue;
      changes.#fingerprints.set(output.id, fingerprint(await states.get(job.request.sessionHash, output)));
    }
    return changes;
  }

  /** The watched States whose value `stored` (a step's new State values) changed; those become the new reference. */
  changed(stored: ReadonlyMap<number, unknown>): number[] {
    const ids: number[] = [];
    for (const [id, value] of stored) {
      if (!this.#fingerprints.has(id)) continue;
      const next = fingerprint(value);
      if (!same(this.#fingerprints.get(id), next)) ids.push(id);
      this.#fingerprints.set(id, next);
    }
    return ids;
  }
}
