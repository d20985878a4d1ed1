/**
 * Parameter names of a JavaScript function, read from its source text. The API lists them so callers can
 * pass keyword arguments (`predict("/greet", { name: "Ada" })`), and Interface labels its inputs with
 * them, exactly as written (Gradio keeps `num2` and `marital_status`). Anything unusual (destructuring,
 * rest) yields `null` for that position and the caller falls back to `param_<i>`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

type AnyFn = (...args: never[]) => unknown;

/** The app file that handed us a fn whose names may have been renamed (see `undoCollisionRename`). */
const definitionSites = new WeakMap<AnyFn, string>();
const sourceTexts = new Map<string, string | null>();
const OWN_DIR = path.resolve(import.meta.dirname, "..");

export function fnParameterNames(fn: AnyFn | null): (string | null)[] {
  if (!fn) return [];
  const source = Function.prototype.toString.call(fn);
  const names = namesAsPrinted(source);
  const site = definitionSites.get(fn);
  return names.map((name) => (name === null ? null : undoCollisionRename(name, names, source, site)));
}

function namesAsPrinted(source: string): (string | null)[] {
  const list = parameterList(source);
  if (list === null) return [];
  return splitTopLevel(list).map((param) => /^\s*([\p{L}_$][\p{L}\p{N}_$]*)\s*(=|$)/u.exec(param)?.[1] ?? null);
}

/**
 * Remembers which app file passed `fn` in (the first caller outside this package), for the rare fn whose
 * parameter names could be a runner's renames. Call it where the app hands a fn over, while the app's
 * own code is still on the stack.
 */
export function noteDefinitionSite(fn: AnyFn | null | undefined): void {
  if (!fn || definitionSites.has(fn)) return;
  const names = namesAsPrinted(Function.prototype.toString.call(fn));
  if (!names.some((name) => name !== null && renamedStem(name) !== null)) return;
  const file = callerFile(new Error().stack ?? "");
  if (file) definitionSites.set(fn, file);
}

/**
 * TypeScript runners (tsx, esbuild) rename a parameter that shadows an outer variable by appending
 * 2, 3, …: `(name) => …` inside a scope that also has `const name` reads back as `name2`. Blocks apps
 * do that all the time (`const name = new gr.Textbox()`), so such a suffix is taken off again — but
 * only when the name is not the author's own: when the app's source file never spells it, or, without
 * that file, when the fn text is the runner's compact printing and no sibling parameter shares the stem
 * (`num1, num2` are the author's).
 */
function undoCollisionRename(
  name: string,
  all: readonly (string | null)[],
  source: string,
  site: string | undefined,
): string {
  const stem = renamedStem(name);
  if (stem === null || all.includes(stem)) return name;
  const original = site === undefined ? null : sourceText(site);
  if (original !== null) return spellsIdentifier(original, name) ? name : stem;
  const head = source.slice(0, source.search(/=>|\{/)).trimStart();
  const compact = !/\s/.test(
    head.slice(head.startsWith("async") || head.startsWith("function") ? head.indexOf("(") : 0),
  );
  const siblings = all.some((other) => other !== null && other !== name && renamedStem(other) === stem);
  const numbered = all.some(
    (other) => other !== null && other !== name && other.startsWith(stem) && /^\d+$/.test(other.slice(stem.length)),
  );
  return compact && !siblings && !numbered ? stem : name;
}

function renamedStem(name: string): string | null {
  return /^(.*\D)([2-9]|[1-9]\d+)$/.exec(name)?.[1] ?? null;
}

const IDENTIFIER_CHAR = /[\p{L}\p{N}_$]/u;

function spellsIdentifier(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const before = text[at - 1] ?? " ";
    const after = text[at + name.length] ?? " ";
    if (!IDENTIFIER_CHAR.test(before) && !IDENTIFIER_CHAR.test(after)) return true;
  }
  return false;
}

function sourceText(file: string): string | null {
  if (!sourceTexts.has(file)) {
    let text: string | null = null;
    try {
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- the app's own source file (from the stack at build time)
      text = readFileSync(file, "utf8");
    } catch {
      // gone or unreadable: fall back to reading the fn text alone
    }
    sourceTexts.set(file, text);
  }
  return sourceTexts.get(file)!;
}

/** The first stack frame's file that is neither this package nor Node itself. */
function callerFile(stack: string): string | null {
  for (const line of stack.split("\n").slice(1)) {
    const match = /\(?((?:file:\/\/)?[^\s()]+?):\d+:\d+\)?\s*$/.exec(line);
    if (!match) continue;
    let file = match[1]!;
    if (file.startsWith("node:") || file.startsWith("internal/")) continue;
    if (file.startsWith("file://")) file = fileURLToPath(file);
    if (
      !path.isAbsolute(file) ||
      file.startsWith(OWN_DIR + path.sep) ||
      file.includes(`${path.sep}node_modules${path.sep}`)
    )
      continue;
    return file;
  }
  return null;
}

function parameterList(source: string): string | null {
  // eslint-disable-next-line security/detect-unsafe-regex -- reads the developer's own fn source, never a caller's; and linear: `async` and `=>` delimit it
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
