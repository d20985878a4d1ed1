/**
 * gr.HTML (a chunk of its own, loaded when an app uses it): the template filled from the value and props
 * without running code, sanitized; the CSS template scoped to this block through a constructed sheet
 * (the CSP allows no style elements); `jsOnLoad` called from the app's jsModule with this element.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { fillTemplate, parseTemplate, type TemplateNode } from "../../../src/protocol/html-template.js";
import { Frame, Label as BlockLabel, text, useDispatcher, useProps } from "../block.js";

let sanitizer: Promise<typeof import("../sanitize.js")> | null = null;
const loadSanitizer = () => (sanitizer ??= import("../sanitize.js"));

function parsed(template: string): TemplateNode[] {
  try {
    return parseTemplate(template);
  } catch {
    // The server refused such templates at launch; an update carrying one shows nothing rather than code.
    return [];
  }
}

/** What a value may put in CSS: nothing that ends a rule, opens one, or starts an at-rule or a comment. */
const cssSafe = (value: string) => value.replace(/[{}<>;@\\]|\/\*/g, "");

export function Html({ id }: { id: number }) {
  const props = useProps(id);
  const dispatcher = useDispatcher();
  const root = useRef<HTMLDivElement>(null);
  const scope = useMemo(() => {
    const extra = typeof props.props === "object" && props.props !== null ? props.props : {};
    return { ...(extra as Record<string, unknown>), value: props.value, label: props.label };
  }, [props.props, props.value, props.label]);
  const htmlNodes = useMemo(() => parsed(text(props.html_template, "${value}")), [props.html_template]);
  const cssNodes = useMemo(() => parsed(text(props.css_template)), [props.css_template]);
  const filled = fillTemplate(htmlNodes, scope);
  const [html, setHtml] = useState<string | null>(null);
  const watchers = useRef<{ names: string[]; callback: () => void }[]>([]);

  useEffect(() => {
    let current = true;
    void loadSanitizer().then((module) => current && setHtml(module.sanitizeHtml(filled)));
    return () => {
      current = false;
    };
  }, [filled]);

  const scopeClass = `html-scope-${id}`;
  const css = fillTemplate(cssNodes, scope, cssSafe);
  useEffect(() => {
    if (!css.trim()) return;
    let sheet: CSSStyleSheet | null = null;
    void loadSanitizer().then(({ safeStyle }) => {
      sheet = scopedSheet(css, `.${scopeClass}`, safeStyle);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    });
    return () => {
      if (sheet) document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  }, [css, scopeClass]);

  // After each render of new content, the watchers of the props that changed run (Gradio's `watch`).
  const previous = useRef<Record<string, unknown>>({});
  useEffect(() => {
    if (html === null) return;
    const now: Record<string, unknown> = { ...scope };
    for (const { names, callback } of watchers.current)
      if (names.some((name) => previous.current[name] !== now[name])) callback();
    previous.current = now;
  }, [html, scope]);

  const jsOnLoad = typeof props.js_on_load === "string" ? props.js_on_load : null;
  const loaded = html !== null;
  useEffect(() => {
    const element = root.current;
    if (!jsOnLoad || !loaded || !element) return;
    const live = new Proxy({} as Record<string, unknown>, {
      get: (_target, key) =>
        key === "value" ? dispatcher.store.props(id).value : scopeOf(dispatcher, id)[key as string],
      set: (_target, key, value: unknown) => {
        if (key === "value") dispatcher.setValue(id, value, true);
        else dispatcher.store.set(id, { props: { ...scopeOf(dispatcher, id), [key as string]: value } });
        return true;
      },
    });
    const api = {
      element,
      props: live,
      trigger: (event: string, data: unknown = null) => dispatcher.trigger(id, event, data),
      watch: (names: string | string[], callback: () => void) => {
        watchers.current.push({ names: Array.isArray(names) ? names : [names], callback });
      },
    };
    dispatcher.jsExport(jsOnLoad).then(
      (fn) => fn(api),
      (error: Error) =>
        dispatcher.toasts.show({ level: "error", title: "Error", message: error.message, duration: null }),
    );
    // Once per element, as Gradio runs js_on_load once.
  }, [jsOnLoad, loaded]);

  const onClick = () => {
    // Gradio's default js_on_load: a click on the HTML fires its "click" event.
    if (!jsOnLoad) dispatcher.trigger(id, "click");
  };
  return (
    <Frame id={id} type="html" props={{ ...props, container: props.container === true }}>
      {props.show_label === true && <BlockLabel props={props} fallback="HTML" as="span" />}
      <div ref={root} class={`html ${scopeClass}`} onClick={onClick} dangerouslySetInnerHTML={{ __html: html ?? "" }} />
    </Frame>
  );
}

function scopeOf(dispatcher: ReturnType<typeof useDispatcher>, id: number): Record<string, unknown> {
  const extra = dispatcher.store.props(id).props;
  return typeof extra === "object" && extra !== null ? (extra as Record<string, unknown>) : {};
}

/**
 * The CSS with every rule's selectors inside `scope`, and declarations outside any rule on `scope`
 * itself, as Gradio scopes a css_template; each rule's declarations pass the page's style check.
 */
function scopedSheet(css: string, scope: string, safeStyle: (style: string) => string): CSSStyleSheet {
  const loose: string[] = [];
  const rules: string[] = [];
  // Top-level `selector { body }` rules; text between them is loose declarations.
  const pattern = /([^{}]*)\{([^{}]*)\}/g;
  let last = 0;
  for (const match of css.matchAll(pattern)) {
    const before = match[1]!;
    const cut = Math.max(before.lastIndexOf(";"), -1);
    loose.push(css.slice(last, match.index) + before.slice(0, cut + 1));
    const selectors = before.slice(cut + 1).trim();
    const scoped = selectors
      .split(",")
      .map((selector) => selector.trim())
      .filter(Boolean)
      .map((selector) => (selector === ":root" || selector === ":host" ? scope : `${scope} ${selector}`))
      .join(", ");
    if (scoped) rules.push(`${scoped} { ${safeStyle(match[2]!)} }`);
    last = match.index + match[0].length;
  }
  loose.push(css.slice(last));
  const declarations = safeStyle(loose.join(" "));
  const sheet = new CSSStyleSheet();
  sheet.replaceSync([declarations ? `${scope} { ${declarations} }` : "", ...rules].join("\n"));
  return sheet;
}
