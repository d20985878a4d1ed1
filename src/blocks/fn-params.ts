/**
 * Parameter names of a JavaScript function, read from its source text. The API lists them so callers can
 * pass keyword arguments (`predict("/greet", { name: "Ada" })`). Anything unusual (destructuring, rest)
 * yields `null` for that position and the caller falls back to `param_<i>`.
 */
export function fnParameterNames(fn: ((...args: never[]) => unknown) | null): (string | null)[] {
  if (!fn) return [];
  const source = Function.prototype.toString.call(fn);
  const list = parameterList(source);
  if (list === null) return [];
  const names = splitTopLevel(list).map((param) => /^\s*([\p{L}_$][\p{L}\p{N}_$]*)\s*(=|$)/u.exec(param)?.[1] ?? null);
  return names.map((name) => (name === null ? null : undoCollisionRename(name, names)));
}

/**
 * TypeScript runners (tsx, esbuild) rename a parameter that shadows an outer variable by appending
 * 2, 3, …: `(name) => …` inside a scope that also has `const name` reads back as `name2`. Blocks apps
 * do that all the time (`const name = new gr.Textbox()`), so the suffix is taken off again when no
 * other parameter has the plain name.
 */
function undoCollisionRename(name: string, all: readonly (string | null)[]): string {
  const match = /^(.*\D)([2-9]|[1-9]\d+)$/.exec(name);
  if (!match || all.includes(match[1]!)) return name;
  return match[1]!;
}

function parameterList(source: string): string | null {
  const arrowSingle = /^\s*(?:async\s+)?([\p{L}_$][\p{L}\p{N}_$]*)\s*=>/u.exec(source);
  if (arrowSingle) return arrowSingle[1]!;
  const open = source.indexOf("(");
  if (open < 0) return null;
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const ch = source[i];
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") {
      depth--;
      if (depth === 0) return source.slice(open + 1, i);
    }
  }
  return null;
}

function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of list) {
    if ("([{".includes(ch)) depth++;
    if (")]}".includes(ch)) depth--;
    if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  if (current.trim()) parts.push(current);
  return parts;
}
