/**
 * Edits that turn one generator output into the next (Gradio's sse_v2+ diff format), so a long
 * streamed text costs only its new characters on the wire. Pure.
 */
export type Edit = ["replace" | "append" | "add" | "delete", (string | number)[], unknown];

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function diff(previous: unknown, next: unknown, path: (string | number)[] = []): Edit[] {
  if (previous === next) return [];
  if (typeof previous === "string" && typeof next === "string") {
    return next.startsWith(previous) ? [["append", path, next.slice(previous.length)]] : [["replace", path, next]];
  }
  if (Array.isArray(previous) && Array.isArray(next)) {
    const edits: Edit[] = [];
    const common = Math.min(previous.length, next.length);
    for (let i = 0; i < common; i++) edits.push(...diff(previous[i], next[i], [...path, i]));
    for (let i = common; i < previous.length; i++) edits.push(["delete", [...path, common], null]);
    for (let i = common; i < next.length; i++) edits.push(["add", [...path, i], next[i]]);
    return edits;
  }
  if (isPlainObject(previous) && isPlainObject(next)) {
    const edits: Edit[] = [];
    for (const key of Object.keys(previous)) {
      if (key in next) edits.push(...diff(previous[key], next[key], [...path, key]));
      else edits.push(["delete", [...path, key], null]);
    }
    for (const key of Object.keys(next)) if (!(key in previous)) edits.push(["add", [...path, key], next[key]]);
    return edits;
  }
  if (JSON.stringify(previous) === JSON.stringify(next)) return [];
  return [["replace", path, next]];
}

/** Applies edits to a value, as the clients do. Used by our own client and to test `diff`. */
export function applyDiff(value: unknown, edits: readonly Edit[]): unknown {
  let root = structuredClone(value);
  for (const [action, path, change] of edits) {
    if (path.length === 0) {
      root = action === "append" ? (root as string) + (change as string) : change;
      continue;
    }
    const parent = path
      .slice(0, -1)
      .reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root) as Record<
      string | number,
      unknown
    >;
    const key = path[path.length - 1]!;
    if (action === "replace") parent[key] = change;
    else if (action === "append") parent[key] = (parent[key] as string) + (change as string);
    else if (action === "add") {
      if (Array.isArray(parent)) (parent as unknown[]).splice(key as number, 0, change);
      else parent[key] = change;
    } else if (Array.isArray(parent)) (parent as unknown[]).splice(key as number, 1);
    else delete parent[key];
  }
  return root;
}
