/**
 * gr.HTML's templates (`htmlTemplate`, `cssTemplate`), filled without running any code: Gradio evaluates
 * them as JavaScript template strings, which the page's CSP (no eval) forbids, so this is a small
 * interpreter of the part of that syntax a template needs to show values:
 *
 * - `${name}` and `${name.field}`: a value, inserted as it is (`value`, or a prop the component was given);
 * - `{{name}}`: the same, HTML-escaped (Handlebars);
 * - `{{#if name}}…{{else}}…{{/if}}` and `{{#each name}}…{{this}}…{{@index}}…{{/each}}`.
 *
 * Anything else between `${` and `}` (calls, operators, nested template strings) is refused when the
 * component is made, with the expression named. Shared by the server (which checks) and the page (which
 * fills); the page sanitizes the filled HTML like any gr.HTML value.
 */

export type TemplateNode =
  | { kind: "text"; text: string }
  | { kind: "value"; path: string[]; escape: boolean }
  | { kind: "if"; path: string[]; then: TemplateNode[]; otherwise: TemplateNode[] }
  | { kind: "each"; path: string[]; body: TemplateNode[] };

export class TemplateSyntaxError extends Error {
  override readonly name = "TemplateSyntaxError";
}

const NAME = /^[A-Za-z_$][\w$]*$/;
const isPath = (expression: string) =>
  expression === "@index" || expression.split(".").every((part) => NAME.test(part));
const TOKEN = /\$\{([^}]*)\}|\{\{\s*([^}]*?)\s*\}\}/g;

type Token = { kind: "text"; text: string } | { kind: "value" | "mustache"; expression: string; source: string };

function tokenize(template: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const match of template.matchAll(TOKEN)) {
    if (match.index > last) tokens.push({ kind: "text", text: template.slice(last, match.index) });
    const dollar = match[1];
    if (dollar !== undefined) tokens.push({ kind: "value", expression: dollar.trim(), source: match[0] });
    else tokens.push({ kind: "mustache", expression: match[2]!, source: match[0] });
    last = match.index + match[0].length;
  }
  if (last < template.length) tokens.push({ kind: "text", text: template.slice(last) });
  return tokens;
}

function pathOf(expression: string, source: string): string[] {
  if (!isPath(expression))
    throw new TemplateSyntaxError(
      `${source} is not supported: a template may only name a value (\${value}, \${name}, \${name.field}), ` +
        "{{name}}, {{#if name}}…{{else}}…{{/if}} or {{#each name}}…{{this}}…{{/each}}; compute anything else in the fn",
    );
  return expression.split(".");
}

/** The template's parts; throws TemplateSyntaxError naming the first construct it cannot fill. */
export function parseTemplate(template: string): TemplateNode[] {
  const tokens = tokenize(template);
  let at = 0;
  const block = (closer: string | null): { nodes: TemplateNode[]; otherwise: TemplateNode[] | null } => {
    const nodes: TemplateNode[] = [];
    let otherwise: TemplateNode[] | null = null;
    let current = nodes;
    while (at < tokens.length) {
      const token = tokens[at++]!;
      if (token.kind === "text") current.push({ kind: "text", text: token.text });
      else if (token.kind === "value")
        current.push({ kind: "value", path: pathOf(token.expression, token.source), escape: false });
      else {
        const [word = "", ...rest] = token.expression.split(/\s+/);
        const argument = rest.join(" ");
        if (word === "/if" || word === "/each") {
          if (closer !== word) throw new TemplateSyntaxError(`${token.source} closes nothing`);
          return { nodes, otherwise };
        }
        if (word === "else" && closer === "/if" && otherwise === null) current = otherwise = [];
        else if (word === "#if") {
          const path = pathOf(argument, token.source);
          const inner = block("/if");
          current.push({ kind: "if", path, then: inner.nodes, otherwise: inner.otherwise ?? [] });
        } else if (word === "#each") {
          const path = pathOf(argument, token.source);
          current.push({ kind: "each", path, body: block("/each").nodes });
        } else if (rest.length === 0) current.push({ kind: "value", path: pathOf(word, token.source), escape: true });
        else pathOf(token.expression, token.source);
      }
    }
    if (closer !== null)
      throw new TemplateSyntaxError(`a {{${closer.replace("/", "#")} …}} is never closed with {{${closer}}}`);
    return { nodes, otherwise };
  };
  return block(null).nodes;
}

export type TemplateScope = Readonly<Record<string, unknown>>;

function lookup(path: readonly string[], scope: TemplateScope): unknown {
  let current: unknown = path[0] === "this" ? scope.this : scope[path[0]!];
  for (const key of path.slice(1)) {
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** What `${…}` prints: JavaScript's template-string conversion, except that null and undefined print nothing. */
function show(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The filled template; `transform` is applied to every inserted value (the CSS filler strips breakouts). */
export function fillTemplate(
  nodes: readonly TemplateNode[],
  scope: TemplateScope,
  transform: (text: string) => string = (text) => text,
): string {
  let out = "";
  for (const node of nodes) {
    if (node.kind === "text") out += node.text;
    else if (node.kind === "value") {
      const text = transform(show(lookup(node.path, scope)));
      out += node.escape ? escapeHtml(text) : text;
    } else if (node.kind === "if") {
      const test = lookup(node.path, scope);
      const truthy = Array.isArray(test) ? test.length > 0 : Boolean(test);
      out += fillTemplate(truthy ? node.then : node.otherwise, scope, transform);
    } else {
      const items = lookup(node.path, scope);
      if (!Array.isArray(items)) continue;
      items.forEach((item, index) => {
        out += fillTemplate(node.body, { ...scope, this: item, "@index": index }, transform);
      });
    }
  }
  return out;
}
