import type { EventHandle, EventOptions, Inputs } from "../blocks/events.js";
import { listen } from "../blocks/events.js";
import { AppConfigError, refuseUnbuiltOptions } from "../errors.js";
import { parseTemplate, TemplateSyntaxError } from "../protocol/html-template.js";
import { expectString } from "./payload.js";
import { Component, type ComponentOptions, type JsonSchema } from "./component.js";

/** What a gr.HTML holds: HTML text, or any JSON value its `htmlTemplate` shows (a rating, a list...). */
export type HtmlValue = string | number | boolean | readonly unknown[] | { readonly [key: string]: unknown };

export interface HtmlOptions<V extends HtmlValue = string> extends ComponentOptions<V> {
  /**
   * The HTML shown, with `${value}` (and `${name}` for each of `props`) filled in; also `{{name}}`
   * (escaped), `{{#if name}}…{{else}}…{{/if}}` and `{{#each name}}…{{this}}…{{/each}}`. Gradio runs it as
   * JavaScript; here only these forms are filled (no code runs), others are refused when the HTML is made.
   * The filled HTML is sanitized in the page, as every gr.HTML value is.
   */
  htmlTemplate?: string;
  /** CSS for this component only, filled like `htmlTemplate`; declarations outside a rule style its root. */
  cssTemplate?: string;
  /**
   * The name of a function exported by the app's `jsModule` (`Blocks({ jsModule })`), called once the HTML
   * is in the page with `{ element, props, trigger, watch }`: `trigger("submit", data)` fires this
   * component's event (listened to with `.on("submit", ...)`), `props.value = 4` changes its value.
   * A change re-renders the template, replacing the nodes inside `element`: listen on `element` itself.
   * Gradio takes the code itself; the page's CSP runs no code from strings, so it lives in the module.
   */
  jsOnLoad?: string | null;
  applyDefaultCss?: boolean;
  padding?: boolean;
  autoscroll?: boolean;
  minHeight?: number | string;
  maxHeight?: number | string;
  /** Values the templates name besides `value` (Gradio's extra keyword arguments). */
  props?: Readonly<Record<string, unknown>>;
}

const UNBUILT = ["head", "serverFunctions", "buttons", "every", "inputs"] as const;

/** HTML shown in the page; the browser sanitizes it (no scripts run on the app's origin). */
export class HTML<V extends HtmlValue = string> extends Component<V> {
  readonly type = "html";
  readonly htmlOptions: HtmlOptions<V>;

  constructor(valueOrOptions: V | HtmlOptions<V> = {} as HtmlOptions<V>) {
    const options: HtmlOptions<V> =
      typeof valueOrOptions === "string" ? { value: valueOrOptions } : (valueOrOptions as HtmlOptions<V>);
    super(options);
    this.htmlOptions = options;
    refuseUnbuiltOptions("HTML", options, UNBUILT);
    checkTemplate("htmlTemplate", options.htmlTemplate);
    checkTemplate("cssTemplate", options.cssTemplate);
    if (options.jsOnLoad !== undefined && options.jsOnLoad !== null && !/^[A-Za-z_$][\w$]*$/.test(options.jsOnLoad))
      throw new AppConfigError(
        `HTML: jsOnLoad must name a function the app's jsModule exports (like "starRating"), got ` +
          `${JSON.stringify(options.jsOnLoad.slice(0, 60))}: the page runs no code given as a string.`,
      );
  }

  override props() {
    const o = this.htmlOptions;
    return {
      ...super.props(),
      value: o.value ?? "",
      htmlTemplate: o.htmlTemplate ?? "${value}",
      cssTemplate: o.cssTemplate ?? "",
      jsOnLoad: o.jsOnLoad ?? null,
      applyDefaultCss: o.applyDefaultCss ?? true,
      showLabel: o.showLabel ?? false,
      container: o.container ?? false,
      padding: o.padding ?? false,
      autoscroll: o.autoscroll ?? false,
      minHeight: o.minHeight,
      maxHeight: o.maxHeight,
      props: o.props ?? {},
      componentClassName: "HTML",
    };
  }

  apiInfo(): JsonSchema {
    return this.htmlOptions.htmlTemplate === undefined ? { type: "string" } : {};
  }

  exampleInput() {
    return "<p>Hello</p>";
  }

  preprocess(payload: unknown): V | null {
    if (payload === null || payload === undefined) return null;
    // With a template the value is whatever the template shows (a number of stars...); else HTML text.
    return (this.htmlOptions.htmlTemplate === undefined ? expectString(payload) : payload) as V;
  }

  postprocess(value: V | null | undefined): V | null {
    if (value === null || value === undefined) return null;
    return typeof value === "string" || this.htmlOptions.htmlTemplate !== undefined ? value : (String(value) as V);
  }

  click<const I extends Inputs>(options: EventOptions<I>): EventHandle {
    return listen(this, "click", options);
  }

  /** An event the page fires with `trigger(event, data)` from `jsOnLoad` (Gradio's `html.submit(...)`...). */
  on<const I extends Inputs>(event: string, options: EventOptions<I>): EventHandle {
    if (!/^[a-z_][a-z0-9_]*$/i.test(event))
      throw new AppConfigError(`HTML: event names are words (like "submit"), got ${JSON.stringify(event)}.`);
    return listen(this, event, options);
  }
}

function checkTemplate(option: string, template: string | undefined): void {
  if (template === undefined) return;
  try {
    parseTemplate(template);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) throw new AppConfigError(`HTML ${option}: ${error.message}.`);
    throw error;
  }
}
